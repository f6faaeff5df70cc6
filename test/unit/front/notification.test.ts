import { describe, expect, it } from 'vitest'
import { ROUTES } from '@/routes'
import { queueItemUrl } from '@/staff/components/queue-item/waited'
import { QUEUE_KINDS } from '@/shared/workbench'
import { formatAge, targetOf } from '@/utils/notification'

describe('targetOf', () => {
  it('opens the wish, the topic or the activity a message is about, and 我的预约 for a booking or a waitlist place', () => {
    expect(targetOf({ entityType: 'wish', entityId: 'w 1' })).toBe(`${ROUTES.wishDetail}?id=w%201`)
    expect(targetOf({ entityType: 'topic', entityId: 't1' })).toBe(`${ROUTES.topicDetail}?id=t1`)
    expect(targetOf({ entityType: 'activity', entityId: 'a1' })).toBe(`${ROUTES.activityDetail}?id=a1`)
    expect(targetOf({ entityType: 'booking', entityId: 'b1' })).toBe(ROUTES.myBookings)
    expect(targetOf({ entityType: 'slot', entityId: 's1' })).toBe(ROUTES.myBookings)
  })

  it('opens where the item of a staff message is dealt with, as the same item in 待办 does', () => {
    const id = '5f0c1a2b-0000-4000-8000-000000000001'
    for (const kind of QUEUE_KINDS) {
      expect(targetOf({ entityType: kind, entityId: id })).toBe(queueItemUrl({ kind, id }))
    }
    expect(targetOf({ entityType: 'topic_review', entityId: id })).toBe(`${ROUTES.staffTopicReview}?id=${id}`)
    expect(targetOf({ entityType: 'reported_comment', entityId: id })).toBe(ROUTES.staffCommentReports)
    expect(targetOf({ entityType: 'volunteer_application', entityId: id })).toBe(ROUTES.staffWorkbench)
  })

  it('opens nothing for a volunteer decision, an unknown kind or a missing id', () => {
    expect(targetOf({ entityType: 'volunteer', entityId: 'u1' })).toBeNull()
    expect(targetOf({ entityType: 'wish', entityId: null })).toBeNull()
    expect(targetOf({ entityType: null, entityId: null })).toBeNull()
  })
})

describe('formatAge', () => {
  // 2030-03-05 10:30 in Shanghai.
  const now = new Date('2030-03-05T02:30:00Z')
  it.each([
    ['2030-03-05T02:29:30Z', '刚刚'],
    ['2030-03-05T02:25:00Z', '5分钟前'],
    ['2030-03-05T00:10:00Z', '2小时前'],
    // 00:10 today in Shanghai is still today, though it was yesterday in UTC.
    ['2030-03-04T16:10:00Z', '10小时前'],
    ['2030-03-04T15:50:00Z', '昨天 23:50'],
    ['2030-03-03T06:05:00Z', '3月3日 14:05'],
  ])('%s → %s', (createdAt, expected) => {
    expect(formatAge(createdAt, now)).toBe(expected)
  })
})
