import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { AuthResult } from '@/shared/identity'
import {
  addDays,
  shanghaiDate,
  type SlotDayDto,
  type SlotDto,
  type StationDetailDto,
  type StationSummaryDto,
} from '@/shared/stations'
import type { WishDetailDto } from '@/shared/wishes'
import type { StatsDto } from '@/shared/workbench'
import { durationText, exportFileName, hoursText, percentText } from '@/staff/utils/dashboard'
import { presetPeriod, type Period } from '@/staff/utils/period'
import { useApp } from './support/app'
import { tap, tapText, visible } from './support/taro'

const app = useApp()

const STATS = (url: URL) => url.pathname === '/api/staff/stats'
const EXPORTS = (url: URL) => url.pathname.startsWith('/api/staff/export/')

/** A period with nothing in it: the demo data is all from the last few days. */
const QUIET: Period = { from: '2020-01-01', to: '2020-01-31' }

const ctx = {} as { staff: AuthResult; communityId: string; today: string; slotDate: string }

function statsUrl(period: Period): string {
  return `/api/staff/stats?communityId=${ctx.communityId}&from=${period.from}&to=${period.to}`
}

/** The 导出 button of an export's row, by its label. */
const exportRow = (filter: { hasText: string }) => app.page.locator('.dashboard-export:visible').filter(filter)

/** The text of the visible element matching `selector` that contains `hasText`. */
const textIn = (selector: string, hasText: string) =>
  app.page.locator(`${selector}:visible`).filter({ hasText }).first().innerText()

/** Every figure the page shows, compared with what the API answers for the same community and days. */
async function expectFiguresOf(stats: StatsDto) {
  await visible(app.page, '.dashboard-figure').waitFor()
  const figure = async (label: string) => (await textIn('.dashboard-figure', label)).replace(/\s+/g, '')
  expect(await figure('新发布')).toContain(`新发布${stats.wishes.posted}个`)
  expect(await figure('已完成')).toContain(`已完成${stats.wishes.completed}个`)
  expect(await figure('认领用时')).toContain(durationText(stats.wishes.medianHoursToClaim))
  expect(await figure('完成用时')).toContain(durationText(stats.wishes.medianHoursToComplete))
  expect(await figure('服务时长')).toContain(hoursText(stats.volunteerHours.total))
  expect(await figure('参与志愿者')).toContain(`参与志愿者${stats.volunteerHours.volunteers}人`)
  for (const s of stats.stations) {
    const text = await textIn('.dashboard-station', s.name)
    if (s.seats === 0) {
      expect(text).toContain('这段时间没有预约记录')
      continue
    }
    for (const fact of [
      `可约 ${s.seats} 位`,
      `已约 ${s.booked} 位`,
      `到场 ${s.checkedIn} 位`,
      `未到 ${s.noShows} 位`,
    ]) {
      expect(text).toContain(fact)
    }
    expect(text).toContain(percentText(s.utilisation))
    if (s.checkedIn + s.noShows === 0) expect(text).toContain('爽约率：暂无')
    else expect(text).toContain(percentText(s.noShowRate))
  }
  for (const t of stats.topics) {
    const text = await textIn('.dashboard-topic', t.title)
    expect(text).toContain(`${t.ballots} 人投票`)
    expect(text).toContain(`可投票居民 ${t.eligible} 位`)
    expect(text).toContain(percentText(t.turnout))
  }
  if (stats.topics.length === 0) await app.shown('这段时间没有在投票的议题')
}

/** The stats request held while the spinner is photographed, then a 503 for the error state. */
async function loadingAndError(name: string) {
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  await app.page.route(STATS, async (route) => {
    await held
    await route.continue().catch(() => undefined)
  })
  await app.openStaffPage('dashboard')
  await visible(app.page, '.state--loading').waitFor()
  await app.shot(`${name}-loading`, { fullPage: false })
  release()
  await app.page.unroute(STATS)

  await app.page.route(STATS, (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'DB_UNAVAILABLE', message: '服务暂时繁忙，请稍后再试' } }),
    }),
  )
  await app.openStaffPage('dashboard')
  await app.shown('没有加载出来')
  await app.shown('服务暂时繁忙，请稍后再试')
  await app.shot(`${name}-error`, { fullPage: false })
  await app.page.unroute(STATS)
  // 重试 loads again, from the real server.
  await tapText(app.page, '重试')
  await visible(app.page, '.dashboard-figure').waitFor()
}

