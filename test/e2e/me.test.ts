import { describe, expect, it } from 'vitest'
import { screenshot } from './support/browser'
import { useAppInBrowser } from './support/server'
import { dragPicker, openTab, tap, tapText, visible } from './support/taro'

const app = useAppInBrowser()

const selectedCommunity = () => visible(app.page, '.select-box .select-box__text').innerText()
const isElder = () => app.page.locator('.page--elder:visible').count()

describe('我的 on the H5 app, served with the API by npm start', () => {
  it('lets a demo resident log in, move to another community and turn on elder mode, which survives a reload', async () => {
    await app.page.goto(app.server.url + '/')
    await app.page.getByText('王小明').first().waitFor()
    await screenshot(app.page, 'login-chooser')
    await tapText(app.page, '王小明')

    // 王小明 lives in 阳光社区, so the app opens on the wish wall of that community.
    await app.page.waitForURL(/pages\/wishes/)
    await openTab(app.page, '我的')
    await visible(app.page, '.select-box').waitFor()
    expect(await selectedCommunity()).toBe('阳光社区')
    expect(await isElder()).toBe(0)

    await tap(visible(app.page, '.select-box'))
    await dragPicker(app.page, 1)
    await expect.poll(selectedCommunity).toBe('和平社区')
    await screenshot(app.page, 'me-normal')

    await tapText(app.page, '长辈模式')
    await expect.poll(isElder).toBe(1)
    // Larger text at once: the switch's own title is at least 1.3 times its normal size.
    const elderSize = await visible(app.page, '.elder-mode__title').evaluate((el) =>
      parseFloat(getComputedStyle(el).fontSize),
    )

    await app.page.reload()
    await visible(app.page, '.select-box').waitFor()
    await expect.poll(isElder).toBe(1)
    expect(await selectedCommunity()).toBe('和平社区')
    await screenshot(app.page, 'me-elder')

    await tapText(app.page, '长辈模式')
    await expect.poll(isElder).toBe(0)
    const normalSize = await visible(app.page, '.elder-mode__title').evaluate((el) =>
      parseFloat(getComputedStyle(el).fontSize),
    )
    expect(elderSize / normalSize).toBeGreaterThanOrEqual(1.3)
  })

  it('shows the demo chooser again after logging out, and the server no longer takes the token', async () => {
    // Taro keeps storage in localStorage as {"data": …}.
    const token = await app.page.evaluate(() => JSON.parse(localStorage.getItem('llt.token') ?? 'null')?.data as string)
    const me = () => fetch(`${app.server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })
    expect((await me()).status).toBe(200)

    await tapText(app.page, '退出登录')
    // A confirmation first, so an unsteady finger does not log anyone out.
    await tapText(app.page, '退出')
    await app.page.getByText('这是演示版，请选择一位邻居的身份进入：').waitFor()
    // The list loads after the heading; the chooser is back once the demo users are listed again.
    await app.page.getByText('李奶奶').locator('visible=true').first().waitFor({ timeout: 10_000 })
    expect(app.page.url()).toMatch(/pages\/login/)
    // A copy of the token is worth nothing now.
    await expect.poll(async () => (await me()).status).toBe(401)
  })
})
