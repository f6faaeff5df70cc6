import type { useApp } from './app'
import { visible } from './taro'

/** Which API requests a page's states are shown with: the page's own list, not the session's. */
export type UrlMatch = (url: URL) => boolean

/** The server's answer when the database is unavailable: what a page's error state is shown with. */
export const UNAVAILABLE = { code: 'DB_UNAVAILABLE', message: '服务暂时繁忙，请稍后再试' }

/**
 * A staff page's loading, error and empty states, each photographed: its requests (those `match` takes) held while
 * the spinner shows, then answered with the server's 503, then with `empty` (GETs only; writes go through).
 * `const states = pageStates(app)` once per file; then `states(name, page, match, empty, emptyText)` per page,
 * `page` being the staff page's folder (`queue`, `places`…).
 */
export function pageStates(app: ReturnType<typeof useApp>) {
  return async function states(name: string, page: string, match: UrlMatch, empty: unknown, emptyText: string) {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    await app.page.route(match, async (route) => {
      await held
      await route.continue().catch(() => undefined)
    })
    await app.openStaffPage(page)
    await visible(app.page, '.state--loading').waitFor()
    await app.shot(`${name}-loading`, { fullPage: false })
    release()
    await app.page.unroute(match)

    await app.page.route(match, (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: UNAVAILABLE }) }),
    )
    await app.openStaffPage(page)
    await app.shown('没有加载出来')
    await app.shown(UNAVAILABLE.message)
    await app.shot(`${name}-error`, { fullPage: false })
    await app.page.unroute(match)

    await app.page.route(match, (route) =>
      route.request().method() === 'GET'
        ? route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(empty) })
        : route.continue(),
    )
    await app.openStaffPage(page)
    await app.shown(emptyText)
    await app.shot(`${name}-empty`)
    await app.page.unroute(match)
  }
}
