import { sql } from '../../../src/server/db/sql'
import { expectError, ok } from '../support/assert'
import { makeCommunity, makeUser } from '../support/fixtures'
import type { Harness } from '../support/harness'
import { DAY_MS, HOUR_MS } from '../support/time'

export { expectError, ok, DAY_MS, HOUR_MS }

/** Monday 2031-03-03 09:00 in Shanghai: the clock the topic tests start from. */
export const START = '2031-03-03T01:00:00.000Z'

export const topicBody = (communityId: string, over: Record<string, unknown> = {}) => ({
  communityId,
  title: '东门空地怎么用',
  body: '东门旁边的空地闲置很久了，大家看看改成什么好。',
  ...over,
})

/** Approval with three options, one choice, voting open from now for `days` days, results always visible. */
export const approval = (now: Date, over: Record<string, unknown> = {}, days = 7) => ({
  approve: true,
  options: ['划为停车位', '改成充电区', '建成小广场'],
  maxChoices: 1,
  votingOpensAt: now.toISOString(),
  votingClosesAt: new Date(now.getTime() + days * DAY_MS).toISOString(),
  resultsVisibility: 'always',
  ...over,
})

/** A community with its staff, residents, and the staff and a resident of another community; clock at START. */
export async function topicScene(h: Harness) {
  h.clock.set(START)
  const communityId = await makeCommunity(h)
  const otherCommunityId = await makeCommunity(h)
  const [staff, foreignStaff, admin, author, neighbour, neighbour2, neighbour3, outsider] = await Promise.all([
    makeUser(h, 'staff', communityId, '陈主任'),
    makeUser(h, 'staff', otherCommunityId),
    makeUser(h, 'admin', null),
    makeUser(h, 'resident', communityId, '王小明'),
    makeUser(h, 'resident', communityId, '李奶奶'),
    makeUser(h, 'resident', communityId, '周阿姨'),
    makeUser(h, 'volunteer', communityId, '张志强'),
    makeUser(h, 'resident', otherCommunityId),
  ])
  return {
    communityId,
    otherCommunityId,
    staff,
    foreignStaff,
    admin,
    author,
    neighbour,
    neighbour2,
    neighbour3,
    outsider,
  }
}

/** A topic proposed by the scene's author and approved by its staff; voting open now. */
export async function openTopic(
  h: Harness,
  s: Awaited<ReturnType<typeof topicScene>>,
  over: Record<string, unknown> = {},
) {
  const proposed = await ok(h, 'POST', '/api/topics', s.author, topicBody(s.communityId), 201)
  return ok(h, 'POST', `/api/topics/${proposed.id}/review`, s.staff, approval(h.clock.now(), over))
}

export async function notificationsOf(h: Harness, userId: string) {
  return h.db.query<{ kind: string; entity_id: string }>(
    sql`SELECT kind, entity_id FROM notifications WHERE user_id = ${userId} ORDER BY created_at, id`,
  )
}
