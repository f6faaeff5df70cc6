import type { Response } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { useAppInBrowser } from './support/server'

/**
 * What Chromium gets from `npm start` when it opens the app (Lighthouse asked for it: 377 KiB of scripts were sent
 * uncompressed, and nothing said how long to keep them): text compressed, hashed files kept for a year, the page
 * itself revalidated.
 */
const app = useAppInBrowser()

describe('the H5 files of npm start', () => {
  it('come compressed with brotli, scripts and styles kept for a year, the page revalidated', async () => {
    const responses: Response[] = []
    app.page.on('response', (response) => responses.push(response))
    await app.page.goto(`${app.server.url}/`)
    await app.page.getByText('王小明').first().waitFor()
    app.page.removeAllListeners('response')

    const own = responses.filter((r) => new URL(r.url()).origin === app.server.url && !r.url().includes('/api/'))
    const page = own.find((r) => new URL(r.url()).pathname === '/')!
    expect(page.headers()['cache-control']).toBe('no-cache')
    expect(page.headers()['content-encoding']).toBe('br')

    const assets = own.filter((r) => /\.(js|css)$/.test(new URL(r.url()).pathname))
    expect(assets.length).toBeGreaterThan(2)
    let sent = 0
    let size = 0
    for (const asset of assets) {
      expect(asset.headers()['content-encoding'], asset.url()).toBe('br')
      expect(asset.headers()['cache-control'], asset.url()).toBe('public, max-age=31536000, immutable')
      sent += (await asset.request().sizes()).responseBodySize
      size += (await asset.body()).length
    }
    // brotli sends about a quarter of the bytes of this build's scripts and styles.
    expect(sent).toBeLessThan(size / 3)
  })
})
