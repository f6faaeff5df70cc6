import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { EXPORT_KINDS, type ExportKind } from '../../../src/shared/workbench'
import type { TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import {
  ADDRESS,
  AFTER_ALL,
  buildScene,
  expectError,
  FROM,
  NAMES,
  period,
  PHONE,
  STATION_PHONE,
  TEN_YEARS_TTL,
  TO,
  VOLUNTEER_PHONES,
  type Scene,
} from './scene'

/** The four CSV exports of the week scripted in scene.ts, parsed back and compared with what the script made. */

let h: Harness
let s: Scene

beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
  s = await buildScene(h)
})
afterAll(async () => {
  await h.close()
})

/** RFC 4180: fields separated by commas, records by CRLF; a quoted field may hold commas, CRLF and "" for a quote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i += 2
      } else if (ch === '"') {
        quoted = false
        i++
      } else {
        field += ch
        i++
      }
    } else if (ch === '"') {
      // A quote opens a field only at its start.
      expect(field, `stray quote at ${i}`).toBe('')
      quoted = true
      i++
    } else if (ch === ',') {
      record.push(field)
      field = ''
      i++
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      i += 2
    } else {
      expect(ch, `bare line break at ${i}`).not.toMatch(/[\r\n]/)
      field += ch
      i++
    }
  }
  expect(quoted, 'unterminated quote').toBe(false)
  expect(field === '' && record.length === 0, 'the last record ends with CRLF').toBe(true)
  return records
}

interface Download {
  status: number
  headers: Headers
  bytes: Uint8Array
  text: string
  header: string[]
  /** Each row as {column header: cell}. */
  rows: Record<string, string>[]
}

async function download(kind: ExportKind, user: TestUser = s.staff, query = period(s.communityId)): Promise<Download> {
  const response = await h.app.request(`/api/staff/export/${kind}.csv?${query}`, {
    headers: { authorization: `Bearer ${user.token}` },
  })
  const bytes = new Uint8Array(await response.arrayBuffer())
  expect(response.status, new TextDecoder().decode(bytes)).toBe(200)
  // Decoded keeping the BOM (TextDecoder drops it by default).
  const text = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(bytes)
  const [header, ...records] = parseCsv(text.slice(1))
  for (const r of records) expect(r).toHaveLength(header!.length)
  const rows = records.map((r) => Object.fromEntries(header!.map((name, i) => [name, r[i]!])))
  return { status: response.status, headers: response.headers, bytes, text, header: header!, rows }
}

const FILE_LABELS: Record<ExportKind, string> = {
  wishes: '心愿明细',
  'volunteer-hours': '志愿服务时长',
  bookings: '驿站预约明细',
  ballots: '议题投票汇总',
}

