import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, phonePage, screenshot } from './support/browser'
import { startLocalServer, type LocalServer } from './support/server'
import { dragPicker, openTab, tap, tapText, visible } from './support/taro'

let server: LocalServer
let browser: Browser
let page: Page

beforeAll(async () => {
  server = await startLocalServer()
  browser = await launchBrowser()
  page = await phonePage(browser)
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const selectedCommunity = () => visible(page, '.select-box .select-box__text').innerText()
const isElder = () => page.locator('.page--elder:visible').count()

describe('我的 on the H5 app, served with the API by npm start', () => {
  it('lets a demo resident log in, move to another community and turn on elder mode, which survives a reload', async () => {
    await page.goto(server.url + '/')
    await page.getByText('王小明').first().waitFor()
    await screenshot(page, 'login-chooser')
    await tapText(page, '王小明')

    // 王小明 lives in 阳光社区, so the app opens on the wish wall of that community.
    await page.waitForURL(/pages\/wishes/)
    await openTab(page, '我的')
    await visible(page, '.select-box').waitFor()
    expect(await selectedCommunity()).toBe('阳光社区')
    expect(await isElder()).toBe(0)

    await tap(visible(page, '.select-box'))
    await dragPicker(page, 1)
    await expect.poll(selectedCommunity).toBe('和平社区')
    await screenshot(page, 'me-normal')

    await tapText(page, '长辈模式')
    await expect.poll(isElder).toBe(1)
    // Larger text at once: the switch's own title is at least 1.3 times its normal size.
    const elderSize = await visible(page, '.elder-mode__title').evaluate((el) =>
      parseFloat(getComputedStyle(el).fontSize),
    )

    await page.reload()
    await visible(page, '.select-box').waitFor()
    await expect.poll(isElder).toBe(1)
    expect(await selectedCommunity()).toBe('和平社区')
    await screenshot(page, 'me-elder')

    await tapText(page, '长辈模式')
    await expect.poll(isElder).toBe(0)
    const normalSize = await visible(page, '.elder-mode__title').evaluate((el) =>
      parseFloat(getComputedStyle(el).fontSize),
    )
    expect(elderSize / normalSize).toBeGreaterThanOrEqual(1.3)
  })

  it('shows the demo chooser again after logging out', async () => {
    await tapText(page, '退出登录')
    // A confirmation first, so an unsteady finger does not log anyone out.
    await tapText(page, '退出')
    await page.getByText('这是演示版，请选择一位邻居的身份进入：').waitFor()
    // The list loads after the heading; the chooser is back once the demo users are listed again.
    await page.getByText('李奶奶').locator('visible=true').first().waitFor({ timeout: 10_000 })
    expect(page.url()).toMatch(/pages\/login/)
  })
})
