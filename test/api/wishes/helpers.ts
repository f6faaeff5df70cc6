import { expect } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { auditRowsOf, makeCommunity, makeUser, type TestUser } from '../support/fixtures'
import { call, type Harness } from '../support/harness'

/** Long-lived tokens for the files that move the clock by weeks: the default lifetime is 7 days. */
export const TEN_YEARS_TTL = { TOKEN_TTL_SECONDS: String(10 * 365 * 24 * 3600) }

export { expectError } from '../support/assert'
export { DAY_MS, MINUTE_MS } from '../support/time'

export const ADDRESS = '幸福里3号楼2单元501'
export const PHONE = '13812345678'

/** A valid body for POST /api/wishes, with its private fields. */
export const wishBody = (over: Record<string, unknown> = {}) => ({
  title: '帮忙买点青菜',
  description: '腿脚不便，想请人帮忙从菜场带两斤青菜',
  category: 'daily_goods',
  address: ADDRESS,
  contactPhone: PHONE,
  ...over,
})

export async function postWish(h: Harness, owner: TestUser, over: Record<string, unknown> = {}): Promise<any> {
  const reply = await call(h.app, 'POST', '/api/wishes', { token: owner.token, body: wishBody(over) })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body
}

/** POST /api/wishes/:id/<action> with a body, expecting 200. */
export async function act(h: Harness, user: TestUser, id: string, action: string, body: unknown = {}): Promise<any> {
  const reply = await call(h.app, 'POST', `/api/wishes/${id}/${action}`, { token: user.token, body })
  expect(reply.status, `${action}: ${JSON.stringify(reply.body)}`).toBe(200)
  return reply.body
}

/** A wish posted by owner and approved by staff: open. */
export async function openWish(h: Harness, owner: TestUser, staff: TestUser, over: Record<string, unknown> = {}) {
  const wish = await postWish(h, owner, over)
  await act(h, staff, wish.id, 'review', { approve: true })
  return wish.id as string
}

/** An open wish claimed by volunteer. */
export async function claimedWish(h: Harness, owner: TestUser, staff: TestUser, volunteer: TestUser) {
  const id = await openWish(h, owner, staff)
  await act(h, volunteer, id, 'claim')
  return id
}

/** A claimed wish the volunteer reports done with 2 hours. */
export async function fulfilledWish(h: Harness, owner: TestUser, staff: TestUser, volunteer: TestUser) {
  const id = await claimedWish(h, owner, staff, volunteer)
  await act(h, volunteer, id, 'fulfil', { note: '已经送到家了', hours: 2 })
  return id
}

export interface WishDbRow {
  status: string
  claimer_id: string | null
  claimed_at: Date | null
  reject_reason: string | null
  fulfil_note: string | null
  hours: string | null
  rating: number | null
  thanks: string | null
  completed_at: Date | null
}

export async function wishRow(h: Harness, id: string): Promise<WishDbRow> {
  const [row] = await h.db.query<WishDbRow>(
    sql`SELECT status, claimer_id, claimed_at, reject_reason, fulfil_note, hours::text, rating, thanks, completed_at
     FROM wishes WHERE id = ${id}`,
  )
  expect(row, `wish ${id}`).toBeDefined()
  return row!
}

export async function claimRows(h: Harness, wishId: string) {
  return h.db.query<{ volunteer_id: string; ended_at: Date | null; end_reason: string | null }>(
    sql`SELECT volunteer_id, ended_at, end_reason FROM wish_claims WHERE wish_id = ${wishId}
        ORDER BY claimed_at, ended_at NULLS LAST, id`,
  )
}

export async function eventRows(h: Harness, wishId: string) {
  return h.db.query<{ type: string; actor_id: string | null; actor_role: string; note: string | null }>(
    sql`SELECT type, actor_id, actor_role, note FROM wish_events WHERE wish_id = ${wishId} ORDER BY id`,
  )
}

/** A wish's audit rows, oldest first; only the given action when named. */
export const auditRows = (h: Harness, wishId: string, action?: string) => auditRowsOf(h, wishId, action ?? 'wish.')

export async function liveCounts(h: Harness, userId: string) {
  const [row] = await h.db.query<{ live_wishes: number; live_claims: number }>(
    sql`SELECT live_wishes, live_claims FROM users WHERE id = ${userId}`,
  )
  return row!
}

export async function countWishes(h: Harness, ownerId: string) {
  const [row] = await h.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM wishes WHERE owner_id = ${ownerId}`)
  return row!.n
}

/** Sets a user's nickname (fixtures give unique ones). */
export async function setNickname(h: Harness, userId: string, nickname: string) {
  await h.db.query(sql`UPDATE users SET nickname = ${nickname} WHERE id = ${userId}`)
}

/** Everything a refused request must leave as it was: the wish, its claims, timeline, hours and staff audit. */
export async function snapshot(h: Harness, id: string) {
  const [wish] = await h.db.query(sql`SELECT * FROM wishes WHERE id = ${id}`)
  const [counts] = await h.db.query(
    sql`SELECT (SELECT count(*)::int FROM wish_events WHERE wish_id = ${id}) AS events,
            (SELECT count(*)::int FROM volunteer_hours WHERE wish_id = ${id}) AS hours,
            (SELECT count(*)::int FROM audit_log WHERE entity_id = ${id}::text AND action <> 'wish.read_private') AS audit`,
  )
  const claims = await h.db.query(sql`SELECT * FROM wish_claims WHERE wish_id = ${id} ORDER BY id`)
  return { wish, counts, claims }
}

/** Everyone an endpoint can meet: the owner's community and another one, and a resident who has chosen none. */
export async function wishScene(h: Harness) {
  const communityId = await makeCommunity(h)
  const otherCommunityId = await makeCommunity(h)
  const [owner, stranger, volunteer, volunteer2, staff, foreignStaff, foreignVolunteer, admin, homeless] =
    await Promise.all([
      makeUser(h, 'resident', communityId),
      makeUser(h, 'resident', communityId),
      makeUser(h, 'volunteer', communityId),
      makeUser(h, 'volunteer', communityId),
      makeUser(h, 'staff', communityId),
      makeUser(h, 'staff', otherCommunityId),
      makeUser(h, 'volunteer', otherCommunityId),
      makeUser(h, 'admin', null),
      makeUser(h, 'resident', null),
    ])
  return {
    communityId,
    otherCommunityId,
    owner,
    stranger,
    volunteer,
    volunteer2,
    staff,
    foreignStaff,
    foreignVolunteer,
    admin,
    homeless,
  }
}