describe.each(EXPORT_KINDS)('%s.csv: the file', (kind) => {
  it('is UTF-8 with a BOM, text/csv, a download with a Chinese file name', async () => {
    h.clock.set(AFTER_ALL)
    const file = await download(kind)
    expect([...file.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const disposition = file.headers.get('content-disposition')!
    expect(disposition).toMatch(/^attachment; /)
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1]
    expect(decodeURIComponent(encoded!)).toBe(`${FILE_LABELS[kind]}_${s.communityName}_${FROM}至${TO}.csv`)
    // A plain ASCII name too, for clients that do not read filename*.
    expect(disposition).toMatch(new RegExp(`filename="${kind}_${FROM}_${TO}\\.csv"`))
    expect(file.headers.get('cache-control')).toBe('private, no-store')
  })

  it('never carries a phone number or an address (names are in full: only staff of the community export)', async () => {
    h.clock.set(AFTER_ALL)
    const { text } = await download(kind)
    for (const secret of [PHONE, ADDRESS, STATION_PHONE, ...VOLUNTEER_PHONES]) expect(text).not.toContain(secret)
    expect(text).not.toMatch(/(?<![\w-])1[3-9]\d{9}(?!\w)/)
    expect(text).not.toContain('**')
  })

  it('has nothing of another community', async () => {
    h.clock.set(AFTER_ALL)
    const { text } = await download(kind)
    for (const foreign of ['外社区', s.otherCommunityId, s.stations.stB, s.wishes.wForeign]) {
      expect(text).not.toContain(foreign)
    }
  })

  it('is refused to residents, volunteers, staff of another community and anonymous callers', async () => {
    const path = `/api/staff/export/${kind}.csv?${period(s.communityId)}`
    expectError(await call(h.app, 'GET', path), 401, 'UNAUTHENTICATED')
    for (const user of [s.owner1, s.volunteer1, s.foreignStaff]) {
      expectError(await call(h.app, 'GET', path, { token: user.token }), 403, 'FORBIDDEN')
    }
    expect((await download(kind, s.admin)).status).toBe(200)
  })

  it('refuses bad periods with 400', async () => {
    for (const query of [
      `communityId=${s.communityId}&from=2032-03-08&to=2032-03-07`,
      `communityId=${s.communityId}&from=2032-02-30&to=2032-03-07`,
      `communityId=${s.communityId}&from=2031-01-01&to=2032-03-07`,
      'from=2032-03-01&to=2032-03-07',
    ]) {
      const reply = await call(h.app, 'GET', `/api/staff/export/${kind}.csv?${query}`, { token: s.staff.token })
      expectError(reply, 400, 'VALIDATION_FAILED')
    }
  })

  it('is recorded in the audit log: who exported what', async () => {
    h.clock.set(AFTER_ALL)
    await download(kind)
    const [row] = await h.db.query<{ actor_role: string; community_id: string; after: unknown }>(
      sql`SELECT actor_role, community_id, after FROM audit_log
       WHERE actor_id = ${s.staff.id} AND action = 'stats.export' AND entity_id = ${kind} ORDER BY id DESC LIMIT 1`,
    )
    expect(row).toEqual({ actor_role: 'staff', community_id: s.communityId, after: { kind, from: FROM, to: TO } })
  })
})

describe('wishes.csv', () => {
  it('has one row per wish posted in the period, oldest first, with the owner by name', async () => {
    h.clock.set(AFTER_ALL)
    const { header, rows } = await download('wishes')
    expect(header).toEqual([
      '心愿编号',
      '标题',
      '描述',
      '类别',
      '状态',
      '发布人',
      '发布时间',
      '审核通过时间',
      '认领时间',
      '志愿者',
      '服务时长（小时）',
      '确认完成时间',
      '评分',
    ])
    const w = s.wishes
    expect(rows.map((r) => r['心愿编号'])).toEqual([w.w1, w.w2, w.w3, w.w7, w.w6, w.w4])
    expect(rows[0]).toEqual({
      心愿编号: w.w1,
      标题: '帮忙取药',
      描述: '请帮帮忙',
      类别: '助老',
      状态: '已完成',
      发布人: NAMES.owner1,
      发布时间: '2032-03-01 00:00',
      审核通过时间: '2032-03-01 01:00',
      认领时间: '2032-03-01 03:00',
      志愿者: NAMES.volunteer1,
      '服务时长（小时）': '2.0',
      确认完成时间: '2032-03-01 09:00',
      评分: '5',
    })
    // Commas and quotes in a title come back whole.
    expect(rows[1]).toMatchObject({
      标题: '买菜, 送到"3楼"',
      发布人: NAMES.owner2,
      状态: '已完成',
      志愿者: NAMES.volunteer2,
    })
    // So does a line break in a description; w3 is claimed by its second volunteer.
    expect(rows[2]).toMatchObject({ 描述: '周四上午\n需要推轮椅', 状态: '已认领', 志愿者: NAMES.volunteer2 })
    expect(rows[2]!['确认完成时间']).toBe('')
    // Cells that a spreadsheet would run as formulas are shown as text.
    expect(rows[3]).toMatchObject({ 标题: "'=SUM(A1:A9)", 状态: '未通过', 审核通过时间: '', 志愿者: '' })
    // The state as of the export: w6, posted in the period, was confirmed just after it.
    expect(rows[4]).toMatchObject({
      描述: "'-5度太冷了",
      状态: '已完成',
      '服务时长（小时）': '3.0',
      确认完成时间: '2032-03-08 00:00',
    })
    // Posted in the last minute of the period, approved ten minutes after it.
    expect(rows[5]).toMatchObject({
      标题: "'@所有人 求助搬家具",
      发布时间: '2032-03-07 23:59',
      审核通过时间: '2032-03-08 00:10',
      状态: '待认领',
    })
  })

  it('the raw file quotes what needs quoting and nothing else', async () => {
    h.clock.set(AFTER_ALL)
    const { text } = await download('wishes')
    expect(text).toContain(',"买菜, 送到""3楼""",')
    expect(text).toContain(',"周四上午\n需要推轮椅",')
    expect(text).toContain(",'=SUM(A1:A9),")
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFF心愿编号,标题,描述,类别,状态,发布人,发布时间,审核通过时间,认领时间,志愿者,服务时长（小时）,确认完成时间,评分',
    )
  })
})

