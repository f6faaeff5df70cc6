import { describe, expect, it } from 'vitest'
import { useApp } from './support/app'
import { tap, visible } from './support/taro'

const app = useApp()
const { api, demoLogin, loginAs, openStaffPage, openPage, shown, shot } = app

/** Elder mode on or off for a demo user, as the switch in 我的 sets it; the page is opened again to show it. */
async function elderMode(nickname: string, on: boolean) {
  const { token } = await demoLogin(nickname)
  await api('PATCH', '/api/me', token, { elderMode: on })
}

describe('小区管理 and 邀请 on the H5 app, by 陈主任 of 阳光社区', () => {
  const ctx = {} as { code: string }

  it('shows the grids and buildings, and imports a pasted table with a per-line report', async () => {
    await loginAs('陈主任')
    await openStaffPage('workbench')
    await shown('小区管理')
    await tap(app.page.locator('.entry-link:visible').filter({ hasText: '小区管理' }))
    await app.page.waitForURL(/staff\/pages\/places/)
    await shown('第二网格')
    await shown('10号楼')

    const table = '楼栋,单元,房号,面积\n20号楼,1单元,101,88.5\n20号楼,1单元,102,abc\n20号楼,1单元,103,'
    await visible(app.page, '.household-import textarea').fill(table)
    await tap(app.page.getByText('开始导入').locator('visible=true').first())
    await shown('新增 2 户')
    await shown('第3行')
    await shot('staff-places')

    // A door code, read on request.
    await tap(app.page.getByText('门牌码').locator('visible=true').first())
    await expect.poll(() => visible(app.page, '.places__code').textContent()).toMatch(/^\d{8}$/)

    await elderMode('陈主任', true)
    await openStaffPage('places')
    await shown('第二网格')
    await shot('staff-places-elder')
    await elderMode('陈主任', false)
  })

  it('makes a staff invite and shows its code large and as a QR code', async () => {
    await openStaffPage('invites')
    await shown('生成邀请码')
    await tap(app.page.getByText('楼栋长').locator('visible=true').first())
    await shown('姓名和手机号会显示在这栋楼的楼道联系牌上')
    await tap(app.page.getByText('3号楼').locator('visible=true').first())
    await shot('staff-invites-form')
    await tap(app.page.getByText('生成邀请码').locator('visible=true').first())
    await shown('只能使用一次')
    await visible(app.page, '.qr').waitFor()
    const text = (await visible(app.page, '.invites__code').textContent()) ?? ''
    ctx.code = text.replace(/\s/g, '')
    expect(ctx.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/)
    await shot('staff-invites-code')

    await elderMode('陈主任', true)
    await openStaffPage('invites')
    await shown('生成邀请码')
    await shot('staff-invites-elder')
    await elderMode('陈主任', false)
  })

  it('a resident accepts it from 我的, typed in small letters, giving the name and phone the 联系牌 shows', async () => {
    await loginAs('王小明')
    await openPage('pages/me/index')
    await tap(app.page.getByText('输入邀请码').locator('visible=true').first())
    await app.page.waitForURL(/pages\/invite-accept/)
    await visible(app.page, 'input[placeholder="例如 ABCD EFGH"]').fill(
      ctx.code.toLowerCase().replace(/^(.{4})/, '$1 '),
    )
    await tap(app.page.getByText('接受邀请').locator('visible=true').last())
    await shown('楼道联系牌')
    await visible(app.page, 'input[placeholder="楼道联系牌上显示的姓名"]').fill('王小明')
    await visible(app.page, 'input[placeholder="11位手机号"]').fill('13812345678')
    await shot('invite-accept-contact')
    await tap(app.page.getByText('接受邀请').locator('visible=true').last())
    await shown('已接受邀请')
    await shown('楼栋长')
    await shot('invite-accept-done')

    await elderMode('王小明', true)
    await openPage('pages/invite-accept/index')
    await shown('大小写和空格都不要紧')
    await shot('invite-accept-elder')
    await elderMode('王小明', false)
  })
})
