import { beforeAll, describe, expect, it } from 'vitest'
import type { MeDto } from '@/shared/identity'
import type { CommentThreadDto, TopicDetailDto, TopicEventDto, TopicResultsDto, TopicSummaryDto } from '@/shared/topics'
import {
  bootWeapp,
  cls,
  renderPage,
  textOf,
  waitFor,
  type RenderedComponent,
  type SimulatedNode,
} from './support/simulate'
import { COMMUNITY, meAs } from './support/fixtures'

const ME: MeDto = meAs()

const HOUR = 3_600_000
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()

const OPTIONS = [
  { id: '8c000000-0000-4000-8000-000000000001', label: '划为限时停车位' },
  { id: '8c000000-0000-4000-8000-000000000002', label: '改成电动车充电区' },
  { id: '8c000000-0000-4000-8000-000000000003', label: '建成休闲小广场' },
]

const VOTING: TopicSummaryDto = {
  id: '9a000000-0000-4000-8000-000000000001',
  communityId: COMMUNITY.id,
  title: '小区东门的空地怎么用？',
  status: 'open',
  phase: 'voting',
  authorName: '王**',
  votingOpensAt: iso(-24 * HOUR),
  votingClosesAt: iso(2 * 24 * HOUR + 3 * HOUR + 10 * 60_000),
  ballots: 12,
  comments: 2,
  turnout: 0.24,
  progress: null,
  closedAt: null,
  mine: false,
  createdAt: iso(-48 * HOUR),
}
const ENDED: TopicSummaryDto = {
  ...VOTING,
  id: '9a000000-0000-4000-8000-000000000002',
  title: '垃圾分类投放点要不要搬到北门',
  status: 'closed',
  phase: 'ended',
  votingOpensAt: iso(-20 * 24 * HOUR),
  votingClosesAt: iso(-10 * 24 * HOUR),
  ballots: 30,
  comments: 5,
  turnout: 0.6,
  progress: 60,
}
const PENDING: TopicSummaryDto = {
  ...VOTING,
  id: '9a000000-0000-4000-8000-000000000003',
  title: '楼道里能不能装个扶手',
  status: 'pending_review',
  phase: null,
  votingOpensAt: null,
  votingClosesAt: null,
  ballots: 0,
  comments: 0,
  turnout: 0,
  mine: true,
}

const DETAIL: TopicDetailDto = {
  ...VOTING,
  // What residents can read: of THREADS' two, one is hidden (issue #18: the page counted it, the list did not).
  comments: 1,
  body: '东门旁边的空地一直闲置，晚上常有车乱停。',
  rejectReason: null,
  options: OPTIONS,
  maxChoices: 1,
  resultsVisibility: 'after_close',
  myChoices: null,
  outcome: null,
  updates: [],
  closedAt: null,
  ballotRule: 'per_resident',
  passRule: 'none',
  approveOptionIndex: null,
  eligibleBuildings: null,
  voteRefusal: null,
  actions: ['vote', 'comment'],
  myRating: null,
  mayRate: false,
}

const CLOSED: TopicDetailDto = {
  ...DETAIL,
  ...ENDED,
  body: '北门更宽敞，清运车也好进出。',
  options: OPTIONS.slice(0, 2),
  maxChoices: 1,
  resultsVisibility: 'after_close',
  myChoices: [OPTIONS[1]!.id],
  outcome: { summary: '按多数意见，投放点搬到北门，12月底前完成。', publishedAt: iso(-5 * 24 * HOUR) },
  updates: [
    { note: '已选好位置，开始施工', progress: 30, createdAt: iso(-4 * 24 * HOUR) },
    { note: '新投放点主体完工', progress: 60, createdAt: iso(-1 * 24 * HOUR) },
  ],
  closedAt: iso(-10 * 24 * HOUR),
  actions: [],
}

const RESULTS: TopicResultsDto = {
  topicId: CLOSED.id,
  options: [
    { ...OPTIONS[0]!, count: 9 },
    { ...OPTIONS[1]!, count: 21 },
  ],
  ballots: 30,
  eligible: 50,
  voted: 30,
  turnout: 0.6,
  final: true,
}

const THREADS: CommentThreadDto[] = [
  {
    id: '7c000000-0000-4000-8000-000000000001',
    topicId: VOTING.id,
    parentId: null,
    authorName: '刘*',
    body: '充电区好，楼道里充电太危险了。',
    hidden: false,
    mine: false,
    createdAt: iso(-20 * HOUR),
    replies: [
      {
        id: '7c000000-0000-4000-8000-000000000002',
        topicId: VOTING.id,
        parentId: '7c000000-0000-4000-8000-000000000001',
        authorName: '张**',
        body: null,
        hidden: true,
        mine: false,
        createdAt: iso(-10 * HOUR),
      },
    ],
  },
]

const EVENTS: TopicEventDto[] = [
  { id: '1', type: 'proposed', actorRole: 'resident', actorName: '王**', note: null, createdAt: iso(-48 * HOUR) },
  { id: '2', type: 'approved', actorRole: 'staff', actorName: '陈主任', note: null, createdAt: iso(-24 * HOUR) },
]

