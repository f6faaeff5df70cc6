import { describe, expect, it } from 'vitest'
import type { ProblemDetailDto } from '@/shared/problems'
import { DEMO } from '../../src/server/db/seed'
import { useApp } from './support/app'
import { dragPicker, tap, tapText, visible } from './support/taro'

const app = useApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '1000' })

const problemPage = (id: string) => `problems/pages/detail/index?id=${id}`

/** A real photo for the browser to show: a PNG of the page itself, as Chromium draws it. */
const aPhoto = async () => app.page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: 300, height: 200 } })

/** Chooses `n` photos in the open form's picker and waits until each is shown from the server. */
async function addPhotos(n: number) {
  const photo = await aPhoto()
  const chooser = app.page.waitForEvent('filechooser')
  await tap(visible(app.page, '.photo-picker__add'))
  await (
    await chooser
  ).setFiles(Array.from({ length: n }, (_, i) => ({ name: `photo-${i}.png`, mimeType: 'image/png', buffer: photo })))
  await app.page
    .locator('.photo-picker__image img[src*="/api/uploads/"]')
    .nth(n - 1)
    .waitFor()
}

/** The photos of a problem's page (report, or result) loaded by their signed links. */
async function photosShown(n: number) {
  // Not the picker's, whose tiles are the grid's too.
  const images = app.page.locator('.photo-grid:not(.photo-picker) .photo-grid__image img')
  await images.nth(n - 1).waitFor()
  await expect.poll(() => images.nth(n - 1).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)
  await expect(images.count()).resolves.toBe(n)
}

describe('问题反馈 in the browser', () => {
  it('a resident reports, staff assign, the property handler accepts and resolves, the resident rates', async () => {
    await app.loginAs('王小明')
    await app.openPage('problems/pages/home/index')
    await app.shown('我要反映问题')
    await app.shot('problems-home')

    await app.setElderMode('王小明', false)
    await app.openPage('problems/pages/new/index')
    await tapText(app.page, '环境卫生')
    await visible(app.page, 'textarea').fill('8号楼门口的垃圾桶满了，两天没人清运')
    await addPhotos(2)
    // A building of the community, chosen from its list (the first after 不选楼栋).
    await tap(visible(app.page, '.select-box'))
    await dragPicker(app.page, -1)
    await app.shot('problems-new-photos')
    await app.meetsSizes(false)
    await tapText(app.page, '提交')
    await app.page.waitForURL(/problems\/pages\/detail/)
    await app.shown('待分派')
    const id = new URL(app.page.url().replace('/#/', '/')).searchParams.get('id')!
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    await photosShown(2)
    await app.shot('problems-detail-photos')

    // Staff find it in 待办, waiting to be assigned, and route it from there.
    await app.loginAs('陈主任')
    await app.openStaffPage('queue')
    await app.shown('问题待分派')
    await tap(
      app.page
        .getByText(/^问题待分派 \d+$/)
        .locator('visible=true')
        .first(),
    )
    await app.shown('8号楼门口的垃圾桶满了，两天没人清运')
    await app.shot('problems-staff-queue')
    await tapText(app.page, '8号楼门口的垃圾桶满了，两天没人清运')
    await app.page.waitForURL(/problems\/pages\/detail/)
    await tapText(app.page, '分派处理单位')
    await tapText(app.page, '阳光物业服务中心（物业）')
    await app.shot('problems-assign')
    await tapText(app.page, '提交')
    await app.shown('待接单')
    await app.afterToast()

    await app.loginAs('物业孙经理')
    await app.openPage('problems/pages/handler/index')
    await app.shown('8号楼门口的垃圾桶满了，两天没人清运')
    await app.shot('problems-handler-queue')
    await app.openPage(problemPage(id))
    await tapText(app.page, '接单处理')
    await app.shown('处理中')
    await app.afterToast()
    await tapText(app.page, '办结，填写处理结果')
    await visible(app.page, 'textarea').fill('已安排保洁清运，并增加了清运频次')
    await addPhotos(1)
    await app.shot('problems-resolve-photos')
    await tapText(app.page, '提交')
    await app.shown('待评价')
    await app.afterToast()
    // The report's two photos and the result's one.
    await photosShown(3)

    await app.loginAs('王小明')
    await app.openPage(problemPage(id))
    await tapText(app.page, '评价处理结果')
    await tapText(app.page, '满意')
    await tapText(app.page, '提交')
    await app.shown('已结案')
    await app.afterToast()
    await app.shot('problems-detail-closed')

    const problem = await app.api<ProblemDetailDto>('GET', `/api/problems/${id}`, (await app.demoLogin('王小明')).token)
    expect(problem).toMatchObject({ status: 'closed', satisfaction: 'satisfied', orgName: '阳光物业服务中心' })
    expect(problem.buildingName).not.toBeNull()
    expect([problem.photos.length, problem.resultPhotos.length]).toEqual([2, 1])
  })

  it('in elder mode: the report form with photos, the problem page, the handler’s queue and staff routing', async () => {
    await app.loginAs('王小明')
    await app.setElderMode('王小明', true)
    await app.openPage('problems/pages/new/index')
    await tapText(app.page, '设施维修')
    await visible(app.page, 'textarea').fill('6号楼电梯按钮失灵，老人上下楼不方便')
    await addPhotos(2)
    await app.shot('problems-new-photos-elder')
    await app.meetsSizes(true)
    await tapText(app.page, '提交')
    await app.page.waitForURL(/problems\/pages\/detail/)
    await photosShown(2)
    await app.shot('problems-detail-photos-elder')
    const id = new URL(app.page.url().replace('/#/', '/')).searchParams.get('id')!
    await app.setElderMode('王小明', false)

    await app.loginAs('陈主任')
    await app.setElderMode('陈主任', true)
    await app.openStaffPage('queue')
    await app.shown('问题待分派')
    await app.shot('problems-staff-queue-elder')
    await app.openPage(problemPage(id))
    await tapText(app.page, '分派处理单位')
    await tapText(app.page, '阳光物业服务中心（物业）')
    await app.shot('problems-assign-elder')
    await app.meetsSizes(true)
    await tapText(app.page, '提交')
    await app.shown('待接单')
    await app.afterToast()
    await app.setElderMode('陈主任', false)

    await app.loginAs('物业孙经理')
    await app.setElderMode('物业孙经理', true)
    await app.openPage('problems/pages/handler/index')
    await app.shown('6号楼电梯按钮失灵，老人上下楼不方便')
    await app.shot('problems-handler-queue-elder')
    await app.meetsSizes(true)
    await app.setElderMode('物业孙经理', false)
  })

  it('an elderly resident follows a problem in elder mode; staff see the figures and the problems list', async () => {
    await app.loginAs('李奶奶')
    await app.openPage('problems/pages/home/index')
    await app.shown('近30天办理情况')
    await app.shot('problems-home-elder')
    await app.openPage(problemPage(DEMO.problems.inProgress))
    await app.shown('办理进展')
    await app.shot('problems-detail-elder')

    await app.loginAs('陈主任')
    await app.openStaffPage('problems')
    await app.shown('5号楼2单元楼道灯坏了，晚上上下楼看不见。')
    await app.shot('problems-staff-list')
    await app.openStaffPage('dashboard')
    await app.shown('按时办结率')
    await app.shot('problems-staff-dashboard')
  })
})