describe('volunteer-hours.csv', () => {
  it('has what a certificate of volunteer service needs, one row per confirmed record', async () => {
    h.clock.set(AFTER_ALL)
    const { header, rows } = await download('volunteer-hours')
    expect(header).toEqual([
      '记录编号',
      '志愿者姓名',
      '服务内容',
      '服务类别',
      '服务说明',
      '服务日期',
      '服务时长（小时）',
      '确认人',
      '确认方式',
      '确认时间',
      '所属社区',
    ])
    const ids = await h.db.query<{ id: string; wish_id: string }>(
      sql`SELECT id, wish_id FROM volunteer_hours WHERE community_id = ${s.communityId}`,
    )
    const recordOf = (wishId: string) => ids.find((x) => x.wish_id === wishId)!.id
    // Confirmed in the period, oldest first: w1 (03-01 09:00), wBefore (03-02 23:30), w2 (03-03 13:00). Not w6 (03-08).
    expect(rows).toEqual([
      {
        记录编号: recordOf(s.wishes.w1),
        志愿者姓名: NAMES.volunteer1,
        服务内容: '帮忙取药',
        服务类别: '助老',
        服务说明: '药已送到家',
        服务日期: '2032-03-01',
        '服务时长（小时）': '2.0',
        // The resident who confirmed, by name: the certificate names who vouched for the service (issue #18).
        确认人: NAMES.owner1,
        确认方式: '心愿发布人确认',
        确认时间: '2032-03-01 09:00',
        所属社区: s.communityName,
      },
      {
        记录编号: recordOf(s.wishes.wBefore),
        志愿者姓名: NAMES.volunteer1,
        服务内容: '换个灯泡',
        服务类别: '助老',
        服务说明: '灯泡换好了',
        服务日期: '2032-03-01',
        '服务时长（小时）': '1.0',
        确认人: NAMES.owner2,
        确认方式: '心愿发布人确认',
        确认时间: '2032-03-02 23:30',
        所属社区: s.communityName,
      },
      {
        记录编号: recordOf(s.wishes.w2),
        志愿者姓名: NAMES.volunteer2,
        服务内容: '买菜, 送到"3楼"',
        服务类别: '助老',
        // The second fulfilment, after the dispute.
        服务说明: '鸡蛋也送到了',
        服务日期: '2032-03-03',
        '服务时长（小时）': '1.5',
        // Staff confirmed on the owner's behalf: named, as in the public timeline.
        确认人: NAMES.staff,
        确认方式: '社区工作人员代为确认',
        确认时间: '2032-03-03 13:00',
        所属社区: s.communityName,
      },
    ])
  })

  it('sums to the dashboard’s hours', async () => {
    h.clock.set(AFTER_ALL)
    const { rows } = await download('volunteer-hours')
    const stats = await call(h.app, 'GET', `/api/staff/stats?${period(s.communityId)}`, { token: s.staff.token })
    expect(rows.reduce((sum, r) => sum + Number(r['服务时长（小时）']), 0)).toBe(stats.body.volunteerHours.total)
    expect(new Set(rows.map((r) => r['志愿者姓名'])).size).toBe(stats.body.volunteerHours.volunteers)
  })
})

