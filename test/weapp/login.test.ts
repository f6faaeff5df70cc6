import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { AuthResult } from '@/shared/identity'
import { bootWeapp, renderPage, textOf, waitFor } from './support/simulate'

const RESULT: AuthResult = {
  token: 'token-new',
  user: {
    id: '0b7a4c52-4444-4444-8444-444444444444',
    nickname: '微信用户',
    avatarUrl: null,
    role: 'resident',
    communityId: null,
    building: null,
    elderMode: false,
    staffCommunityIds: [],
    streetIds: [],
    handlerOrgIds: [],
    volunteer: null,
    membership: null,
  },
}

describe('login in the weapp build', () => {
  let h: ReturnType<typeof bootWeapp>
  const wx = () => (globalThis as unknown as { wx: Record<string, (o: { url: string }) => unknown> }).wx

  beforeAll(() => {
    h = bootWeapp(null)
    h.router.current = (req) => {
      const { pathname } = new URL(req.url)
      if (pathname === '/api/auth/wechat') return { statusCode: 200, data: RESULT }
      // Only the new token is accepted.
      if (req.header.Authorization !== `Bearer ${RESULT.token}`) return { statusCode: 401, data: null }
      if (pathname === '/api/me') return { statusCode: 200, data: RESULT.user }
      if (pathname === '/api/communities') return { statusCode: 200, data: { items: [], nextCursor: null } }
      return undefined
    }
  })

  it('sends a visitor without a session from a tab page to the login page', async () => {
    const reLaunch = vi.spyOn(wx(), 'reLaunch')
    const page = renderPage(h, 'pages/wishes/index')
    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/login/index' })))
    expect(textOf(page.dom)).toBe('') // nothing of the page is shown without a session
    expect(h.requests).toHaveLength(0)
  })

  it('logs in with the wx.login code and opens 我的 for a user without a community', async () => {
    const reLaunch = vi.spyOn(wx(), 'reLaunch')
    const page = renderPage(h, 'pages/login/index')
    await waitFor(() => expect(textOf(page.dom)).toContain('微信一键登录'))

    page.querySelector('.action-button')?.dispatchEvent('tap')

    const login = await waitFor(() => {
      const found = h.requests.find((r) => r.url.endsWith('/api/auth/wechat'))
      expect(found).toBeDefined()
      return found!
    })
    expect(login.method).toBe('POST')
    expect(login.data).toEqual({ code: '123456789' }) // what miniprogram-simulate's wx.login answers
    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/me/index' })))
    expect(h.storage.get('llt.token')).toBe('token-new')
  })
})
