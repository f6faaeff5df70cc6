import type { Page } from 'playwright-core'

/**
 * What tells a navigation race apart when a page on screen is not the URL's (issue #24): a log, kept in the page,
 * of its history changes and of every Taro page added, removed or given new classes, each with its time in ms since
 * the page loaded. Install before the page loads (an init script); read it with `pageStackReport`.
 */
export async function recordPageStack(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: string[] = []
    Object.assign(window, { __pageStackLog: log })
    const now = () => Math.round(performance.now())
    addEventListener('popstate', () => log.push(`${now()} popstate ${location.hash}`))
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method].bind(history)
      history[method] = (data: unknown, unused: string, url?: string | URL | null) => {
        log.push(`${now()} ${method} ${String(url)}`)
        original(data, unused, url)
      }
    }
    const isPage = (node: Node): node is HTMLElement =>
      node instanceof HTMLElement && node.classList.contains('taro_page')
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'childList') {
          record.addedNodes.forEach((n) => isPage(n) && log.push(`${now()} + ${n.id} [${n.className}]`))
          record.removedNodes.forEach((n) => isPage(n) && log.push(`${now()} - ${n.id}`))
        } else if (isPage(record.target)) {
          log.push(`${now()} class ${record.target.id} [${record.target.className}]`)
        }
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] })
  })
}

export interface PageStackReport {
  at: number
  url: string
  /** What `document.elementFromPoint` finds where urlPageOnScreen looks, and at the expected text, with its page. */
  underProbe: string
  atText: string
  /** Every Taro page in the DOM, in order: id, classes, display, z-index, whether it holds the text. */
  pages: string[]
  log: string[]
}

/** The page stack as it is now, for a run whose screen did not match its URL; `text` is what was expected. */
export function pageStackReport(page: Page, text: string): Promise<PageStackReport> {
  return page.evaluate((text) => {
    const describe = (e: Element | null) =>
      e ? `${e.tagName.toLowerCase()}.${e.className} in ${e.closest('.taro_page')?.id ?? 'no page'}` : 'nothing'
    const leaf = Array.from(document.querySelectorAll<HTMLElement>('.taro_page *')).find(
      (e) => e.childElementCount === 0 && e.textContent === text && e.offsetParent,
    )
    const box = leaf?.getBoundingClientRect()
    return {
      at: Math.round(performance.now()),
      url: location.hash,
      underProbe: describe(document.elementFromPoint(innerWidth / 2, innerHeight / 3)),
      atText: box ? describe(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)) : 'not shown',
      pages: Array.from(document.querySelectorAll('.taro_page')).map((e) => {
        const style = getComputedStyle(e)
        const holds = e.textContent?.includes(text) ? ' holds the text' : ''
        return `${e.id} [${e.className}] display=${style.display} z=${style.zIndex}${holds}`
      }),
      log: ((window as unknown as { __pageStackLog?: string[] }).__pageStackLog ?? []).slice(-30),
    }
  }, text)
}