const json = (data: unknown, statusCode = 200) => ({ statusCode, data })
const page1 = (items: unknown[]) => json({ items, nextCursor: null })

/** Which query the next page load gets: WeChat passes a page's query to onLoad; the harness passes none. */
let nextQuery: Record<string, string> = {}

function all(page: RenderedComponent, selector: string): SimulatedNode[] {
  return (page as unknown as { querySelectorAll(s: string): SimulatedNode[] }).querySelectorAll(selector)
}

describe('议事 tab and topic page in the weapp build', () => {
  let h: ReturnType<typeof bootWeapp>
  let serverDown = true
  let ballot: string[] | null = null
  let closed = false

  beforeAll(() => {
    h = bootWeapp('token-wang')
    // Give the page its query as WeChat would (?id=…).
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
      const url = new URL(req.url)
      const path = url.pathname
      if (path === '/api/me') return json(ME)
      if (path === '/api/communities') return page1([COMMUNITY])
      if (path === '/api/topics') {
        if (serverDown) return json({ error: { code: 'DB_UNAVAILABLE', message: '服务暂时繁忙，请稍后再试' } }, 503)
        const all = [VOTING, ENDED, PENDING]
        const phase = url.searchParams.get('phase')
        const mine = url.searchParams.get('mine') === 'true'
        return page1(all.filter((t) => (!phase || t.phase === phase) && (!mine || t.mine)))
      }
      if (closed && path === `/api/topics/${VOTING.id}`) return json({ ...CLOSED, id: VOTING.id })
      if (closed && path === `/api/topics/${VOTING.id}/results`) return json({ ...RESULTS, topicId: VOTING.id })
      if (path === `/api/topics/${VOTING.id}`) {
        return json(ballot ? { ...DETAIL, myChoices: ballot, ballots: 13 } : DETAIL)
      }
      if (path === `/api/topics/${VOTING.id}/ballot` && req.method === 'PUT') {
        ballot = (req.data as { optionIds: string[] }).optionIds
        return json({ topicId: VOTING.id, optionIds: ballot, createdAt: iso(0), updatedAt: iso(0) })
      }
      if (path === `/api/topics/${VOTING.id}/results`)
        return json({ error: { code: 'FORBIDDEN', message: '这个议题的投票结果将在投票结束后公布' } }, 403)
      if (path.endsWith('/comments')) return page1(path.includes(VOTING.id) ? THREADS : [])
      if (path.endsWith('/timeline')) return json({ items: EVENTS })
      return undefined
    }
  })

  describe('the 议事 tab', () => {
    let page: RenderedComponent
    beforeAll(() => {
      nextQuery = {}
      page = renderPage(h, 'pages/topics/index')
    })

    it('shows the server’s message and 重试 when the list fails', async () => {
      await waitFor(() => expect(textOf(page.dom)).toContain('服务暂时繁忙，请稍后再试'))
      expect(textOf(page.dom)).toContain('没有加载出来')
    })

    it('lists the community’s topics with status, countdown, turnout and comments after 重试', async () => {
      serverDown = false
      page.querySelector('.state__action')?.dispatchEvent('tap')
      await waitFor(() => expect(page.dom.querySelectorAll(cls('topic-card'))).toHaveLength(3))
      const [voting, ended, pending] = [...page.dom.querySelectorAll(cls('topic-card'))].map((el) => textOf(el))
      expect(voting).toContain('小区东门的空地怎么用？')
      expect(voting).toContain('投票中')
      expect(voting).toMatch(/还剩2天3小时，\d+月\d+日 \d\d:\d\d 截止/)
      expect(voting).toContain('参与率 24%')
      expect(voting).toContain('（12人投票）')
      expect(voting).toContain('评论 2')
      expect(voting).toContain('去投票')
      expect(ended).toContain('已结束')
      expect(ended).toContain('投票结束')
      expect(ended).toContain('办理进度')
      expect(ended).toContain('60%')
      expect(pending).toContain('待审核')
      expect(pending).toContain('等待社区审核')
      expect(pending).not.toContain('参与率')
      expect(textOf(page.dom)).toContain('提出议题')
      const query = new URL(h.requests.filter((r) => r.url.includes('/api/topics')).at(-1)!.url).searchParams
      expect(query.get('communityId')).toBe(COMMUNITY.id)
      expect(query.has('status')).toBe(false)
    })

    it('filters by 投票中 (voting now) and by 我提出的', async () => {
      all(page, '.chip')
        .find((c) => textOf(c.dom) === '投票中')!
        .dispatchEvent('tap')
      await waitFor(() => expect(page.dom.querySelectorAll(cls('topic-card'))).toHaveLength(1))
      expect(textOf(page.dom)).toContain('小区东门的空地怎么用？')
      expect(new URL(h.requests.at(-1)!.url).searchParams.get('phase')).toBe('voting')

      all(page, '.chip')
        .find((c) => textOf(c.dom) === '征集中')!
        .dispatchEvent('tap')
      await waitFor(() => expect(textOf(page.dom)).toContain('没有正在征集意见的议题'))

      all(page, '.chip')
        .find((c) => textOf(c.dom) === '我提出的')!
        .dispatchEvent('tap')
      await waitFor(() => expect(textOf(page.dom)).toContain('楼道里能不能装个扶手'))
      expect(page.dom.querySelectorAll(cls('topic-card'))).toHaveLength(1)
      expect(new URL(h.requests.at(-1)!.url).searchParams.get('mine')).toBe('true')
    })
  })

  describe('a topic in voting, results hidden until close, then closed', () => {
    let page: RenderedComponent
    beforeAll(async () => {
      nextQuery = { id: VOTING.id }
      page = renderPage(h, 'pages/topic-detail/index')
      await waitFor(() => expect(textOf(page.dom)).toContain('东门旁边的空地一直闲置'))
    })

    it('shows the countdown, radio options, the hidden-results note, comments and the timeline', async () => {
      const text = textOf(page.dom)
      expect(text).toContain('距投票截止还有')
      expect(text).toContain('2天3小时')
      expect(text).toContain('单选')
      expect(page.dom.querySelectorAll(cls('vote-option'))).toHaveLength(3)
      expect(page.dom.querySelector(cls('vote-option--multi'))).toBeNull()
      expect(text).toContain('投票结束后公布结果')
      expect(text).toContain('目前已有 12 人投票')
      expect(page.dom.querySelector(cls('result-bars'))).toBeNull()
      await waitFor(() => expect(textOf(page.dom)).toContain('充电区好，楼道里充电太危险了。'))
      expect(textOf(page.dom)).toContain('该评论已被隐藏')
      expect(textOf(page.dom)).toContain('大家的意见（1）')
      await waitFor(() => expect(textOf(page.dom)).toContain('社区工作人员 陈主任'))
      expect(textOf(page.dom)).toContain('审核通过，议题公开')
      // The share card a resident sends to the building's group chat.
      const share = (
        page.instance as { onShareAppMessage: (o: object) => { title: string; path: string } }
      ).onShareAppMessage({ from: 'menu' })
      expect(share.title).toBe('议事协商：小区东门的空地怎么用？')
      expect(share.path).toBe(`/pages/topic-detail/index?id=${VOTING.id}`)
      // Results are not even asked for while hidden.
      expect(h.requests.some((r) => r.url.endsWith(`/api/topics/${VOTING.id}/results`))).toBe(false)
    })

    it('votes with one tap on an option and 提交投票, then says it can be changed until close', async () => {
      all(page, '.vote-option')[1]!.dispatchEvent('tap')
      await waitFor(() => expect(page.dom.querySelectorAll(cls('vote-option--on'))).toHaveLength(1))
      // A radio: another tap moves the choice.
      all(page, '.vote-option')[0]!.dispatchEvent('tap')
      await waitFor(() => expect(textOf(page.dom.querySelector(cls('vote-option--on'))!)).toContain('划为限时停车位'))
      all(page, '.topic__vote')[0]!.dispatchEvent('tap')
      await waitFor(() => expect(textOf(page.dom)).toContain('您已投票，投票截止前可以修改'))
      const put = h.requests.find((r) => r.method === 'PUT')!
      expect(put.data).toEqual({ optionIds: [OPTIONS[0]!.id] })
      expect(put.header['Idempotency-Key']).toBeTruthy()
      expect(textOf(page.dom)).toContain('已投票（选别的项可以修改）')
    })

    // The harness loads a page's code once per file: the same page shows the topic again after it closed.
    it('draws the results as bars with counts, shares and turnout, and shows outcome and progress', async () => {
      closed = true
      ;(page.instance as { onPullDownRefresh: () => void }).onPullDownRefresh()
      await waitFor(() => expect(textOf(page.dom)).toContain('北门更宽敞'))
      await waitFor(() => expect(page.dom.querySelectorAll(cls('result-bars__row'))).toHaveLength(2))
      const bars = textOf(page.dom.querySelector(cls('result-bars'))!)
      expect(bars).toContain('划为限时停车位')
      expect(bars).toContain('9票 · 30%')
      expect(bars).toContain('21票 · 70%')
      expect(bars).toContain('我投的')
      expect(bars).toContain('共30人投票，本社区50位居民，参与率')
      expect(bars).toContain('60%')
      expect(bars).toContain('这是最终结果')
      const fills = [...page.dom.querySelectorAll(cls('result-bars__fill'))] as HTMLElement[]
      expect(fills[1]!.getAttribute('style')).toMatch(/width: ?70%/)
      const text = textOf(page.dom)
      expect(text).toContain('投票已结束')
      expect(text).toContain('按多数意见，投放点搬到北门')
      expect(text).toContain('新投放点主体完工')
      expect(text).toContain('目前进度')
      expect(text).toContain('议题已结束，不能再发表意见了。')
      expect(page.dom.querySelector(cls('topic__vote'))).toBeNull()
    })
  })
})
