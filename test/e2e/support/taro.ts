import type { Locator, Page } from 'playwright-core'

/**
 * Helpers for Taro's H5 build: earlier pages stay in the DOM, hidden, so every lookup is scoped to what is
 * visible; the pull-down-refresh layer sits over the page, so taps scroll into view and tap the element itself.
 */
export const visible = (page: Page, selector: string): Locator => page.locator(`${selector}:visible`).first()

/**
 * Runs in the page: whether the page on screen is the one the URL names, i.e. the Taro page under the middle of the
 * window has the URL's path (its id is that path and a stamp). Hidden pages stay in the DOM; only the top one counts.
 */
function urlPageShown(): boolean {
  const shown = document.elementFromPoint(innerWidth / 2, innerHeight / 3)?.closest('.taro_page')
  const path = (url: string) => new URL(url, location.origin).pathname
  return !!shown && path(shown.id) === path(location.hash.slice(1))
}

export const urlPageOnScreen = (page: Page): Promise<boolean> => page.evaluate(urlPageShown)

/** Waits until the page the URL names is on screen: the URL changes first, the page mounts after its code loads. */
export async function waitForUrlPage(page: Page): Promise<void> {
  await page.waitForFunction(urlPageShown)
}

export async function tap(target: Locator): Promise<void> {
  // A page that re-renders as its data arrives can replace the element between scrolling to it and tapping it: the
  // locator finds the new one on the next try, as a finger would tap what is on screen.
  for (let attempt = 1; ; attempt++) {
    try {
      await target.scrollIntoViewIfNeeded()
      await target.click({ force: true })
      return
    } catch (e) {
      if (attempt >= 3 || !String(e).includes('not attached to the DOM')) throw e
    }
  }
}

export async function tapText(page: Page, text: string): Promise<void> {
  await tap(page.getByText(text, { exact: true }).locator('visible=true').first())
}

export async function openTab(page: Page, label: '心愿' | '驿站' | '议事' | '我的'): Promise<void> {
  await tap(page.locator('.weui-tabbar__item', { hasText: label }).first())
}

/**
 * Chooses an option of the open picker wheel by dragging it, as a finger would: `rows` positive moves to earlier
 * options. The wheel slides up first; a drag during that animation is lost.
 */
export async function dragPicker(page: Page, rows: number): Promise<void> {
  const group = page.locator('.weui-picker__group')
  await group.waitFor()
  await page.waitForTimeout(600)
  const box = (await group.boundingBox())!
  const x = box.x + box.width / 2
  const y = box.y + box.height / 2
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x, y + rows * 36, { steps: 8 })
  await page.mouse.up()
  await page.waitForTimeout(400)
  await tapText(page, '确定')
  // The sheet slides away over the page; a tap before it has gone lands on its mask.
  await page.locator('.weui-picker').first().waitFor({ state: 'hidden' })
  await page.waitForTimeout(300)
}
