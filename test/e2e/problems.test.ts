import { describe, expect, it } from 'vitest'
import type { ProblemDetailDto } from '@/shared/problems'
import { DEMO } from '../../src/server/db/seed'
import { useApp } from './support/app'
import { tapText, visible } from './support/taro'

const app = useApp()

const problemPage = (id: string) => `problems/pages/detail/index?id=${id}`

describe('问题反馈 in the browser', () => {
  it('a resident reports, staff assign, the property handler accepts and resolves, the resident rates', async () => {
    await app.loginAs('王小明')
    await app.openPage('problems/pages/home/index')
    await app.shown('我要反映问题')
    await app.shot('problems-home')

    await app.openPage('problems/pages/new/index')
    await tapText(app.page, '环境卫生')
    await visible(app.page, 'textarea').fill('8号楼门口的垃圾桶满了，两天没人清运')
    await app.shot('problems-new')
    await tapText(app.page, '提交')
    await app.page.waitForURL(/problems\/pages\/detail/)
    await app.shown('待分派')
    const id = new URL(app.page.url().replace('/#/', '/')).searchParams.get('id')!
    expect(id).toMatch(/^[0-9a-f-]{36}$/)

    await app.loginAs('陈主任')
    await app.openPage(problemPage(id))
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
    await tapText(app.page, '提交')
    await app.shown('待评价')
    await app.afterToast()

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
