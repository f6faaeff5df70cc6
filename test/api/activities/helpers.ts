import { expect } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import type { TestUser } from '../support/fixtures'
import { call, type Harness } from '../support/harness'
import { DAY_MS, HOUR_MS } from '../support/time'

/** A valid activity a few days ahead of the harness's clock, with two posts; `over` changes any field. */
export function activityBody(h: Harness, communityId: string, over: Record<string, unknown> = {}) {
  const now = h.clock.now().getTime()
  const startsAt = now + 3 * DAY_MS
  return {
    communityId,
    title: '社区义诊',
    description: '三甲医院医生坐诊，测血压血糖',
    location: '社区活动中心一楼',
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 2 * HOUR_MS).toISOString(),
    signupClosesAt: new Date(startsAt - DAY_MS).toISOString(),
    capacity: 40,
    posts: [
      { name: '引导员', count: 4, hours: 2 },
      { name: '摄影', count: 1, hours: 2.5 },
    ],
    ...over,
  }
}

/** Publishes an activity through the API as `staff`, and returns its detail. */
export async function publish(h: Harness, staff: TestUser, communityId: string, over: Record<string, unknown> = {}) {
  const reply = await call(h.app, 'POST', '/api/activities', {
    token: staff.token,
    body: activityBody(h, communityId, over),
  })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body as { id: string; posts: { id: string; name: string; count: number }[] }
}

export async function activityRow(h: Harness, id: string) {
  const [row] = await h.db.query<{
    seats_taken: number
    capacity: number | null
    status: string
    live: number
    seats: number
  }>(
    sql`SELECT a.seats_taken, a.capacity, a.status,
            (SELECT count(*)::int FROM activity_signups s WHERE s.activity_id = a.id AND s.status <> 'cancelled') AS live,
            (SELECT COALESCE(sum(party_size), 0)::int FROM activity_signups s WHERE s.activity_id = a.id
               AND s.status <> 'cancelled') AS seats
     FROM activities a WHERE a.id = ${id}`,
  )
  return row!
}

export async function postRow(h: Harness, postId: string) {
  const [row] = await h.db.query<{ taken: number; count: number; live: number }>(
    sql`SELECT p.taken, p.count,
            (SELECT count(*)::int FROM activity_post_claims k WHERE k.post_id = p.id AND k.released_at IS NULL) AS live
     FROM activity_posts p WHERE p.id = ${postId}`,
  )
  return row!
}

export async function hourRows(h: Harness, postIds: string[]) {
  return h.db.query<{ volunteer_id: string; hours: string; activity_post_id: string }>(
    sql`SELECT volunteer_id, hours::text, activity_post_id FROM volunteer_hours
     WHERE activity_post_id = ANY (${postIds}::uuid[]) ORDER BY volunteer_id`,
  )
}
