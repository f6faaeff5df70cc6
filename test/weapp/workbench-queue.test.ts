import { beforeAll, describe, expect, it } from 'vitest'
import type { CommunityDto } from '@/shared/identity'
import type { QueueItemDto, QueuePageDto, WordListDto } from '@/shared/workbench'
import {
  bootWeapp,
  renderPage,
  textOf,
  waitFor,
  type RenderedComponent,
  type RequestRecord,
  type SimulatedNode,
} from './support/simulate'
import { meAs } from './support/fixtures'

const SUNSHINE: CommunityDto = {
  id: '6f1c1d1e-1111-4111-8111-111111111111',
  name: '阳光社区',
  street: '湖滨街道',
  district: '上城区',
}
const PEACE: CommunityDto = { ...SUNSHINE, id: '6f1c1d1e-2222-4222-8222-222222222222', name: '和平社区' }

/** The platform admin: staff pages for every community, and the only one who may edit the word list. */
const ADMIN = meAs({
  id: '0b7a4c52-9999-4999-8999-999999999999',
  nickname: '平台管理员',
  role: 'admin',
  communityId: null,
})

const DAY = 86_400_000
const ago = (ms: number) => new Date(Date.now() - ms).toISOString()

const WISH: QueueItemDto = {
  kind: 'wish_review',
  id: '7a1b2c3d-1111-4111-8111-000000000001',
  communityId: SUNSHINE.id,
  communityName: SUNSHINE.name,
  title: '帮忙修理厨房水龙头',
  since: ago(3 * DAY + 60_000),
  topicId: null,
}
const COMMENT: QueueItemDto = {
  kind: 'reported_comment',
  id: '7a1b2c3d-1111-4111-8111-000000000002',
  communityId: PEACE.id,
  communityName: PEACE.name,
  title: '跳舞的都是些没素质的人',
  since: ago(5 * 3_600_000),
  topicId: '7a1b2c3d-1111-4111-8111-000000000009',
}
const APPLICATION: QueueItemDto = {
  kind: 'volunteer_application',
  id: '0b7a4c52-6666-4666-8666-666666666666',
  communityId: SUNSHINE.id,
  communityName: SUNSHINE.name,
  title: '赵叔叔',
  since: ago(20 * 60_000),
  topicId: null,
}
const COUNTS: QueuePageDto['counts'] = {
  wish_review: 1,
  topic_review: 0,
  reported_comment: 1,
  volunteer_application: 1,
  membership_application: 0,
  wish_unconfirmed: 0,
  problem_unassigned: 0,
  problem_escalated: 0,
}

const WORDS: WordListDto = {
  words: ['赌博', '代开发票'],
  updatedAt: '2025-11-20T01:30:00.000Z',
  updatedBy: '平台管理员',
}

type Page = RenderedComponent & { querySelectorAll(s: string): SimulatedNode[] }

function byText(page: Page, selector: string, text: string): SimulatedNode {
  const node = page.querySelectorAll(selector).find((b) => textOf(b.dom) === text)
  expect(node, `${selector} «${text}»`).toBeDefined()
  return node!
}

const calls = (requests: RequestRecord[], method: string, path: string) =>
  requests.filter((r) => r.method === method && new URL(r.url).pathname === path)

let h: ReturnType<typeof bootWeapp>
const navigations: string[] = []
let wordsReply: (req: RequestRecord) => { statusCode: number; data: unknown }

