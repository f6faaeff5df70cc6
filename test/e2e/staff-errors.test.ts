import { describe, it } from 'vitest'
import { useApp } from './support/app'
import { pageStates, type UrlMatch } from './support/states'

/** 认证审核, 小区管理 and 代办: how each shows its loading, a failed load (503) and nothing to show. */

const app = useApp()
const states = pageStates(app)

/** `/api/communities/<id>/<list>` for any of the lists given. */
const communityList =
  (...lists: string[]): UrlMatch =>
  (url) =>
    lists.some((list) => new RegExp(`^/api/communities/[^/]+/${list}$`).test(url.pathname))

const EMPTY_PAGE = { items: [], nextCursor: null }

describe('staff pages when loading, failing and empty, by 陈主任', () => {
  it('认证审核', async () => {
    await app.loginAs('陈主任')
    await states('memberships', 'memberships', communityList('memberships'), EMPTY_PAGE, '暂时没有待审核的认证')
  })

  it('小区管理', async () => {
    await states('places', 'places', communityList('grids', 'buildings', 'households'), EMPTY_PAGE, '还没有登记住户')
  })

  it('代办', async () => {
    await states('residents', 'residents', communityList('residents'), EMPTY_PAGE, '还没有登记的居民')
  })

  it('the same three in elder mode', async () => {
    const { token } = await app.demoLogin('陈主任')
    await app.api('PATCH', '/api/me', token, { elderMode: true })
    try {
      await states('memberships-elder', 'memberships', communityList('memberships'), EMPTY_PAGE, '暂时没有待审核的认证')
      await states(
        'places-elder',
        'places',
        communityList('grids', 'buildings', 'households'),
        EMPTY_PAGE,
        '还没有登记住户',
      )
      await states('residents-elder', 'residents', communityList('residents'), EMPTY_PAGE, '还没有登记的居民')
    } finally {
      await app.api('PATCH', '/api/me', token, { elderMode: false })
    }
  })
})
