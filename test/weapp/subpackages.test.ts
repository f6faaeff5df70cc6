import { beforeAll, describe, expect, it } from 'vitest'
import type { ActivityDetailDto } from '@/shared/activities'
import type { ProblemDetailDto, ProblemEventDto } from '@/shared/problems'
import { bootWeapp, renderPage, textOf, waitFor, type RenderedComponent } from './support/simulate'
import { COMMUNITY, meAs } from './support/fixtures'

/** A page of each resident subpackage (社区活动, 问题反馈), loaded from its own folder of the weapp build. */

const ME = meAs()
const DAY = 24 * 3_600_000
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()

const ACTIVITY: ActivityDetailDto = {
  id: '5a000000-0000-4000-8000-000000000001',
  communityId: COMMUNITY.id,
  title: '重阳节包饺子',
  location: '社区活动室',
  startsAt: iso(3 * DAY),
  endsAt: iso(3 * DAY + 2 * 3_600_000),
  signupClosesAt: iso(2 * DAY),
  capacity: 30,
  seatsTaken: 12,
  seatsLeft: 18,
  postsLeft: 1,
  status: 'published',
  description: '和邻居们一起包饺子，送给独居老人。',
  posts: [
    {
      id: '5b000000-0000-4000-8000-000000000001',
      name: '摆桌椅',
      count: 2,
      hours: 1,
      taken: 1,
      left: 1,
      mine: false,
      holders: [],
    },
  ],
  mySignup: null,
  completedAt: null,
  viewer: { isStaff: false, isResidentHere: true, isVolunteerHere: false },
  actions: ['signup'],
}

const PROBLEM: ProblemDetailDto = {
  id: '5c000000-0000-4000-8000-000000000001',
  communityId: COMMUNITY.id,
  category: 'facilities',
  description: '3号楼2单元楼道灯坏了，晚上很黑',
  location: '3号楼2单元',
  buildingName: '3号楼',
  status: 'submitted',
  reporterName: '王小明',
  orgId: null,
  orgName: null,
  dueAt: null,
  overdue: false,
  escalated: false,
  createdAt: iso(-DAY),
  result: null,
  resolvedAt: null,
  satisfaction: null,
  ratingComment: null,
  closedAt: null,
  escalationReason: null,
  handlerName: null,
  photos: [],
  resultPhotos: [],
  viewer: { isReporter: true, isStaff: false, isOrgHandler: false, isHandler: false },
  actions: [],
}

const EVENTS: ProblemEventDto[] = [
  { id: '1', type: 'created', actorRole: 'resident', actorName: '王小明', note: null, createdAt: iso(-DAY) },
]

const json = (data: unknown, statusCode = 200) => ({ statusCode, data })

/** Which query the next page load gets: WeChat passes a page's query to onLoad; the harness passes none. */
let nextQuery: Record<string, string> = {}

describe('the 社区活动 and 问题反馈 subpackages in the weapp build', () => {
  let h: ReturnType<typeof bootWeapp>
  let serverDown = true
  let problemGone = false
  /** How often the page closed the pull-down spinner. */
  let stopped = 0

  beforeAll(() => {
    h = bootWeapp('token-wang', { stopPullDownRefresh: () => void (stopped += 1) })
    const g = globalThis as unknown as { Page: (o: Record<string, unknown>) => void }
    const page = g.Page
    g.Page = (options) => {
      const onLoad = options.onLoad as ((this: unknown, q: Record<string, string>) => unknown) | undefined
      page({
        ...options,
        onLoad(this: unknown, q: Record<string, string>) {
          return onLoad?.call(this, { ...q, ...nextQuery })
        },
      })
    }
    h.router.current = (req) => {
      const path = new URL(req.url).pathname
      if (path === '/api/me') return json(ME)
      if (path === '/api/communities') return json({ items: [COMMUNITY], nextCursor: null })
      if (serverDown) return json({ error: { code: 'DB_UNAVAILABLE', message: '服务暂时繁忙，请稍后再试' } }, 503)
      if (path === `/api/activities/${ACTIVITY.id}`) return json(ACTIVITY)
      if (path === `/api/problems/${PROBLEM.id}`) return problemGone ? undefined : json(PROBLEM)
      if (path === `/api/problems/${PROBLEM.id}/events`) return json({ items: EVENTS })
      return undefined
    }
  })

  describe('活动详情 (activities/pages/detail)', () => {
    let page: RenderedComponent
    beforeAll(() => {
      serverDown = true
      nextQuery = { id: ACTIVITY.id }
      page = renderPage(h, 'activities/pages/detail/index')
    })

    it('shows the server’s message and 重试 when loading fails', async () => {
      await waitFor(() => expect(textOf(page.dom)).toContain('服务暂时繁忙，请稍后再试'))
      expect(textOf(page.dom)).toContain('没有加载出来')
    })

    it('after 重试 shows the activity, its sign-up and its posts, and shares a card opening it', async () => {
      serverDown = false
      page.querySelector('.state__action')?.dispatchEvent('tap')
      await waitFor(() => expect(textOf(page.dom)).toContain('重阳节包饺子'))
      const text = textOf(page.dom)
      expect(text).toContain('社区活动室')
      expect(text).toContain('12/30人')
      expect(text).toContain('报名参加')
      expect(text).toContain('摆桌椅 ×2')
      expect(text).toContain('还差1人')
      const share = (
        page.instance as { onShareAppMessage: (o: object) => { title: string; path: string } }
      ).onShareAppMessage({ from: 'menu' })
      expect(share.title).toMatch(/^社区活动：重阳节包饺子（/)
      expect(share.path).toBe(`/activities/pages/detail/index?id=${ACTIVITY.id}`)
    })
  })

  describe('问题详情 (problems/pages/detail)', () => {
    let page: RenderedComponent
    beforeAll(() => {
      serverDown = false
      problemGone = true
      nextQuery = { id: PROBLEM.id }
      page = renderPage(h, 'problems/pages/detail/index')
    })

    it('a problem the server does not know (404): not found, with 返回 and 回到首页 and no 重试', async () => {
      await waitFor(() => expect(textOf(page.dom)).toContain('没有找到这个问题'))
      expect(textOf(page.dom)).toContain('返回')
      expect(textOf(page.dom)).toContain('回到首页')
      expect(textOf(page.dom)).not.toContain('重试')
    })

    it('a pull-down loads it again: the problem, where it is and its timeline', async () => {
      problemGone = false
      ;(page.instance as { onPullDownRefresh: () => void }).onPullDownRefresh()
      await waitFor(() => expect(textOf(page.dom)).toContain('3号楼2单元楼道灯坏了，晚上很黑'))
      const text = textOf(page.dom)
      expect(text).toContain('设施维修')
      expect(text).toContain('待分派')
      expect(text).toContain('王小明')
      await waitFor(() => expect(textOf(page.dom)).toContain('提交了问题'))
      await waitFor(() => expect(stopped).toBeGreaterThan(0))
    })
  })
})
