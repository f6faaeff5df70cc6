import { beforeAll, describe, expect, it } from 'vitest'
import type { CommentThreadDto, TopicDetailDto, TopicResultsDto, TopicSummaryDto } from '@/shared/topics'
import {
  bootWeapp,
  renderPage,
  textOf,
  waitFor,
  type RenderedComponent,
  type RequestRecord,
  type SimulatedNode,
} from './support/simulate'
import { COMMUNITY, STAFF } from './support/fixtures'

const PENDING: TopicSummaryDto = {
  id: '7a1b2c3d-1111-4111-8111-aaaaaaaaaaaa',
  communityId: COMMUNITY.id,
  title: '小区东门增设非机动车棚',
  status: 'pending_review',
  phase: null,
  authorName: '王**',
  votingOpensAt: null,
  votingClosesAt: null,
  ballots: 0,
  comments: 0,
  turnout: 0,
  progress: null,
  closedAt: null,
  mine: false,
  createdAt: '2025-11-20T01:30:00.000Z',
}
const PENDING_DETAIL: TopicDetailDto = {
  ...PENDING,
  body: '电动车都停在楼道里，既挡路又有火灾隐患，建议在东门空地建一个车棚。',
  rejectReason: null,
  options: [],
  maxChoices: null,
  resultsVisibility: null,
  myChoices: null,
  outcome: null,
  updates: [],
  closedAt: null,
  ballotRule: 'per_resident',
  passRule: 'none',
  approveOptionIndex: null,
  eligibleBuildings: null,
  voteRefusal: null,
  actions: ['review'],
  myRating: null,
  mayRate: false,
}
const OPEN: TopicDetailDto = {
  ...PENDING_DETAIL,
  id: '7a1b2c3d-2222-4222-8222-bbbbbbbbbbbb',
  title: '垃圾分类投放点调整',
  status: 'open',
  phase: 'voting',
  votingOpensAt: '2025-11-20T02:00:00.000Z',
  votingClosesAt: '2099-11-27T02:00:00.000Z',
  options: [
    { id: '7a1b2c3d-3333-4333-8333-000000000001', label: '移到北门' },
    { id: '7a1b2c3d-3333-4333-8333-000000000002', label: '保持原位' },
  ],
  maxChoices: 1,
  resultsVisibility: 'after_close',
  ballots: 3,
  comments: 1,
  turnout: 0.3,
  actions: ['comment', 'close'],
}
const RESULTS: TopicResultsDto = {
  topicId: OPEN.id,
  options: [
    { ...OPEN.options[0]!, count: 2 },
    { ...OPEN.options[1]!, count: 1 },
  ],
  ballots: 3,
  eligible: 10,
  voted: 3,
  turnout: 0.3,
  final: false,
}
const COMMENTS: CommentThreadDto[] = [
  {
    id: '7a1b2c3d-4444-4444-8444-000000000001',
    topicId: OPEN.id,
    parentId: null,
    authorName: '李**',
    body: '北门离我家太远了',
    hidden: false,
    mine: false,
    createdAt: '2025-11-21T02:00:00.000Z',
    replies: [],
  },
]

type Page = RenderedComponent & { querySelectorAll(s: string): SimulatedNode[] }

/** The button (or tappable row) whose text is exactly `text`. */
function byText(page: Page, selector: string, text: string): SimulatedNode {
  const node = page.querySelectorAll(selector).find((b) => textOf(b.dom) === text)
  expect(node, `${selector} «${text}»`).toBeDefined()
  return node!
}

/**
 * Renders a page as if opened with `?query`: the harness's Page() shim loads pages with an empty query, so the
 * component it registers is given an onLoad that passes this one, as WeChat does.
 */
function renderWithQuery(path: string, query: Record<string, string>): Page {
  const g = globalThis as unknown as { Component: (options: Record<string, unknown>) => unknown }
  const register = g.Component
  g.Component = (options) => {
    const lifetimes = options.lifetimes as Record<string, (this: Record<string, unknown>) => void> | undefined
    const attached = lifetimes?.attached
    if (lifetimes && attached) {
      lifetimes.attached = function (this: Record<string, unknown>) {
        const onLoad = this.onLoad as ((q: unknown) => unknown) | undefined
        this.onLoad = () => onLoad?.call(this, query)
        attached.call(this)
      }
    }
    return register(options)
  }
  try {
    return renderPage(h, path) as Page
  } finally {
    g.Component = register
  }
}

let h: ReturnType<typeof bootWeapp>

const posts = (requests: RequestRecord[], path: string) =>
  requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname === path)

