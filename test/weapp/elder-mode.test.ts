import { beforeAll, describe, expect, it } from 'vitest'
import { bootWeapp, cls, renderPage, textOf, waitFor, type RenderedComponent } from './support/simulate'
import { COMMUNITY, meAs } from './support/fixtures'

/** WeChat's 关怀模式 text size: the phone's font size setting, as getAppBaseInfo reports it. */
const CARE_FONT_SIZE = 22

describe('长辈模式 follows WeChat’s font size in the weapp build', () => {
  let h: ReturnType<typeof bootWeapp>
  let page: RenderedComponent

  beforeAll(async () => {
    // The session reads the phone's font size once, when the app starts.
    h = bootWeapp('token-wang', {
      canIUse: (name: string) => name === 'getAppBaseInfo',
      getAppBaseInfo: () => ({ fontSizeSetting: CARE_FONT_SIZE, SDKVersion: '3.0.0' }),
    })
    h.router.current = (req) => {
      const { pathname } = new URL(req.url)
      // The server's setting is off: the person never turned it on.
      if (pathname === '/api/me') return { statusCode: 200, data: meAs({ elderMode: false }) }
      if (pathname === '/api/communities') return { statusCode: 200, data: { items: [COMMUNITY], nextCursor: null } }
      if (pathname === '/api/wishes') return { statusCode: 200, data: { items: [], nextCursor: null } }
      return undefined
    }
    page = renderPage(h, 'pages/wishes/index')
    await waitFor(() => expect(textOf(page.dom)).toContain('幸福里社区'))
  })

  it('opens in elder mode on a phone set to large text, without offering what is already on', () => {
    expect(page.dom.querySelector(cls('page'))?.className).toContain(cls('page--elder').slice(1))
    const text = textOf(page.dom)
    expect(text).not.toContain('要打开长辈模式吗？')
    // The home page's entry says it is on and how to turn it off.
    expect(text).toContain('已打开，点这里关闭')
    // Nothing was written for the person: it follows the phone.
    expect(h.requests.some((r) => r.method === 'PATCH')).toBe(false)
  })
})
