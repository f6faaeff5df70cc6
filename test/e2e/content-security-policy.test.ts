import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { h5Policy } from '../../src/server/lib/csp'
import { useAppInBrowser } from './support/server'

/**
 * The H5 app and /api/docs under their Content-Security-Policy, in Chromium: they work, and the browser reports no
 * violation (useAppInBrowser checks after every test), while a script injected into the page is refused.
 */
const app = useAppInBrowser()

interface VercelConfig {
  headers: { source: string; headers: { key: string; value: string }[] }[]
}

describe('Content-Security-Policy', () => {
  it('comes with the H5 app and its files, and is the one vercel.json sends with them', async () => {
    const index = await fetch(`${app.server.url}/`)
    const html = await index.text()
    const sent = index.headers.get('content-security-policy')
    expect(sent).toBe(h5Policy(html))
    expect(sent).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]{44}' /)
    const script = /<script defer="defer" src="([^"]+)"/.exec(html)![1]!
    expect((await fetch(app.server.url + script)).headers.get('content-security-policy')).toBe(sent)

    // On Vercel the H5 files are served by Vercel itself, with the headers vercel.json gives them.
    const vercel = JSON.parse(fs.readFileSync('vercel.json', 'utf8')) as VercelConfig
    const h5Files = vercel.headers.find((rule) => rule.source === '/((?!api/).*)')
    expect(h5Files?.headers.find((header) => header.key === 'Content-Security-Policy')?.value).toBe(sent)
  })

  it('lets the app run: a resident logs in from the demo chooser and sees the wish wall', async () => {
    await app.page.goto(`${app.server.url}/`)
    await app.page.getByText('王小明').first().waitFor()
    await app.page.getByText('王小明').first().click()
    await app.page.waitForURL(/pages\/wishes/)
    await app.page.locator('.wish-card').first().waitFor()
  })

  it('refuses a script injected into the app', async () => {
    const ran = await app.page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.__injected = true'
      document.head.append(script)
      return (window as { __injected?: boolean }).__injected ?? false
    })
    expect(ran).toBe(false)
    await expect.poll(() => app.cspViolations.join('\n')).toContain('script-src-elem blocked inline')
    app.cspViolations.length = 0
  })

  it('lets /api/docs run its own script: every operation is listed', async () => {
    const docs = await app.page.goto(`${app.server.url}/api/docs`)
    expect(docs!.headers()['content-security-policy']).toContain("default-src 'none'")
    await app.page.getByText('/api/auth/logout').first().waitFor()
    expect(await app.page.locator('details').count()).toBeGreaterThan(60)
  })
})
