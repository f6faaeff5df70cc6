import { describe, expect, it } from 'vitest'
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

describe('住户认证 on the H5 app', () => {
  it('shows someone who is no member the application form, in both modes', async () => {
    await app.loginAs('平台管理员')
    await app.openPage('pages/membership/index')
    await app.shown('申请认证')
    await app.shot('membership-form-normal')
    await meetsSizes(false)
    await elderMode('平台管理员', true)
    await app.shown('申请认证')
    await app.shot('membership-form-elder')
    await meetsSizes(true)
    await elderMode('平台管理员', false)
  })

  it('takes 钱阿姨 from waiting to verified: 陈主任 approves her in 认证审核, and she reads it on her page', async () => {
    await app.loginAs('钱阿姨')
    await app.openPage('pages/membership/index')
    await app.shown('审核中')
    await app.shot('membership-pending-normal')
    await meetsSizes(false)

    await app.loginAs('陈主任')
    await app.openStaffPage('memberships')
    await app.shown('钱桂芳（租户）')
    await app.shot('staff-memberships-normal')
    await meetsSizes(false)
    await elderMode('陈主任', true)
    await app.shown('钱桂芳（租户）')
    await app.shot('staff-memberships-elder')
    await meetsSizes(true)
    await tap(app.page.getByRole('button', { name: '通过', exact: true }).locator('visible=true').first())
    await app.shown('暂时没有待审核的认证')
    await elderMode('陈主任', false)

    await app.loginAs('钱阿姨')
    await app.openPage('pages/membership/index')
    await app.shown('已认证')
    await elderMode('钱阿姨', true)
    await app.shown('已认证')
    await app.shot('membership-verified-elder')
    await meetsSizes(true)
    await tapText(app.page, '退出认证')
    await app.shown('退出住户认证？')
    await app.shot('membership-leave-confirm-elder')
  })
})
