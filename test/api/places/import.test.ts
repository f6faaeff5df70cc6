import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { parseHouseholdsCsv } from '../../../src/server/features/places/csv'
import { IMPORT_MAX_BYTES } from '../../../src/shared/places'
import { auditRowsOf, makeWorld, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const importCsv = (user: TestUser, communityId: string, text: string, contentType = 'text/csv; charset=utf-8') =>
  call(h.app, 'POST', `/api/communities/${communityId}/households/import`, {
    token: user.token,
    body: text,
    headers: { 'content-type': contentType },
  })

describe('reading a households table', () => {
  it('takes a BOM, CRLF, a header, quotes, full-width commas and digits, tabs and area units', () => {
    const text = [
      '\uFEFF楼栋,单元,房号,面积',
      '1号楼,1单元,101,89.5',
      '"2号楼, 东",2单元,"20""1",',
      '3号楼，3单元，３０１，100㎡',
      '4号楼\t\t401\t66.25平方米',
      '',
      '5号楼,,501',
    ].join('\r\n')
    expect(parseHouseholdsCsv(text)).toEqual({
      rows: [
        { line: 2, building: '1号楼', unit: '1单元', room: '101', areaM2: '89.5' },
        { line: 3, building: '2号楼, 东', unit: '2单元', room: '20"1', areaM2: null },
        { line: 4, building: '3号楼', unit: '3单元', room: '301', areaM2: '100' },
        { line: 5, building: '4号楼', unit: '', room: '401', areaM2: '66.25' },
        { line: 7, building: '5号楼', unit: '', room: '501', areaM2: null },
      ],
      errors: [],
      tooMany: false,
    })
  })

  it('reports every bad row by its line, in Chinese, and a household given twice on its second line', () => {
    const text =
      '1号楼,1单元,101,abc\n,1单元,102,80\n1号楼,1单元,,80\n1号楼,1,103,80,多余\n1号楼,1单元,104,0\n1号楼,1单元,105,80\n1号楼,1单元,105,81\n1号楼\n'
    const { rows, errors } = parseHouseholdsCsv(text)
    expect(rows.map((r) => r.line)).toEqual([6])
    expect(errors.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 7, 8])
    for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(errors.find((e) => e.line === 7)!.message).toMatch(/第6行/)
    // No header: the first line is a row like any other.
    expect(parseHouseholdsCsv('1号楼,1单元,101,80').rows).toHaveLength(1)
  })
})

describe('POST /api/communities/:id/households/import', () => {
  it('keeps the good rows, skips households already there, reports the bad ones, audited', async () => {
    const w = await makeWorld(h)
    const base = `/api/communities/${w.communityId}`
    expect(
      (
        await call(h.app, 'POST', `${base}/households`, {
          token: w.staff.token,
          body: { building: 'A座', room: '101' },
        })
      ).status,
    ).toBe(201)

    const text = '\uFEFF楼栋,单元,房号,面积\r\nA座,,101,80\r\nA座,,102,81.5\r\nB座,1单元,201,\r\nB座,1单元,202,abc\r\n'
    const reply = await importCsv(w.staff, w.communityId, text)
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    expect(reply.body).toEqual({
      created: 2,
      skipped: 1,
      errors: [{ line: 5, message: expect.stringMatching(/面积/) }],
    })
    const rows = await h.db.query<{ name: string; room: string; area_m2: string | null }>(
      sql`SELECT b.name, x.room, x.area_m2::text FROM households x JOIN buildings b ON b.id = x.building_id
       WHERE x.community_id = ${w.communityId} AND b.name IN ('A座', 'B座') ORDER BY b.name, x.room`,
    )
    expect(rows).toEqual([
      { name: 'A座', room: '101', area_m2: null },
      { name: 'A座', room: '102', area_m2: '81.50' },
      { name: 'B座', room: '201', area_m2: null },
    ])
    expect(await auditRowsOf(h, w.communityId, 'household.imported')).toMatchObject([
      { actor_id: w.staff.id, after: { rows: 3, created: 2, skipped: 1, errors: 1 } },
    ])

    // Again: all there already.
    const again = await importCsv(w.staff, w.communityId, text)
    expect(again.body).toMatchObject({ created: 0, skipped: 3 })
    // The JSON form, as the mini-program sends it.
    const json = await call(h.app, 'POST', `${base}/households/import`, {
      token: w.staff.token,
      body: { csv: 'C座,,101,60' },
    })
    expect(json.body).toEqual({ created: 1, skipped: 0, errors: [] })
  })

  it('refuses other callers, an empty table, a body too large, and a type it does not read', async () => {
    const w = await makeWorld(h)
    for (const user of [w.resident, w.foreignStaff]) {
      expect((await importCsv(user, w.communityId, 'A座,,101,80')).status).toBe(403)
    }
    expect((await importCsv(w.admin, crypto.randomUUID(), 'A座,,101,80')).status).toBe(404)
    const empty = await importCsv(w.staff, w.communityId, '楼栋,单元,房号,面积\r\n\r\n')
    expect(empty.status).toBe(400)
    expect(empty.body.error.message).toMatch(/没有住户/)
    const huge = await importCsv(w.staff, w.communityId, 'A座,,101,80\n'.repeat(IMPORT_MAX_BYTES / 8))
    expect(huge.status).toBe(413)
    const tooMany = await importCsv(
      w.staff,
      w.communityId,
      Array.from({ length: 5001 }, (_, i) => `D座,,${i},`).join('\n'),
    )
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.error.message).toMatch(/5000/)
    expect((await importCsv(w.staff, w.communityId, 'A座,,101,80', 'application/xml')).status).toBe(400)
    expect(
      await h.db.query(sql`SELECT 1 FROM buildings WHERE community_id = ${w.communityId} AND name <> '1号楼'`),
    ).toEqual([])
  })

  it('2,000 households in one request, in one statement', async () => {
    const w = await makeWorld(h)
    const lines = ['楼栋,单元,房号,面积']
    for (let b = 1; b <= 20; b++) {
      for (let u = 1; u <= 4; u++) {
        for (let r = 1; r <= 25; r++) lines.push(`${b}栋,${u}单元,${Math.ceil(r / 2)}0${(r % 2) + 1},${60 + r}.5`)
      }
    }
    const text = lines.join('\r\n')
    expect(Buffer.byteLength(text)).toBeLessThan(IMPORT_MAX_BYTES)
    const started = performance.now()
    const reply = await importCsv(w.staff, w.communityId, text)
    const ms = Math.round(performance.now() - started)
    expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).toBe(200)
    expect(reply.body).toEqual({ created: 2000, skipped: 0, errors: [] })
    console.info(`[import] 2,000 households (${Buffer.byteLength(text)} bytes) on ${h.db.kind}: ${ms} ms`)
    const [count] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM households WHERE community_id = ${w.communityId}`,
    )
    expect(count!.n).toBe(2000 + 2)
  })
})
