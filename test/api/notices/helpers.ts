import { expectError, ok } from '../support/assert'
import { makeCommunity, makeUser } from '../support/fixtures'
import type { Harness } from '../support/harness'
import { DAY_MS } from '../support/time'

export { expectError, ok, DAY_MS }

/** Monday 2031-03-03 09:00 in Shanghai: the clock the notice tests start from. */
export const START = '2031-03-03T01:00:00.000Z'
export const at = (days: number) => new Date(Date.parse(START) + days * DAY_MS).toISOString()

export const noticeBody = (over: Record<string, unknown> = {}) => ({
  kind: 'finance',
  title: '2031年2月社区公益金收支公示',
  body: '本月收入：社区公益金拨款5000元。支出：楼道照明维修1200元，老年活动室茶水300元。',
  ...over,
})

/** A community with its staff and members, a staff member and a resident of another, an admin, a non-member. */
export async function noticeScene(h: Harness) {
  h.clock.set(START)
  const communityId = await makeCommunity(h)
  const otherCommunityId = await makeCommunity(h)
  const [staff, foreignStaff, admin, alice, bob, outsider, nonMember] = await Promise.all([
    makeUser(h, 'staff', communityId, '陈主任'),
    makeUser(h, 'staff', otherCommunityId),
    makeUser(h, 'admin', null),
    makeUser(h, 'resident', communityId, '王小明'),
    makeUser(h, 'volunteer', communityId, '李秀英'),
    makeUser(h, 'resident', otherCommunityId, '周丽华'),
    makeUser(h, 'resident', communityId, '新住户', { member: false }),
  ])
  return { communityId, otherCommunityId, staff, foreignStaff, admin, alice, bob, outsider, nonMember }
}
export type NoticeScene = Awaited<ReturnType<typeof noticeScene>>

export async function publish(h: Harness, s: NoticeScene, over: Record<string, unknown> = {}) {
  return ok(h, 'POST', `/api/communities/${s.communityId}/notices`, s.staff, noticeBody(over), 201)
}