describe('bookings.csv', () => {
  it('has one row per booking of a slot in the period, with the holder by name and no-shows read as such', async () => {
    h.clock.set(AFTER_ALL)
    const { header, rows } = await download('bookings')
    expect(header).toEqual([
      '预约编号',
      '驿站',
      '服务',
      '日期',
      '时段',
      '人数',
      '状态',
      '预约人',
      '预约时间',
      '签到时间',
      '取消时间',
      '取消原因',
      '候补转入',
    ])
    const b = s.bookings
    const byId = Object.fromEntries(rows.map((r) => [r['预约编号'], r]))
    // Not 郑六's booking of 02-29, nor 褚九's of 03-08, nor B's.
    expect(Object.keys(byId).sort()).toEqual(
      [b.r1.id, b.r2.id, b.r3.id, b.r7.id, b.r4.id, b.r8.id, b.r5.id, b.r2Later.id].sort(),
    )
    const common = { 驿站: '幸福里驿站', 服务: '健康咨询', 候补转入: '否' }
    expect(byId[b.r1.id]).toEqual({
      ...common,
      预约编号: b.r1.id,
      日期: '2032-03-01',
      时段: '09:00–09:30',
      人数: '2',
      状态: '已签到',
      预约人: '赵一',
      预约时间: '2032-02-29 08:01',
      签到时间: '2032-03-01 08:30',
      取消时间: '',
      取消原因: '',
    })
    expect(byId[b.r2.id]).toMatchObject({ ...common, 时段: '09:00–09:30', 人数: '1', 状态: '未到场', 预约人: '钱二' })
    expect(byId[b.r3.id]).toMatchObject({
      状态: '已取消',
      取消时间: '2032-02-29 12:00',
      取消原因: '本人取消',
      预约人: '孙三',
    })
    expect(byId[b.r7.id]).toMatchObject({ 驿站: '东门驿站', 服务: '法律咨询', 时段: '09:00–10:00', 人数: '2' })
    expect(byId[b.r4.id]).toMatchObject({
      时段: '10:00–10:30',
      人数: '3',
      状态: '已签到',
      签到时间: '2032-03-01 09:40',
    })
    // Still `booked` in the table, its slot long over: a no-show.
    expect(byId[b.r8.id]).toMatchObject({ 时段: '10:00–10:30', 状态: '未到场', 预约人: '陈八' })
    expect(byId[b.r5.id]).toMatchObject({ 日期: '2032-03-04', 状态: '已取消', 取消原因: '驿站闭站' })
    expect(byId[b.r2Later.id]).toMatchObject({ 日期: '2032-03-07', 时段: '10:30–11:00', 状态: '未到场' })
    // Ordered by the slots' start.
    const starts = rows.map((r) => `${r['日期']} ${r['时段']!.slice(0, 5)}`)
    expect(starts).toEqual([...starts].sort())
  })

  it('agrees with the dashboard', async () => {
    h.clock.set(AFTER_ALL)
    const { rows } = await download('bookings')
    const stats = await call(h.app, 'GET', `/api/staff/stats?${period(s.communityId)}`, { token: s.staff.token })
    for (const station of stats.body.stations) {
      const mine = rows.filter((r) => r['驿站'] === station.name)
      const seats = mine.filter((r) => r['状态'] !== '已取消').reduce((sum, r) => sum + Number(r['人数']), 0)
      expect(seats).toBe(station.booked)
      expect(mine.filter((r) => r['状态'] === '已签到')).toHaveLength(station.checkedIn)
      expect(mine.filter((r) => r['状态'] === '未到场')).toHaveLength(station.noShows)
    }
  })
})

describe('ballots.csv', () => {
  it('has the counts per topic and option, and nothing about who voted for what', async () => {
    h.clock.set(AFTER_ALL)
    const { header, rows, text } = await download('ballots')
    expect(header).toEqual([
      '议题',
      '状态',
      '投票开始',
      '投票截止',
      '选项',
      '得票数',
      '投票人数',
      '有投票资格人数',
      '参与率',
    ])
    // T1 (closed: counts and 15 eligible frozen at close) and T3 (open: live counts, 16 living in A now), in the
    // order their windows open, options in their order. One row per option: 3 + 2.
    const t1 = {
      议题: '加装电梯方案征求意见',
      状态: '已结束',
      投票开始: '2032-03-02 09:00',
      投票截止: '2032-03-05 09:00',
    }
    const t3 = { 议题: '小区停车收费调整', 状态: '进行中', 投票开始: '2032-03-07 20:00', 投票截止: '2032-03-10 20:00' }
    const turnout1 = { 投票人数: '3', 有投票资格人数: '15', 参与率: '20%' }
    const turnout3 = { 投票人数: '2', 有投票资格人数: '16', 参与率: '12.5%' }
    expect(rows).toEqual([
      { ...t1, ...turnout1, 选项: '方案一', 得票数: '2' },
      { ...t1, ...turnout1, 选项: '方案二', 得票数: '1' },
      { ...t1, ...turnout1, 选项: '都不同意', 得票数: '0' },
      // 赵一 chose both, 李四 one.
      { ...t3, ...turnout3, 选项: '赞成', 得票数: '2' },
      { ...t3, ...turnout3, 选项: '反对', 得票数: '1' },
    ])
    // No voter appears in any form.
    const voters = [s.bookers[0]!, s.bookers[3]!, s.owner3]
    for (const v of voters) expect(text).not.toContain(v.id)
    for (const name of ['赵', '李四', '周']) expect(text).not.toContain(name)
  })
})

describe('the OpenAPI document', () => {
  it('declares each export with a text/csv answer', async () => {
    const doc = (await call(h.app, 'GET', '/api/openapi.json')).body
    for (const kind of EXPORT_KINDS) {
      const operation = doc.paths[`/api/staff/export/${kind}.csv`]?.get
      expect(operation, kind).toBeDefined()
      expect(Object.keys(operation.responses['200'].content)).toEqual(['text/csv'])
      expect(operation.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['communityId', 'from', 'to'])
    }
    expect(doc.paths['/api/staff/stats'].get.responses['200'].content['application/json']).toBeDefined()
  })
})