describe('议事协商 staff pages in the weapp build', () => {
  beforeAll(() => {
    h = bootWeapp('token-staff')
    h.router.current = (req) => {
      const url = new URL(req.url)
      const { pathname } = url
      if (pathname === '/api/me') return { statusCode: 200, data: STAFF }
      if (pathname === '/api/communities') return { statusCode: 200, data: { items: [COMMUNITY], nextCursor: null } }
      if (pathname === '/api/topics') {
        expect(url.searchParams.get('communityId')).toBe(COMMUNITY.id)
        const status = url.searchParams.get('status')
        const items = status === 'pending_review' ? [PENDING] : status === 'open' ? [OPEN] : []
        return { statusCode: 200, data: { items, nextCursor: null } }
      }
      if (pathname === `/api/topics/${PENDING.id}`) return { statusCode: 200, data: PENDING_DETAIL }
      if (pathname === `/api/topics/${PENDING.id}/review`) {
        return { statusCode: 200, data: { ...OPEN, id: PENDING.id, title: PENDING.title } }
      }
      if (pathname === `/api/topics/${OPEN.id}`) return { statusCode: 200, data: OPEN }
      if (pathname === `/api/topics/${OPEN.id}/results`) return { statusCode: 200, data: RESULTS }
      if (pathname === `/api/topics/${OPEN.id}/comments`) {
        return { statusCode: 200, data: { items: COMMENTS, nextCursor: null } }
      }
      return undefined
    }
  })

  describe('审核议题', () => {
    let page: Page

    beforeAll(async () => {
      page = renderPage(h, 'staff/pages/topic-review/index') as Page
      await waitFor(() => expect(textOf(page.dom)).toContain(PENDING.title))
    })

    it('lists the topics waiting for review in the staff member’s community', () => {
      const text = textOf(page.dom)
      expect(text).toContain('共 1 个议题等待审核')
      expect(text).toContain('王** 提出于 11月20日 09:30') // Asia/Shanghai
      expect(text).toContain('去审核 ›')
      const query = h.requests.find((r) => r.url.includes('/api/topics?'))
      expect(new URL(query!.url).searchParams.get('status')).toBe('pending_review')
    })

    it('opens the review form with the topic’s text and sensible defaults', async () => {
      byText(page, '.topic-row__go', '去审核 ›').dispatchEvent('tap')
      await waitFor(() => expect(textOf(page.dom)).toContain('通过并公开议题'))
      const text = textOf(page.dom)
      expect(text).toContain(PENDING_DETAIL.body)
      expect(text).toContain('投票选项（2-10个）')
      expect(text).toContain('单选：每人只能选一项')
      expect(text).toContain('投票结束后再公布')
      expect(text).toContain('投票期间居民只能投票，看不到票数')
      expect(page.querySelectorAll('.review-form__option')).toHaveLength(2)
    })

    it('adds and removes option rows', async () => {
      byText(page, '.action-button', '＋ 添加选项').dispatchEvent('tap')
      await waitFor(() => expect(page.querySelectorAll('.review-form__option')).toHaveLength(3))
      byText(page, '.review-form__option-remove', '删除').dispatchEvent('tap')
      await waitFor(() => expect(page.querySelectorAll('.review-form__option')).toHaveLength(2))
    })

    it('shows the schema’s messages without sending anything', async () => {
      byText(page, '.action-button', '通过并公开议题').dispatchEvent('tap')
      await waitFor(() => expect(textOf(page.dom)).toContain('请按红字提示修改后再提交'))
      expect(textOf(page.dom)).toContain('请填写选项')
      expect(posts(h.requests, `/api/topics/${PENDING.id}/review`)).toHaveLength(0)
    })

    it('approves with the typed options and an idempotency key', async () => {
      const inputs = page.querySelectorAll('.text-input')
      inputs[0]!.dispatchEvent('input', { detail: { value: '同意建车棚' } })
      inputs[1]!.dispatchEvent('input', { detail: { value: '不同意' } })
      byText(page, '.action-button', '通过并公开议题').dispatchEvent('tap')
      await waitFor(() => expect(textOf(page.dom)).toContain('已公开，投票时间'))
      expect(textOf(page.dom)).toContain('暂时没有待审核的议题')

      const [post] = posts(h.requests, `/api/topics/${PENDING.id}/review`)
      expect(post?.header['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
      const body = post?.data as Record<string, unknown>
      expect(body).toMatchObject({
        approve: true,
        options: ['同意建车棚', '不同意'],
        maxChoices: 1,
        resultsVisibility: 'after_close',
      })
      const days = (Date.parse(body.votingClosesAt as string) - Date.parse(body.votingOpensAt as string)) / 86_400_000
      expect(days).toBe(7)
    })
  })

  describe('议题管理 of one topic', () => {
    let page: Page

    beforeAll(async () => {
      page = renderWithQuery('staff/pages/topic-manage/index', { id: OPEN.id })
      await waitFor(() => expect(textOf(page.dom)).toContain('北门离我家太远了'))
    })

    it('shows the topic’s state, window and the tally staff always see', () => {
      const text = textOf(page.dom)
      expect(text).toContain(OPEN.title)
      expect(text).toContain('投票中')
      expect(text).toContain('11月20日 10:00 至 11月27日 10:00')
      expect(text).toContain('单选')
      expect(text).toContain('投票结束后再公布')
      expect(text).toContain('移到北门')
      expect(text).toContain('2票')
      expect(text).toContain('参与率')
      expect(text).toContain('结束投票')
    })

    it('lists the discussion with 隐藏 for each comment', () => {
      expect(textOf(page.dom)).toContain('居民讨论（1）')
      expect(page.querySelectorAll('.staff-comment')).toHaveLength(1)
      byText(page, '.action-button', '隐藏').dispatchEvent('tap')
    })

    it('asks for a reason before hiding a comment', async () => {
      await waitFor(() => expect(textOf(page.dom)).toContain('确认隐藏'))
      byText(page, '.action-button', '确认隐藏').dispatchEvent('tap')
      await waitFor(() => expect(textOf(page.dom)).toContain('原因请写2-200个字'))
      expect(posts(h.requests, `/api/comments/${COMMENTS[0]!.id}/hide`)).toHaveLength(0)
    })
  })
})
