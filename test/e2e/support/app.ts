import fs from 'node:fs'
import path from 'node:path'
import { expect } from 'vitest'
import type { AuthResult } from '@/shared/identity'
import { SCREENSHOT_DIR } from './browser'
import { useAppInBrowser } from './server'
import { ELDER_TARGETS, NORMAL_TARGETS, sizeOffenders } from './sizes'
import { tapText, visible, waitForUrlPage } from './taro'

/**
 * The app in Chromium (see useAppInBrowser, `env` over the server's settings) with what every browser test does with it: call the API as a user,
 * log in from the demo chooser, open a page as a link would, and take screenshots to look at.
 */
export function useApp(env: Record<string, string> = {}) {
  const app = useAppInBrowser(env)

  /** Calls the API as a user, as the app would; a failure stops the test with the server's answer. */
  async function api<T>(method: string, url: string, token?: string, body?: unknown): Promise<T> {
    const res = await fetch(app.server.url + url, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text}`)
    return JSON.parse(text) as T
  }

  /** A demo user's session, through the same demo login the chooser uses. */
  async function demoLogin(nickname: string): Promise<AuthResult> {
    const users = await api<{ items: { id: string; nickname: string }[] }>('GET', '/api/auth/dev/users')
    const user = users.items.find((u) => u.nickname === nickname)
    if (!user) throw new Error(`no demo user ${nickname}`)
    return api<AuthResult>('POST', '/api/auth/dev', undefined, { userId: user.id })
  }

  /** Logs in from the demo chooser, as someone new to this browser would. */
  async function loginAs(nickname: string) {
    await app.page.goto(`${app.server.url}/#/pages/login/index`)
    await app.page.evaluate('localStorage.clear()')
    await app.page.reload()
    await app.page.getByText(nickname, { exact: true }).locator('visible=true').first().waitFor()
    await tapText(app.page, nickname)
    await app.page.waitForURL(/pages\/(wishes|me)/)
    // Logged in once the landing page is on screen: navigating while it still loads raced Taro's router.
    await waitForUrlPage(app.page)
  }

  /**
   * Opens a page as a shared link would (`pages/topic-detail/index?id=…`, `staff/pages/check-in/index`): the app
   * starts on it, with the signed-in user's session.
   */
  async function openPage(route: string) {
    await app.page.goto(`${app.server.url}/#/${route}`)
    await app.page.reload()
    await visible(app.page, '.page').waitFor()
  }

  /** Opens a page of the staff subpackage by its folder name, as a link would. */
  const openStaffPage = (name: string, query = '') => openPage(`staff/pages/${name}/index${query}`)

  /** Waits until the text shows on the visible page. */
  const shown = (text: string) => app.page.getByText(text).locator('visible=true').first().waitFor()

  /** A toast sits over the middle of the page for 1.5 s; a tap there meanwhile would land on it. */
  const afterToast = () => app.page.waitForTimeout(1_800)

  /**
   * A screenshot in .artifacts/screenshots, of the whole page by default so what is below the fold is looked at
   * too: Taro's H5 page scrolls inside its own box, so the window is made as tall as the visible page for it.
   */
  async function shot(name: string, { fullPage = true } = {}) {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
    // Let toasts and page transitions settle.
    await app.page.waitForTimeout(400)
    const viewport = app.page.viewportSize()!
    const height = fullPage
      ? Number(
          await app.page.evaluate(
            "Math.max(0, ...Array.from(document.querySelectorAll('.page')).map((e) => e.offsetParent ? e.scrollHeight : 0))",
          ),
        )
      : 0
    if (height > viewport.height) await app.page.setViewportSize({ width: viewport.width, height })
    await app.page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) })
    if (height > viewport.height) await app.page.setViewportSize(viewport)
  }

  /** Turns elder mode on or off for a demo user, then reloads the page to show it. */
  async function setElderMode(nickname: string, on: boolean) {
    const { token } = await demoLogin(nickname)
    await api('PATCH', '/api/me', token, { elderMode: on })
    await app.page.reload()
    await visible(app.page, '.page').waitFor()
  }

  /** The screen as it is now meets the 适老化 figures in elder mode, the usual 44 px targets otherwise. */
  async function meetsSizes(elder: boolean) {
    expect(await sizeOffenders(app.page, elder ? ELDER_TARGETS : NORMAL_TARGETS)).toEqual([])
  }

  return Object.assign(app, {
    api,
    demoLogin,
    loginAs,
    openPage,
    openStaffPage,
    shown,
    afterToast,
    shot,
    setElderMode,
    meetsSizes,
  })
}
