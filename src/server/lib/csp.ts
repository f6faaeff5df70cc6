import { createHash } from 'node:crypto'

/**
 * Content-Security-Policy values: what a page served here may load and run. Each page allows its own inline blocks
 * by their hashes, so that nothing injected into it can run, and loads from no other site.
 */

/** The header's value from its directives, in the order given. */
export function policy(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ')
}

/** The `'sha256-…'` source of a text: what a browser matches an inline script or style against. */
const hashSource = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

/** The `'sha256-…'` sources of a page's inline `<script>` or `<style>` blocks (those with a body). */
export function inlineHashes(html: string, tag: 'script' | 'style'): string[] {
  const blocks = html.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'gi'))
  return [...blocks]
    .map((block) => block[1]!)
    .filter((body) => body.length > 0)
    .map(hashSource)
}

/** Any answer of the API: JSON and CSV, which run nothing and embed in no page. `/api/docs` sends its own. */
export const API_POLICY = policy({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] })

/**
 * The H5 app (`dist-h5/index.html` and its files): scripts of its own, and the page's inline script (Taro's rem
 * sizing) by its hash; and the one `javascript:` URL Taro's tab bar links to (`javascript:;`, which does nothing:
 * the tap is handled by the link's listener), by its hash, which takes `'unsafe-hashes'` (allowing inline event
 * handlers too, but only ones whose text has that same hash). It calls only its own origin and loads nothing from
 * another. Styles may be inline: Taro's
 * components insert their CSS as `<style>` elements when they first render, and set `style` attributes. Images are
 * its own, `data:` (icons, the check-in QR code) and `blob:` (what Taro's H5 file APIs hand back); fonts its own and
 * `data:` (the icon font in Taro's component CSS).
 */
export function h5Policy(indexHtml: string): string {
  return policy({
    'default-src': ["'self'"],
    'script-src': ["'self'", ...inlineHashes(indexHtml, 'script'), "'unsafe-hashes'", hashSource('javascript:;')],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  })
}
