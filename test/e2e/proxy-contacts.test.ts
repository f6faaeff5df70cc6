import { describe, expect, it } from 'vitest'
import { DEMO } from '../../src/server/db/seed'
import { useApp } from './support/app'
import { ELDER_TARGETS, NORMAL_TARGETS, sizeOffenders } from './support/sizes'
import { tap, tapText, visible } from './support/taro'

const app = useApp()

/** The screen as it is now meets the 适老化 figures in elder mode, the usual 44 px targets otherwise. */
async function meetsSizes(elder: boolean) {
  expect(await sizeOffenders(app.page, elder ? ELDER_TARGETS : NORMAL_TARGETS)).toEqual([])
}

/** Turns elder mode on or off for the signed-in demo user, then reloads the page to show it. */
async function elderMode(nickname: string, on: boolean) {
  const { token } = await app.demoLogin(nickname)
  await app.api('PATCH', '/api/me', token, { elderMode: on })
  await app.page.reload()
  await visible(app.page, '.page').waitFor()
}

describe('楼道联系牌, 党员报到 and 代办 on the H5 app', () => {
  it("shows a resident their building's people, each with a call button, in both modes", async () => {
    await app.loginAs('张志强')
    await app.openPage('pages/contacts/index')
    await app.shown('吴敏')
    await app.shown('郑建国')
    // 张志强 chose to be listed on 1号楼's board.
    expect(await app.page.getByText('张志强').locator('visible=true').count()).toBeGreaterThan(0)
    const calls = app.page.getByRole('button', { name: /打电话/ })
    expect(await calls.count()).toBeGreaterThanOrEqual(4)
    await app.shot('contacts-normal')
    await meetsSizes(false)
    await elderMode('张志强', true)
    await app.shown('吴敏')
    await app.shot('contacts-elder')
    await meetsSizes(true)

    await app.openPage('pages/party/index')
    await app.shown('已报到')
    await app.shot('party-elder')
    await meetsSizes(true)
    await elderMode('张志强', false)
    await app.shown('已报到')
    await app.shot('party-normal')
    await meetsSizes(false)
  })

  it('lets 陈主任 pick 孙大爷 and post a wish for him, and the timeline says who acted for whom', async () => {
    await app.loginAs('陈主任')
    await app.openStaffPage('residents')
    await app.shown('孙大爷')
    await tap(visible(app.page, '.resident'))
    await app.shown('代发心愿')
    await app.shot('staff-residents-normal')
    await meetsSizes(false)

    await tapText(app.page, '代发心愿')
    await app.shown('代孙大爷发布心愿')
    await app.shot('wish-new-for-sun')

    await app.openPage(`pages/wish-detail/index?id=${DEMO.wishes.forSun}`)
    await app.shown('陈主任 代 孙大爷 发布了心愿')
    await app.shot('wish-detail-for-sun')

    await elderMode('陈主任', true)
    await app.openStaffPage('residents')
    await app.shown('孙大爷')
    await app.shot('staff-residents-elder')
    await meetsSizes(true)
    await elderMode('陈主任', false)
  })
})
