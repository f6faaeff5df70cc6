import { describe, expect, it } from 'vitest'
import { screenshot } from './support/browser'
import { useApp } from './support/app'
import { dragPicker, tap, tapText, visible } from './support/taro'

const app = useApp()
const { loginAs, openPage } = app

/** Taro's input is a custom element wrapping the real <input>, which carries the placeholder too. */
const fillInput = (placeholder: string, text: string) =>
  visible(app.page, `input[placeholder="${placeholder}"]`).fill(text)

/** Opens a wish as a shared link would: the app starts on its page, with the signed-in user's session. */
const openWish = (id: string) => openPage(`pages/wish-detail/index?id=${id}`)

const statusShown = (label: string) =>
  app.page.getByText(label, { exact: true }).locator('visible=true').first().waitFor()

describe('微心愿 on the H5 app, the whole loop by its four people', () => {
  it('a resident posts, staff approves, a volunteer claims and fulfils, the resident confirms', async () => {
    await loginAs('王小明')
    await visible(app.page, '.wish-card').waitFor()
    await screenshot(app.page, 'wishes-wall')

    await tapText(app.page, '发布心愿')
    await fillInput('想请邻居帮什么忙', '帮忙搬一下旧书柜')
    await tap(visible(app.page, '.select-box'))
    await dragPicker(app.page, 0)
    await fillInput('例如：3号楼2单元501', '3号楼1单元102')
    await screenshot(app.page, 'wish-form')
    await tapText(app.page, '提交心愿')
    await app.page.waitForURL(/wish-detail/)
    const id = new URL(app.page.url().replace('#/', '')).searchParams.get('id')!
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    await statusShown('待审核')

    await loginAs('陈主任')
    await openWish(id)
    await tapText(app.page, '审核通过，发布')
    await statusShown('待认领')

    await loginAs('刘芳')
    await openWish(id)
    await tapText(app.page, '我来认领')
    await statusShown('已认领')
    // The claimer now sees the address the resident left.
    await app.page.getByText('3号楼1单元102').locator('visible=true').first().waitFor()
    await screenshot(app.page, 'wish-detail-claimed')
    await tapText(app.page, '我已完成')
    await visible(app.page, 'textarea').fill('书柜已经搬到楼下回收点了')
    await tapText(app.page, '提交')
    await statusShown('待确认')

    await loginAs('王小明')
    await openWish(id)
    await tapText(app.page, '确认完成并感谢')
    await tapText(app.page, '提交')
    await statusShown('已完成')
    await screenshot(app.page, 'wish-detail-completed')
  })

  it('shows the wall and a wish in elder mode to 李奶奶', async () => {
    await loginAs('李奶奶')
    await visible(app.page, '.wish-card').waitFor()
    expect(await app.page.locator('.page--elder:visible').count()).toBe(1)
    await screenshot(app.page, 'wishes-wall-elder')
    await tap(visible(app.page, '.wish-card'))
    await app.page.waitForURL(/wish-detail/)
    await visible(app.page, '.page--elder').waitFor()
    await screenshot(app.page, 'wish-detail-elder')
  })
})
