import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, phonePage, screenshot } from './support/browser'
import { startLocalServer, type LocalServer } from './support/server'
import { dragPicker, tap, tapText, visible } from './support/taro'

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

/** Logs in from the demo chooser, as someone new to this browser would. */
async function loginAs(nickname: string) {
  await page.goto(`${server.url}/#/pages/login/index`)
  await page.evaluate('localStorage.clear()')
  await page.reload()
  await page.getByText(nickname, { exact: true }).locator('visible=true').first().waitFor()
  await tapText(page, nickname)
  await page.waitForURL(/pages\/(wishes|me)/)
}

/** Taro's input is a custom element wrapping the real <input>, which carries the placeholder too. */
const fillInput = (placeholder: string, text: string) => visible(page, `input[placeholder="${placeholder}"]`).fill(text)

async function openWish(id: string) {
  await page.goto(`${server.url}/#/pages/wish-detail/index?id=${id}`)
  await visible(page, '.wish-actions, .page').waitFor()
}

const statusShown = (label: string) => page.getByText(label, { exact: true }).locator('visible=true').first().waitFor()

describe('微心愿 on the H5 app, the whole loop by its four people', () => {
  it('a resident posts, staff approves, a volunteer claims and fulfils, the resident confirms', async () => {
    await loginAs('王小明')
    await visible(page, '.wish-card').waitFor()
    await screenshot(page, 'wishes-wall')

    await tapText(page, '发布心愿')
    await fillInput('想请邻居帮什么忙', '帮忙搬一下旧书柜')
    await tap(visible(page, '.select-box'))
    await dragPicker(page, 0)
    await fillInput('例如：3号楼2单元501', '3号楼1单元102')
    await screenshot(page, 'wish-form')
    await tapText(page, '提交心愿')
    await page.waitForURL(/wish-detail/)
    const id = new URL(page.url().replace('#/', '')).searchParams.get('id')!
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    await statusShown('待审核')

    await loginAs('陈主任')
    await openWish(id)
    await tapText(page, '审核通过，发布')
    await statusShown('待认领')

    await loginAs('刘芳')
    await openWish(id)
    await tapText(page, '我来认领')
    await statusShown('已认领')
    // The claimer now sees the address the resident left.
    await page.getByText('3号楼1单元102').locator('visible=true').first().waitFor()
    await screenshot(page, 'wish-detail-claimed')
    await tapText(page, '我已完成')
    await visible(page, 'textarea').fill('书柜已经搬到楼下回收点了')
    await tapText(page, '提交')
    await statusShown('待确认')

    await loginAs('王小明')
    await openWish(id)
    await tapText(page, '确认完成并感谢')
    await tapText(page, '提交')
    await statusShown('已完成')
    await screenshot(page, 'wish-detail-completed')
  })

  it('shows the wall and a wish in elder mode to 李奶奶', async () => {
    await loginAs('李奶奶')
    await visible(page, '.wish-card').waitFor()
    expect(await page.locator('.page--elder:visible').count()).toBe(1)
    await screenshot(page, 'wishes-wall-elder')
    await tap(visible(page, '.wish-card'))
    await page.waitForURL(/wish-detail/)
    await visible(page, '.page--elder').waitFor()
    await screenshot(page, 'wish-detail-elder')
  })
})
