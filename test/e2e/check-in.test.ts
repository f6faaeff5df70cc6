import { describe, expect, it } from 'vitest'
import type { BookingDto, ServiceDto, SlotDayDto, StationSummaryDto } from '@/shared/stations'
import { addDays, shanghaiDate } from '@/shared/stations'
import { useApp } from './support/app'
import { tap, tapText, visible } from './support/taro'

const app = useApp()
const { api, demoLogin, loginAs, openStaffPage, shown, shot } = app

/** The service this test made, in 驿站管理's list. */
const ourService = () => app.page.locator('.service-item:visible').filter({ hasText: '值班咨询' })

/** 8 digits read out in two halves, as the resident's card shows them. */
const spaced = (code: string) => `${code.slice(0, 4)} ${code.slice(4)}`

describe('驿站签到 on the H5 app, by 陈主任 of 阳光社区', () => {
  const ctx = {} as {
    staffToken: string
    stationId: string
    service: ServiceDto
    slotId: string
    /** The slot's day in Shanghai: tomorrow when the test runs just before midnight. */
    date: string
    code: string
  }

  it('checks in a booking a resident made, by its typed code', async () => {
    const staff = await demoLogin('陈主任')
    ctx.staffToken = staff.token
    const stations = await api<{ items: StationSummaryDto[] }>(
      'GET',
      `/api/stations?communityId=${staff.user.communityId}`,
      staff.token,
    )
    ctx.stationId = stations.items[0]!.id
    // A service with a slot every 10 minutes all day, so there is always one opening for check-in (60 minutes ahead).
    ctx.service = await api<ServiceDto>('POST', `/api/stations/${ctx.stationId}/services`, staff.token, {
      name: '值班咨询',
      slotMinutes: 10,
      capacity: 4,
      schedule: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:59' })),
    })

    const resident = await demoLogin('王小明')
    const today = shanghaiDate(new Date())
    let slot = (await api<SlotDayDto>('GET', `/api/services/${ctx.service.id}/slots?date=${today}`)).items[0]
    slot ??= (await api<SlotDayDto>('GET', `/api/services/${ctx.service.id}/slots?date=${addDays(today, 1)}`)).items[0]
    expect(Date.parse(slot!.startsAt) - Date.now()).toBeLessThan(60 * 60_000)
    const booking = await api<BookingDto>('POST', '/api/bookings', resident.token, { slotId: slot!.id, partySize: 2 })
    ctx.code = booking.code
    ctx.slotId = slot!.id
    ctx.date = shanghaiDate(new Date(slot!.startsAt))

    await loginAs('陈主任')
    await openStaffPage('workbench')
    await shown('驿站管理')
    await shot('staff-workbench', { fullPage: false })
    await tap(app.page.locator('.entry-link:visible').filter({ hasText: '扫居民的签到码' }))
    await app.page.waitForURL(/staff\/pages\/check-in/)
    await shown('网页版不能扫码')

    await visible(app.page, 'input[placeholder="输入签到码"]').fill(spaced(ctx.code))
    await tapText(app.page, '确认签到')
    await shown('签到成功')
    const result = await visible(app.page, '.check-in-result').innerText()
    expect(result).toContain('值班咨询')
    // Staff of the community see who is standing there (one rule for names, issue #18).
    expect(result).toContain('王小明')
    expect(result).not.toContain('王**')
    expect(result).toContain('2人')
    expect(result).toContain(spaced(ctx.code))
    await shot('staff-check-in')

    // An unknown code says what to do next.
    await visible(app.page, 'input[placeholder="输入签到码"]').fill('00000000')
    await tapText(app.page, '确认签到')
    await shown('没有找到这个签到码，请核对后重新输入')
    await shot('staff-check-in-error')
  })

  it('lists the booking as 已签到 in 今日预约, and checks in another from the list', async () => {
    const neighbour = await demoLogin('李奶奶')
    const other = await api<BookingDto>('POST', '/api/bookings', neighbour.token, { slotId: ctx.slotId, partySize: 1 })

    await openStaffPage('station-bookings', `?stationId=${ctx.stationId}&serviceId=${ctx.service.id}&date=${ctx.date}`)
    const rowOf = (code: string) => app.page.locator('.slot-booking:visible').filter({ hasText: spaced(code) })
    await rowOf(other.code).waitFor()
    expect(await rowOf(ctx.code).innerText()).toContain('已签到')
    expect(await rowOf(other.code).innerText()).toContain('已预约')
    expect(await visible(app.page, '.slot-bookings__seats').innerText()).toContain('已约 3/4 位 · 已到 2 位')
    await shot('staff-station-bookings')

    await tap(rowOf(other.code).getByText('签到', { exact: true }))
    await expect.poll(() => rowOf(other.code).innerText()).toContain('已签到')
    expect(await visible(app.page, '.station-bookings__totals').innerText()).toContain('已签到 3 人')
  })

  it('edits a service from 驿站管理 and closes the station for a day', async () => {
    await openStaffPage('station-manage', `?stationId=${ctx.stationId}`)
    const item = ourService()
    await item.waitFor()
    await shot('staff-station-manage')

    // A second station: the form says what is missing, then adds it, and the page offers a choice of the two.
    await tapText(app.page, '＋ 新增驿站')
    await tapText(app.page, '添加驿站')
    await shown('名称请写2-40个字')
    await shot('staff-station-new-invalid')
    await visible(app.page, 'input[placeholder="驿站的名称"]').fill('阳光社区第二驿站')
    await visible(app.page, 'input[placeholder="例如：阳光路18号一楼"]').fill('阳光路20号')
    await visible(app.page, 'input[placeholder="纬度"]').fill('30.2752')
    await visible(app.page, 'input[placeholder="经度"]').fill('120.1563')
    await tapText(app.page, '添加驿站')
    await app.page.locator('.station-choice:visible').nth(1).waitFor()
    await shown('还没有服务。点「新增服务」添加，设置好时段后居民就能预约。')
    await shot('staff-station-manage-two')
    await tap(app.page.locator('.station-choice:visible').filter({ hasText: '阳光社区党群服务驿站' }))
    await item.waitFor()

    await tap(item.getByText('编辑', { exact: true }))
    await app.page.waitForURL(/service-edit/)
    await shown('每周服务时段')
    await shot('staff-service-edit')
    const capacity = app.page.locator('.field:visible').filter({ hasText: '每个时段可约' }).locator('input')
    // The shared schema's message, before anything is sent.
    await capacity.fill('0')
    await tapText(app.page, '保存修改')
    await shown('每个时段可约1-200人')
    await capacity.fill('6')
    await tapText(app.page, '保存修改')
    await app.page.waitForURL(/station-manage/)
    await expect.poll(() => ourService().innerText()).toContain('每时段6位')

    // Tomorrow, the form's default: the booking above is for today (unless the test runs after 23:40).
    await tapText(app.page, '设置闭站')
    await visible(app.page, 'input[placeholder="写明原因，2-100个字"]').fill('驿站内部消杀')
    await tap(visible(app.page, '.closure-form .action-button--danger'))
    await app.page.locator('.taro-modal__foot').getByText('再想想').waitFor()
    expect(await app.page.locator('.taro-modal__text').innerText()).toContain('预约会全部取消')
    await shot('staff-closure-confirm')
    await app.page.locator('.taro-modal__foot').getByText('确定闭站').click()
    await shown('闭站。')
    expect(await visible(app.page, '.station-manage__notice').innerText()).toMatch(
      /当天(没有预约需要取消|的 \d+ 个预约已取消)/,
    )
    await shown('驿站内部消杀')
  })

  it('shows the staff pages in elder mode', async () => {
    await api('PATCH', '/api/me', ctx.staffToken, { elderMode: true })
    await openStaffPage('check-in')
    await visible(app.page, '.page--elder').waitFor()
    await visible(app.page, 'input[placeholder="输入签到码"]').fill(ctx.code)
    await tapText(app.page, '确认签到')
    // Within two minutes of the first check-in it reads as a success again; later as 已签到过.
    await visible(app.page, '.check-in-result').waitFor()
    expect(await visible(app.page, '.check-in-result').innerText()).toMatch(/签到成功|已签到过/)
    await shot('staff-check-in-elder')

    await openStaffPage('station-bookings', `?stationId=${ctx.stationId}&serviceId=${ctx.service.id}&date=${ctx.date}`)
    await visible(app.page, '.slot-booking').waitFor()
    await shot('staff-station-bookings-elder')

    await openStaffPage('station-manage', `?stationId=${ctx.stationId}`)
    await visible(app.page, '.service-item').waitFor()
    await shot('staff-station-manage-elder')

    await openStaffPage('service-edit', `?stationId=${ctx.stationId}&serviceId=${ctx.service.id}&date=${ctx.date}`)
    await shown('每周服务时段')
    await shot('staff-service-edit-elder')

    await openStaffPage('workbench')
    await shown('驿站管理')
    await shot('staff-workbench-elder', { fullPage: false })
  })
})
