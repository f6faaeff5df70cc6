import { describe, it } from 'vitest'
import { useApp } from './support/app'
import { tap, tapText } from './support/taro'

const app = useApp()

describe('住户认证 on the H5 app', () => {
  it('shows someone who is no member the application form, in both modes', async () => {
    await app.loginAs('平台管理员')
    await app.openPage('pages/membership/index')
    await app.shown('申请认证')
    await app.shot('membership-form-normal')
    await app.meetsSizes(false)
    await app.setElderMode('平台管理员', true)
    await app.shown('申请认证')
    await app.shot('membership-form-elder')
    await app.meetsSizes(true)
    await app.setElderMode('平台管理员', false)
  })

  it('takes 钱阿姨 from waiting to verified: 陈主任 approves her in 认证审核, and she reads it on her page', async () => {
    await app.loginAs('钱阿姨')
    await app.openPage('pages/membership/index')
    await app.shown('审核中')
    await app.shot('membership-pending-normal')
    await app.meetsSizes(false)

    await app.loginAs('陈主任')
    await app.openStaffPage('memberships')
    await app.shown('钱桂芳（租户）')
    await app.shot('staff-memberships-normal')
    await app.meetsSizes(false)
    await app.setElderMode('陈主任', true)
    await app.shown('钱桂芳（租户）')
    await app.shot('staff-memberships-elder')
    await app.meetsSizes(true)
    await tap(app.page.getByRole('button', { name: '通过', exact: true }).locator('visible=true').first())
    await app.shown('暂时没有待审核的认证')
    await app.setElderMode('陈主任', false)

    await app.loginAs('钱阿姨')
    await app.openPage('pages/membership/index')
    await app.shown('已认证')
    await app.setElderMode('钱阿姨', true)
    await app.shown('已认证')
    await app.shot('membership-verified-elder')
    await app.meetsSizes(true)
    await tapText(app.page, '退出认证')
    await app.shown('退出住户认证？')
    await app.shot('membership-leave-confirm-elder')
  })
})