describe('数据统计 on the H5 app, by 陈主任 of 阳光社区', () => {
  it('has activity to count: a wish posted, claimed, fulfilled and confirmed today, and a slot booked', async () => {
    ctx.staff = await app.demoLogin('陈主任')
    ctx.communityId = ctx.staff.user.communityId!
    ctx.today = shanghaiDate(new Date())
    const resident = await app.demoLogin('王小明')
    const volunteer = await app.demoLogin('刘芳')

    const wish = await app.api<WishDetailDto>('POST', '/api/wishes', resident.token, {
      title: '帮忙搬一下旧书柜',
      description: '书柜不重，但一个人搬不下楼，十分钟就好。',
      category: 'other',
    })
    await app.api('POST', `/api/wishes/${wish.id}/review`, ctx.staff.token, { approve: true })
    await app.api('POST', `/api/wishes/${wish.id}/claim`, volunteer.token)
    await app.api('POST', `/api/wishes/${wish.id}/fulfil`, volunteer.token, { note: '搬到楼下了。', hours: 1.5 })
    await app.api('POST', `/api/wishes/${wish.id}/confirm`, resident.token, { rating: 5, thanks: '谢谢！' })

    // Two neighbours book the first slot with room at the community's station, today or else tomorrow.
    const stations = await app.api<{ items: StationSummaryDto[] }>(
      'GET',
      `/api/stations?communityId=${ctx.communityId}`,
    )
    const station = await app.api<StationDetailDto>('GET', `/api/stations/${stations.items[0]!.id}`)
    let slot: SlotDto | undefined
    for (const date of [ctx.today, addDays(ctx.today, 1)]) {
      for (const service of station.services.filter((sv) => sv.active)) {
        const day = await app.api<SlotDayDto>('GET', `/api/services/${service.id}/slots?date=${date}`)
        slot ??= day.items.find((sl) => sl.remaining >= 3)
      }
      if (slot) break
    }
    expect(slot, 'a slot with three seats free').toBeDefined()
    const neighbour = await app.demoLogin('李奶奶')
    await app.api('POST', '/api/bookings', resident.token, { slotId: slot!.id, partySize: 2 })
    await app.api('POST', '/api/bookings', neighbour.token, { slotId: slot!.id, partySize: 1 })
    ctx.slotDate = shanghaiDate(new Date(slot!.startsAt))
  })

  it('opens from the workbench and shows this month’s figures as the API counts them', async () => {
    const month = presetPeriod('this_month', ctx.today)
    const expected = await app.api<StatsDto>('GET', statsUrl(month), ctx.staff.token)
    expect(expected.wishes.posted).toBeGreaterThanOrEqual(1)
    expect(expected.volunteerHours.total).toBeGreaterThanOrEqual(1.5)

    await app.loginAs('陈主任')
    await app.openStaffPage('workbench')
    // The workbench's lists above the entry grow as its counts and queues arrive: tap once they have.
    await app.page.waitForLoadState('networkidle')
    await tap(app.page.locator('.entry-link:visible').filter({ hasText: '数据统计' }))
    await app.page.waitForURL(/staff\/pages\/dashboard/)
    await expectFiguresOf(expected)
    expect(await visible(app.page, '.dashboard-period__text').innerText()).toContain('统计范围：')
    expect(await visible(app.page, '.chip--on').innerText()).toBe('本月')
    await app.shot('staff-dashboard')
  })

  it('switches to 今年 and shows that period’s figures', async () => {
    const year = presetPeriod('this_year', ctx.today)
    const expected = await app.api<StatsDto>('GET', statsUrl(year), ctx.staff.token)
    const asked = app.page.waitForRequest((r) => {
      const url = new URL(r.url())
      return STATS(url) && url.searchParams.get('from') === year.from && url.searchParams.get('to') === year.to
    })
    await tapText(app.page, '今年')
    await asked
    await expectFiguresOf(expected)
    // The seeded topic is voting now; the seeded stations have offered slots this year.
    expect(expected.topics.length).toBeGreaterThanOrEqual(1)
    await visible(app.page, '.meter__fill').waitFor()
    await app.shot('staff-dashboard-year')
  })

  it('shows the bookings of the days ahead from a link with its own period', async () => {
    const ahead = { from: `${ctx.today.slice(0, 4)}-01-01`, to: ctx.slotDate }
    const expected = await app.api<StatsDto>('GET', statsUrl(ahead), ctx.staff.token)
    expect(expected.stations.some((st) => st.booked >= 3 && st.utilisation > 0)).toBe(true)
    await app.openStaffPage('dashboard', `?communityId=${ctx.communityId}&from=${ahead.from}&to=${ahead.to}`)
    expect(await visible(app.page, '.chip--on').innerText()).toBe('自定义')
    await expectFiguresOf(expected)
    await visible(app.page, '.dashboard-station .meter__fill').waitFor()
    await app.shot('staff-dashboard-ahead')
    await tapText(app.page, '今年')
    await expect.poll(() => visible(app.page, '.chip--on').innerText()).toBe('今年')
    await visible(app.page, '.dashboard-figure').waitFor()
  })

  it('downloads the volunteer hours as CSV with a BOM and Chinese headers', async () => {
    const year = presetPeriod('this_year', ctx.today)
    const download = app.page.waitForEvent('download')
    await tap(exportRow({ hasText: '志愿服务时长' }).locator('.action-button'))
    const file = await download
    expect(file.suggestedFilename()).toBe(exportFileName('阳光社区', 'volunteer-hours', year))
    const bytes = fs.readFileSync((await file.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8').slice(1)
    const header = text.split(/\r?\n/)[0]!
    expect(header).toMatch(/[\u4e00-\u9fff]/)
    expect(header).toContain('志愿者')
    // The same bytes the API serves.
    const res = await fetch(
      `${app.server.url}/api/staff/export/volunteer-hours.csv?communityId=${ctx.communityId}&from=${year.from}&to=${year.to}`,
      { headers: { authorization: `Bearer ${ctx.staff.token}` } },
    )
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
    expect(text).toContain('刘芳')
    await app.shown('表格已下载')
    await app.shown('「阳光社区-志愿服务时长-')
    await app.shot('staff-dashboard-exported')
  })

  it('says plainly when an export is refused', async () => {
    await app.page.route(EXPORTS, (route) =>
      route.fulfill({
        status: 403,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'FORBIDDEN', message: '您没有权限进行这项操作' } }),
      }),
    )
    await tap(exportRow({ hasText: '心愿明细' }).locator('.action-button'))
    await app.shown('这个社区不归您负责，不能导出它的数据')
    await app.page.unroute(EXPORTS)
    await app.shot('staff-dashboard-export-error')
  })

  it('shows a friendly empty state for a period with nothing in it', async () => {
    const expected = await app.api<StatsDto>('GET', statsUrl(QUIET), ctx.staff.token)
    expect(expected.wishes.posted + expected.topics.length).toBe(0)
    await app.openStaffPage('dashboard', `?from=${QUIET.from}&to=${QUIET.to}`)
    await app.shown('这段时间还没有数据')
    expect(await visible(app.page, '.chip--on').innerText()).toBe('自定义')
    expect(await visible(app.page, '.dashboard-period__text').innerText()).toContain('2020年1月1日 至 1月31日（31天）')
    await app.shot('staff-dashboard-empty')
  })

  it('shows loading and error states', async () => {
    await loadingAndError('staff-dashboard')
  })

  it('shows every state in elder mode', async () => {
    await app.api('PATCH', '/api/me', ctx.staff.token, { elderMode: true })
    await loadingAndError('staff-dashboard-elder')
    await visible(app.page, '.page--elder').waitFor()
    const ahead = `?from=${ctx.today.slice(0, 4)}-01-01&to=${ctx.slotDate}`
    await app.openStaffPage('dashboard', ahead)
    await visible(app.page, '.dashboard-station .meter__fill').waitFor()
    await app.shot('staff-dashboard-elder')
    await app.shot('staff-dashboard-elder-top', { fullPage: false })
    await tap(exportRow({ hasText: '驿站预约明细' }).locator('.action-button'))
    await app.shown('表格已下载')
    await app.shot('staff-dashboard-elder-exported')
    await app.openStaffPage('dashboard', `?from=${QUIET.from}&to=${QUIET.to}`)
    await app.shown('这段时间还没有数据')
    await app.shot('staff-dashboard-elder-empty')
    await app.api('PATCH', '/api/me', ctx.staff.token, { elderMode: false })
  })
})