describe('待办 and 敏感词 (staff subpackage) in the weapp build', () => {
  beforeAll(() => {
    h = bootWeapp('token-admin')
    const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
    type Nav = { url: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }
    wx.navigateTo = (opts: Nav) => {
      navigations.push(opts.url)
      setTimeout(() => {
        opts.success?.({ errMsg: 'navigateTo:ok' })
        opts.complete?.({ errMsg: 'navigateTo:ok' })
      }, 5)
    }
    wordsReply = (req) =>
      req.method === 'PUT'
        ? {
            statusCode: 200,
            data: {
              words: (req.data as { words: string[] }).words,
              updatedAt: new Date().toISOString(),
              updatedBy: '平台管理员',
            },
          }
        : { statusCode: 200, data: WORDS }
    h.router.current = (req) => {
      const url = new URL(req.url)
      if (url.pathname === '/api/me') return { statusCode: 200, data: ADMIN }
      if (url.pathname === '/api/communities') {
        return { statusCode: 200, data: { items: [SUNSHINE, PEACE], nextCursor: null } }
      }
      if (url.pathname === '/api/staff/queue') {
        const kind = url.searchParams.get('kind')
        const cursor = url.searchParams.get('cursor')
        const page = (items: QueueItemDto[], nextCursor: string | null): QueuePageDto => ({
          items,
          nextCursor,
          counts: COUNTS,
          total: 3,
        })
        if (kind === 'wish_review') return { statusCode: 200, data: page([WISH], null) }
        if (cursor === 'page-2') return { statusCode: 200, data: page([APPLICATION], null) }
        return { statusCode: 200, data: page([WISH, COMMENT], 'page-2') }
      }
      if (url.pathname === '/api/admin/words') return wordsReply(req)
      return undefined
    }
  })

  describe('待办', () => {
    let page: Page

    beforeAll(async () => {
      page = renderPage(h, 'staff/pages/queue/index') as Page
      await waitFor(() => expect(textOf(page.dom)).toContain(WISH.title))
    })

    it('lists what waits, oldest first, with its kind, community and how long it has waited', () => {
      const text = textOf(page.dom)
      expect(text).toContain('共 3 项等待处理')
      const items = page.querySelectorAll('.queue-item').map((n) => textOf(n.dom))
      expect(items).toHaveLength(2)
      expect(items[0]).toContain('心愿待审核')
      expect(items[0]).toContain('等了3天')
      expect(items[0]).toContain('阳光社区 · 自')
      expect(items[0]).toContain('去审核 ›')
      expect(items[1]).toContain('评论被举报')
      expect(items[1]).toContain('等了5小时')
      expect(items[1]).toContain('和平社区')
      expect(items[1]).toContain('去处理 ›')
    })

    it('shows the counts on the filter chips', () => {
      const chips = page.querySelectorAll('.chip').map((n) => textOf(n.dom))
      expect(chips).toEqual(['全部 3', '心愿待审核 1', '评论被举报 1', '志愿者申请 1'])
    })

    it('loads the next page with the cursor', async () => {
      // The button shows once the first page's cursor is kept, a render after its items.
      await waitFor(() => byText(page, '.action-button', '加载更多'))
      byText(page, '.action-button', '加载更多').dispatchEvent('tap')
      await waitFor(() => expect(page.querySelectorAll('.queue-item')).toHaveLength(3))
      expect(textOf(page.dom)).toContain('等了20分钟')
      const queries = calls(h.requests, 'GET', '/api/staff/queue').map((r) => new URL(r.url).searchParams)
      expect(queries.some((q) => q.get('cursor') === 'page-2')).toBe(true)
    })

    it('opens a wish waiting for review on its own page', async () => {
      page.querySelectorAll('.queue-item')[0]!.dispatchEvent('tap')
      await waitFor(() => expect(navigations).toContain(`/pages/wish-detail/index?id=${WISH.id}`))
    })

    it('opens the reported comments and the workbench’s applications', async () => {
      const items = page.querySelectorAll('.queue-item')
      items[1]!.dispatchEvent('tap')
      items[2]!.dispatchEvent('tap')
      await waitFor(() => expect(navigations).toContain('/staff/pages/comment-reports/index'))
      await waitFor(() => expect(navigations).toContain('/staff/pages/workbench/index'))
    })

    it('filters on one kind', async () => {
      byText(page, '.chip', '心愿待审核 1').dispatchEvent('tap')
      await waitFor(() => expect(page.querySelectorAll('.queue-item')).toHaveLength(1))
      expect(textOf(page.dom)).toContain('「心愿待审核」共 1 项')
      const last = calls(h.requests, 'GET', '/api/staff/queue').at(-1)!
      expect(new URL(last.url).searchParams.get('kind')).toBe('wish_review')
    })
  })

  describe('敏感词', () => {
    let page: Page

    beforeAll(async () => {
      page = renderPage(h, 'staff/pages/words/index') as Page
      await waitFor(() => expect(textOf(page.dom)).toContain('代开发票'))
    })

    it('shows the list and who last changed it', () => {
      const text = textOf(page.dom)
      expect(text).toContain('最近修改：平台管理员，11月20日 09:30')
      expect(text).toContain('共 2 个敏感词')
      expect(page.querySelectorAll('.words-editor__word')).toHaveLength(2)
    })

    it('sends nothing while nothing changed', async () => {
      byText(page, '.action-button', '保存词表').dispatchEvent('tap')
      await new Promise((r) => setTimeout(r, 50))
      expect(calls(h.requests, 'PUT', '/api/admin/words')).toHaveLength(0)
    })

    it('says so when a word is already in the list', async () => {
      page.querySelector('.text-input')!.dispatchEvent('input', { detail: { value: '赌博' } })
      byText(page, '.action-button', '添加').dispatchEvent('tap')
      await waitFor(() => expect(textOf(page.dom)).toContain('「赌博」已经在词表里了'))
    })

    it('adds several words at once and removes one, saying what is not saved yet', async () => {
      page.querySelector('.text-input')!.dispatchEvent('input', { detail: { value: '刷单，高利贷' } })
      byText(page, '.action-button', '添加').dispatchEvent('tap')
      await waitFor(() => expect(textOf(page.dom)).toContain('共 4 个敏感词'))
      expect(textOf(page.dom)).toContain('新增 2 个，还没有保存')
      expect(page.querySelectorAll('.words-editor__word--new')).toHaveLength(2)
      // The × of 代开发票, the second word.
      const words = page.querySelectorAll('.words-editor__word').map((n) => textOf(n.dom))
      const removes = page.querySelectorAll('.words-editor__remove')
      removes[words.findIndex((w) => w.startsWith('代开发票'))]!.dispatchEvent('tap')
      await waitFor(() => expect(textOf(page.dom)).toContain('新增 2 个、删除 1 个，还没有保存'))
      expect(textOf(page.dom)).toContain('将删除：代开发票')
    })

    it('shows the server’s refusal under the list, and keeps the draft', async () => {
      const ok = wordsReply
      wordsReply = () => ({
        statusCode: 403,
        data: { error: { code: 'FORBIDDEN', message: '只有平台管理员可以修改敏感词' } },
      })
      try {
        byText(page, '.action-button', '保存词表').dispatchEvent('tap')
        await waitFor(() => expect(textOf(page.dom)).toContain('只有平台管理员可以修改敏感词'))
        expect(textOf(page.dom)).toContain('共 3 个敏感词')
      } finally {
        wordsReply = ok
      }
    })

    it('saves the edited list with an idempotency key and shows it as saved', async () => {
      byText(page, '.action-button', '保存词表').dispatchEvent('tap')
      await waitFor(() => expect(textOf(page.dom)).not.toContain('还没有保存'))
      const puts = calls(h.requests, 'PUT', '/api/admin/words')
      const put = puts.at(-1)!
      expect(put.data).toEqual({ words: ['赌博', '刷单', '高利贷'] })
      expect(put.header['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
      expect(textOf(page.dom)).toContain('共 3 个敏感词')
      expect(textOf(page.dom)).not.toContain('11月20日 09:30')
    })
  })
})
