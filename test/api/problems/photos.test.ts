import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { race, tally } from '../support/contention'
import type { TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { jpeg, photoForm, png } from '../support/images'
import {
  acceptedProblem,
  act,
  expectError,
  PROBLEM,
  problemScene,
  reportProblem,
  send,
  type ProblemScene,
} from './helpers'

/** 问题反馈 with photos (issue #20): the reporter's, and the handler's or staff's with the result. */

let h: Harness
let s: ProblemScene
beforeAll(async () => {
  h = await startHarness()
  s = await problemScene(h)
})
afterAll(() => h.close())

async function uploaded(user: TestUser, bytes: Uint8Array = jpeg()): Promise<string> {
  const reply = await call(h.app, 'POST', '/api/uploads', { token: user.token, body: photoForm(bytes) })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return (reply.body as { id: string }).id
}
const uploads = (user: TestUser, n: number) => Promise.all(Array.from({ length: n }, () => uploaded(user)))

const uploadRow = async (id: string) =>
  (
    await h.db.query<{ owner_type: string | null; owner_id: string | null; position: number | null }>(
      sql`SELECT owner_type, owner_id, position FROM uploads WHERE id = ${id}`,
    )
  )[0]

const problemsOf = async (user: TestUser) =>
  (await h.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM problems WHERE reporter_id = ${user.id}`))[0]!.n

const report = (user: TestUser, photoIds: unknown) =>
  send(h, user, 'POST', '/api/problems', { communityId: s.communityId, ...PROBLEM, photoIds })

describe('POST /api/problems with photos', () => {
  it('attaches the reporter’s own uploads in order, shown with signed links that work', async () => {
    const ids = [await uploaded(s.reporter, png()), await uploaded(s.reporter, jpeg({ width: 10, height: 20 }))]
    const reply = await report(s.reporter, ids)
    expect(reply.status, JSON.stringify(reply.body)).toBe(201)
    expect(reply.body.photos).toEqual([
      { id: ids[0], url: expect.stringContaining(`/api/uploads/${ids[0]}/image?`), width: 300, height: 200 },
      { id: ids[1], url: expect.stringContaining(`/api/uploads/${ids[1]}/image?`), width: 10, height: 20 },
    ])
    expect(reply.body.resultPhotos).toEqual([])
    expect(await uploadRow(ids[1]!)).toEqual({ owner_type: 'problem', owner_id: reply.body.id, position: 1 })
    const read = await act(h, s.neighbour, 'GET', `/api/problems/${reply.body.id}`)
    expect(read.photos).toEqual(reply.body.photos)
    expect((await h.app.request(read.photos[0].url)).status).toBe(200)
    // Without photos, a problem has none.
    expect((await act(h, s.reporter, 'GET', `/api/problems/${await reportProblem(h, s)}`)).photos).toEqual([])
  })

  it("refuses another's upload, an attached one, the same twice and seven, writing nothing", async () => {
    const reporter = s.neighbour
    const [mine, theirs] = [await uploaded(reporter), await uploaded(s.reporter)]
    const attached = await uploaded(reporter)
    expect((await report(reporter, [attached])).status).toBe(201)
    const refused = async (photoIds: unknown, message: RegExp) => {
      const before = await problemsOf(reporter)
      const reply = await report(reporter, photoIds)
      expectError(reply, 400, 'VALIDATION_FAILED')
      expect(reply.body.error.message).toMatch(message)
      expect(await problemsOf(reporter)).toBe(before)
    }
    await refused([mine, theirs], /照片/)
    await refused([mine, attached], /照片/)
    await refused([mine, mine], /同一张照片/)
    await refused(await uploads(reporter, 7), /最多6张/)
    await refused(['not-a-uuid'], /照片/)
    // Nothing of a refused report stays attached: the upload is still the reporter's to use.
    expect(await uploadRow(mine)).toEqual({ owner_type: null, owner_id: null, position: null })
    expect(await uploadRow(theirs)).toEqual({ owner_type: null, owner_id: null, position: null })
    expect((await report(reporter, [mine, ...(await uploads(reporter, 5))])).status).toBe(201)
  })

  it('a building of another community attaches nothing (400), and the photos stay free', async () => {
    const [other] = await h.db.query<{ id: string }>(
      sql`INSERT INTO buildings (community_id, name) VALUES (${s.otherCommunityId}, '外区楼') RETURNING id`,
    )
    const photo = await uploaded(s.reporter)
    const reply = await send(h, s.reporter, 'POST', '/api/problems', {
      communityId: s.communityId,
      ...PROBLEM,
      buildingId: other!.id,
      photoIds: [photo],
    })
    expectError(reply, 400, 'VALIDATION_FAILED')
    expect(await uploadRow(photo)).toEqual({ owner_type: null, owner_id: null, position: null })
  })

  it('one upload in ten reports at once: exactly one problem takes it', async () => {
    const photo = await uploaded(s.reporter)
    const before = await problemsOf(s.reporter)
    const replies = await race(
      h,
      'ten reports with one photo',
      Array.from({ length: 10 }, () => () => report(s.reporter, [photo])),
    )
    expect(tally(replies)).toEqual({ '201': 1, '400 VALIDATION_FAILED': 9 })
    expect(await problemsOf(s.reporter)).toBe(before + 1)
    const winner = replies.find((r) => r.status === 201)!.body.id
    expect(await uploadRow(photo)).toEqual({ owner_type: 'problem', owner_id: winner, position: 0 })
  })
})

describe('who sees the photos of a problem', () => {
  it("the community's members, staff and handlers; not a foreign community's", async () => {
    const photo = await uploaded(s.reporter)
    const id = (
      await act(
        h,
        s.reporter,
        'POST',
        '/api/problems',
        { communityId: s.communityId, ...PROBLEM, photoIds: [photo] },
        201,
      )
    ).id
    for (const user of [s.reporter, s.neighbour, s.staff, s.streetStaff, s.handler, s.committeeHandler]) {
      expect((await act(h, user, 'GET', `/api/problems/${id}`)).photos.map((p: { id: string }) => p.id)).toEqual([
        photo,
      ])
      expect((await act(h, user, 'GET', `/api/uploads/${photo}`)).id).toBe(photo)
    }
    for (const user of [s.outsider, s.foreignStaff, s.foreignHandler]) {
      expectError(await send(h, user, 'GET', `/api/problems/${id}`), 404, 'NOT_FOUND')
      expectError(await send(h, user, 'GET', `/api/uploads/${photo}`), 404, 'NOT_FOUND')
    }
  })
})

describe('POST /api/problems/:id/resolve with photos', () => {
  it('the handler’s photos are the result’s, apart from the report’s, seen by the members', async () => {
    const id = await acceptedProblem(h, s)
    const photos = await uploads(s.handler, 2)
    const resolved = await act(h, s.handler, 'POST', `/api/problems/${id}/resolve`, {
      result: '已更换灯泡',
      photoIds: photos,
    })
    expect(resolved.status).toBe('resolved')
    expect(resolved.resultPhotos.map((p: { id: string }) => p.id)).toEqual(photos)
    expect(resolved.photos).toEqual([])
    expect(await uploadRow(photos[0]!)).toEqual({ owner_type: 'problem_result', owner_id: id, position: 0 })
    const read = await act(h, s.reporter, 'GET', `/api/problems/${id}`)
    expect(read.resultPhotos).toEqual(resolved.resultPhotos)
    expect((await h.app.request(read.resultPhotos[1].url)).status).toBe(200)
    expect((await act(h, s.neighbour, 'GET', `/api/uploads/${photos[0]}`)).id).toBe(photos[0])
    expectError(await send(h, s.outsider, 'GET', `/api/uploads/${photos[0]}`), 404, 'NOT_FOUND')
  })

  it('staff resolve with their own photos', async () => {
    const id = await acceptedProblem(h, s)
    const photo = await uploaded(s.staff)
    const resolved = await act(h, s.staff, 'POST', `/api/problems/${id}/resolve`, {
      result: '社区已协调处理',
      photoIds: [photo],
    })
    expect(resolved.resultPhotos.map((p: { id: string }) => p.id)).toEqual([photo])
  })

  it("refuses another's upload or seven photos, leaving the problem in progress", async () => {
    const id = await acceptedProblem(h, s)
    const resolve = (photoIds: unknown) =>
      send(h, s.handler, 'POST', `/api/problems/${id}/resolve`, { result: '已处理', photoIds })
    expectError(await resolve([await uploaded(s.reporter)]), 400, 'VALIDATION_FAILED')
    expectError(await resolve(await uploads(s.handler, 7)), 400, 'VALIDATION_FAILED')
    const status = async () =>
      (await h.db.query<{ status: string }>(sql`SELECT status FROM problems WHERE id = ${id}`))[0]!.status
    expect(await status()).toBe('in_progress')
    // Someone who may not resolve it attaches nothing, with photos or without.
    const photo = await uploaded(s.handler2)
    expectError(
      await send(h, s.handler2, 'POST', `/api/problems/${id}/resolve`, { result: '已处理', photoIds: [photo] }),
      403,
      'FORBIDDEN',
    )
    expect(await uploadRow(photo)).toEqual({ owner_type: null, owner_id: null, position: null })
    expect(await status()).toBe('in_progress')
  })
})
