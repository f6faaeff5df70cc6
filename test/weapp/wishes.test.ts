import { beforeAll, describe, expect, it } from 'vitest'
import type { CommunityDto, MeDto } from '@/shared/identity'
import { bootWeapp, renderPage, textOf, waitFor, type RenderedComponent } from './support/simulate'

const COMMUNITY: CommunityDto = {
  id: '6f1c1d1e-1111-4111-8111-111111111111',
  name: '幸福里社区',
  street: '湖滨街道',
  district: '上城区',
}
const ME: MeDto = {
  id: '0b7a4c52-3333-4333-8333-333333333333',
  nickname: '李大爷',
  avatarUrl: null,
  role: 'resident',
  communityId: COMMUNITY.id,
  building: null,
  elderMode: true,
  staffCommunityIds: [],
  volunteer: null,
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
      return undefined
    }
    page = renderPage(h, 'pages/wishes/index')
  })

  it('shows the server’s message and a 重试 button when loading fails', async () => {
    await waitFor(() => expect(textOf(page.dom)).toContain('服务暂时繁忙，请稍后再试'))
    expect(textOf(page.dom)).toContain('没有加载出来')
    expect(textOf(page.dom)).toContain('重试')
  })

  it('loads the community after 重试, in elder mode as the server remembers it', async () => {
    serverDown = false
    page.querySelector('.state__action')?.dispatchEvent('tap')

    await waitFor(() => expect(textOf(page.dom)).toContain('幸福里社区'))
    expect(textOf(page.dom)).toContain('心愿墙马上就来')
    expect(page.dom.querySelector('.main--page')?.className).toContain('main--page--elder')
  })
})
