import { describe, expect, it } from 'vitest'
import { screenshot } from './support/browser'
import { useApp } from './support/app'
import { dragPicker, tap, tapText, visible } from './support/taro'

const app = useApp()
const { loginAs, openPage } = app

const shown = (text: string) => app.page.getByText(text, { exact: true }).locator('visible=true').first()
const openWish = (id: string) => openPage(`pages/wish-detail/index?id=${id}`)

/** Issue #18: 李奶奶's wish without a phone still leaves her helper and her a way to call each other. */
describe('a claimed wish shows the owner and the volunteer whom to call', () => {
  it('李奶奶 posts without a phone; 刘芳 claims and is offered the community; 李奶奶 is offered 刘芳', async () => {
    await loginAs('李奶奶')
    await tapText(app.page, '发布心愿')
    await visible(app.page, 'input[placeholder="想请邻居帮什么忙"]').fill('帮我取一下快递')
    await tap(visible(app.page, '.select-box'))
    await dragPicker(app.page, 0)
    // Her 楼栋门牌 is filled in from her profile; she types no phone.
    expect(await visible(app.page, 'input[placeholder="例如：3号楼2单元501"]').inputValue()).toBe('5号楼')
    await tapText(app.page, '提交心愿')
    await app.page.waitForURL(/wish-detail/)
    const id = new URL(app.page.url().replace('#/', '')).searchParams.get('id')!

    await loginAs('陈主任')
    await openWish(id)
    await tapText(app.page, '审核通过，发布')
    await shown('待认领').waitFor()

    await loginAs('刘芳')
    await openWish(id)
    await tapText(app.page, '我来认领')
    await shown('已认领').waitFor()
    await shown('打电话给社区').waitFor()
    await app.page.getByText('李奶奶').locator('visible=true').first().waitFor()
    expect(await app.page.getByText('李**').locator('visible=true').count()).toBe(0)
    await shown('打电话给社区').scrollIntoViewIfNeeded()
    await screenshot(app.page, 'wish-contacts-claimer')

    await loginAs('李奶奶')
    await openWish(id)
    await visible(app.page, '.page--elder').waitFor()
    await shown('打电话给刘芳').waitFor()
    expect(await app.page.getByText('刘**').locator('visible=true').count()).toBe(0)
    await shown('打电话给刘芳').scrollIntoViewIfNeeded()
    await screenshot(app.page, 'wish-contacts-owner-elder')

    // Another resident sees neither the call buttons nor the names.
    await loginAs('王小明')
    await openWish(id)
    await shown('已认领').waitFor()
    expect(await app.page.getByText('联系对方').locator('visible=true').count()).toBe(0)
    await app.page.getByText('李**').locator('visible=true').first().waitFor()
    await screenshot(app.page, 'wish-contacts-other')
  })
})
