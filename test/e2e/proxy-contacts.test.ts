import { describe, expect, it } from 'vitest'
import { DEMO } from '../../src/server/db/seed'
import { useApp } from './support/app'
import { tap, tapText, visible } from './support/taro'

const app = useApp()

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
    await app.meetsSizes(false)
    await app.setElderMode('张志强', true)
    await app.shown('吴敏')
    await app.shot('contacts-elder')
    await app.meetsSizes(true)

    await app.openPage('pages/party/index')
    await app.shown('已报到')
    await app.shot('party-elder')
    await app.meetsSizes(true)
    await app.setElderMode('张志强', false)
    await app.shown('已报到')
    await app.shot('party-normal')
    await app.meetsSizes(false)
  })

  it('lets 陈主任 pick 孙大爷 and post a wish for him, and the timeline says who acted for whom', async () => {
    await app.loginAs('陈主任')
    await app.openStaffPage('residents')
    await app.shown('孙大爷')
    await tap(visible(app.page, '.resident'))
    await app.shown('代发心愿')
    await app.shot('staff-residents-normal')
    await app.meetsSizes(false)

    await tapText(app.page, '代发心愿')
    await app.shown('代孙大爷发布心愿')
    await app.shot('wish-new-for-sun')

    await app.openPage(`pages/wish-detail/index?id=${DEMO.wishes.forSun}`)
    await app.shown('陈主任 代 孙大爷 发布了心愿')
    await app.shot('wish-detail-for-sun')

    await app.setElderMode('陈主任', true)
    await app.openStaffPage('residents')
    await app.shown('孙大爷')
    await app.shot('staff-residents-elder')
    await app.meetsSizes(true)
    await app.setElderMode('陈主任', false)
  })
})
