import { beforeAll, describe, expect, it } from 'vitest'
import type { MeDto } from '@/shared/identity'
import type { WishSummaryDto } from '@/shared/wishes'
import { bootWeapp, renderPage, textOf, waitFor, type RenderedComponent, type SimulatedNode } from './support/simulate'
import { COMMUNITY, meAs } from './support/fixtures'

const ME: MeDto = meAs({ nickname: '李大爷', elderMode: true })

const WISH: WishSummaryDto = {
  id: '7a2e5f10-4444-4444-8444-444444444444',
  communityId: COMMUNITY.id,
  title: '想请人帮忙买一袋米',
  category: 'elderly_care',
  status: 'open',
  ownerName: '王**',
  teamSize: 1,
  teamCount: 0,
  createdAt: '2025-11-20T01:30:00.000Z',
}

describe('心愿 tab in the weapp build', () => {
  let h: ReturnType<typeof bootWeapp>
  let page: RenderedComponent
  let serverDown = true

  beforeAll(() => {
    h = bootWeapp('token-li')
    h.router.current = (req) => {
      if (serverDown)
        return { statusCode: 503, data: { error: { code: 'DB_UNAVAILABLE', message: '服务暂时繁忙，请稍后再试' } } }
      const { pathname } = new URL(req.url)
      if (pathname === '/api/me') return { statusCode: 200, data: ME }
      if (pathname === '/api/communities') return { statusCode: 200, data: { items: [COMMUNITY], nextCursor: null } }
      if (pathname === '/api/wishes') {
        // The community has no wish for disabled residents yet.
        const none = new URL(req.url).searchParams.get('category') === 'disability'
        return { statusCode: 200, data: { items: none ? [] : [WISH], nextCursor: null } }
      }
      return undefined
    }
    page = renderPage(h, 'pages/wishes/index')
  })

  it('shows the server’s message and a 重试 button when loading fails', async () => {
    await waitFor(() => expect(textOf(page.dom)).toContain('服务暂时繁忙，请稍后再试'))
    expect(textOf(page.dom)).toContain('没有加载出来')
    expect(textOf(page.dom)).toContain('重试')
  })

  it('loads the wall of the community after 重试, in elder mode as the server remembers it', async () => {
    serverDown = false
    page.querySelector('.state__action')?.dispatchEvent('tap')

    await waitFor(() => expect(textOf(page.dom)).toContain('想请人帮忙买一袋米'))
    const card = page.dom.querySelector('.main--wish-card')
    expect(card).not.toBeNull()
    const text = textOf(card as Element)
    expect(text).toContain('助老') // the category label
    expect(text).toContain('王**') // the masked owner
    expect(text).toContain('待认领') // the status label
    expect(textOf(page.dom)).toContain('幸福里社区')
    expect(textOf(page.dom)).toContain('发布心愿')
    expect(page.dom.querySelector('.main--page')?.className).toContain('main--page--elder')

    const list = h.requests.find((r) => new URL(r.url).pathname === '/api/wishes')
    expect(new URL(list?.url ?? '').searchParams.get('communityId')).toBe(COMMUNITY.id)
  })

  it('says so, and how to see more, when a filter leaves no wish', async () => {
    // j-component finds every chip by its source class; the one labelled 助残 filters to that category.
    const chips = (page as unknown as { querySelectorAll(s: string): SimulatedNode[] }).querySelectorAll('.chip')
    const chip = chips.find((node) => textOf(node.dom) === '助残')
    expect(chip).toBeDefined()
    chip!.dispatchEvent('tap')
    await waitFor(() => expect(textOf(page.dom)).toContain('没有符合条件的心愿'))
    expect(textOf(page.dom)).toContain('换个类别或状态看看')
    expect(page.dom.querySelector('.main--wish-card')).toBeNull()
    const filtered = h.requests.filter((r) => new URL(r.url).searchParams.get('category') === 'disability')
    expect(filtered).toHaveLength(1)
  })
})
