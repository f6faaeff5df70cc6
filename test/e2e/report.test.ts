import { describe, expect, it } from 'vitest'
import { DEMO } from '../../src/server/db/seed'
import type { MonthReportDto } from '@/shared/reports'
import { monthLabel, shiftMonth } from '@/shared/reports'
import { shanghaiDate } from '@/shared/stations'
import type { StreetStatsDto } from '@/shared/street'
import { presetPeriod } from '@/staff/utils/period'
import { useApp } from './support/app'
import { tap, tapText } from './support/taro'

const app = useApp()

const REPORT = 'report/pages/month/index'
const thisMonth = () => shanghaiDate(new Date()).slice(0, 7)

describe('社区月报 and 街道数据 in the browser', () => {
  it('a resident opens the month from the home banner, sees its figures, and goes back a month', async () => {
    await app.loginAs('王小明')
    await tap(app.page.locator('.community-banner__report:visible', { hasText: '社区月报：本月做了什么、定了什么' }))
    await app.page.waitForURL(/report\/pages\/month/)
    await app.shown(monthLabel(thisMonth()))
    const { token } = await app.demoLogin('王小明')
    const report = await app.api<MonthReportDto>(
      'GET',
      `/api/communities/${DEMO.communities.sunshine}/report?month=${thisMonth()}`,
      token,
    )
    await app.shown('微心愿与志愿服务')
    const figure = async (label: string) =>
      (await app.page.locator('.report-figure:visible').filter({ hasText: label }).first().innerText()).replace(
        /\s+/g,
        '',
      )
    expect(await figure('新发布心愿')).toContain(`新发布心愿${report.wishes.posted}个`)
    expect(await figure('收到问题')).toContain(`收到问题${report.problems.received}件`)
    expect(await figure('预约')).toContain(`预约${report.bookings.booked}次`)
    await app.shot('report-month')
    await app.meetsSizes(false)

    await tapText(app.page, '‹ 上个月')
    await app.shown(monthLabel(shiftMonth(thisMonth(), -1)))
    await app.shot('report-month-previous')
  })

  it('the month page in elder mode', async () => {
    await app.loginAs('李奶奶')
    await app.openPage(`${REPORT}?communityId=${DEMO.communities.sunshine}`)
    await app.setElderMode('李奶奶', true)
    await app.shown('微心愿与志愿服务')
    await app.shot('report-month-elder')
    await app.meetsSizes(true)
    await app.setElderMode('李奶奶', false)
  })

  it('street staff compare the communities, chart one figure, export the CSV, open a community read-only', async () => {
    await app.loginAs('街道刘主任')
    await app.openStaffPage('workbench')
    await tapText(app.page, '街道数据')
    await app.page.waitForURL(/staff\/pages\/street/)
    await app.shown('各社区对比')
    const { token } = await app.demoLogin('街道刘主任')
    const period = presetPeriod('this_month', shanghaiDate(new Date()))
    const stats = await app.api<StreetStatsDto>(
      'GET',
      `/api/streets/${DEMO.streets.xingfu}/stats?from=${period.from}&to=${period.to}`,
      token,
    )
    expect(stats.communities.map((c) => c.name).sort()).toEqual(['和平社区', '阳光社区'])
    await app.shown('阳光社区 ›')
    await app.shot('street-table')
    // Scrolled to its last columns, the names stay in view.
    await app.page
      .locator('.street-table__scroll:visible')
      .first()
      .evaluate((e) => {
        e.scrollLeft = e.scrollWidth
      })
    await app.shown('满意度测评均分')
    await app.shot('street-table-scrolled', { fullPage: false })

    // The chart's chip (the table's heading says 完成心愿 too).
    await tap(app.page.locator('.chip:visible').filter({ hasText: '完成心愿' }).first())
    await app.page.locator('.chip--on:visible').filter({ hasText: '完成心愿' }).waitFor()
    const sunshine = stats.communities.find((c) => c.name === '阳光社区')!
    expect(
      await app.page.locator('.street-chart__item:visible').filter({ hasText: '阳光社区' }).first().innerText(),
    ).toContain(String(sunshine.wishesCompleted))
    expect(await app.page.locator('.street-chart__item:visible').count()).toBe(2)
    await app.shot('street-chart')
    await app.meetsSizes(false)

    const download = app.page.waitForEvent('download')
    await tapText(app.page, '导出表格')
    expect((await download).suggestedFilename()).toMatch(/^街道统计_幸福街道_.*\.csv$/)
    await app.shown('已导出')

    await tapText(app.page, '阳光社区 ›')
    await app.page.waitForURL(/staff\/pages\/dashboard.*readonly=1/)
    await app.shown('街道查看，只读')
    await app.shown('按时办结率')
    expect(await app.page.locator('.dashboard-export:visible').count()).toBe(0)
    expect(await app.page.getByText('导出问题反馈表格').locator('visible=true').count()).toBe(0)
    await app.shot('street-dashboard-readonly')
  })

  it('the street table and chart in elder mode', async () => {
    await app.loginAs('街道刘主任')
    await app.openStaffPage('street')
    await app.setElderMode('街道刘主任', true)
    await app.shown('各社区对比')
    await app.shot('street-table-elder')
    await app.meetsSizes(true)
    await app.setElderMode('街道刘主任', false)
  })
})
