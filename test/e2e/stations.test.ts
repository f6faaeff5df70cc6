import { describe, expect, it } from 'vitest'
import { screenshot } from './support/browser'
import { useApp } from './support/app'
import { openTab, tap, tapText, visible } from './support/taro'

const app = useApp()
const { loginAs, openPage } = app

/**
 * A screenshot of the phone's screen scrolled to the first visible `selector` (Taro's H5 page scrolls inside
 * its own container, so a full-page shot would show no more than the screen).
 */
async function shotAt(name: string, selector: string) {
  await app.page.evaluate(
    `[...document.querySelectorAll(${JSON.stringify(selector)})]` +
      `.find((el) => el.offsetParent !== null)?.scrollIntoView({ block: 'start' })`,
  )
  await app.page.waitForTimeout(200)
  await screenshot(app.page, name)
}

const STATION = '阳光社区党群服务驿站'

/** From the 驿站 tab to the station's page, with tomorrow's slots of its first service (健康咨询) shown. */
async function openStationTomorrow(shotPrefix: string) {
  await openTab(app.page, '驿站')
  await visible(app.page, '.station-card').waitFor()
  // H5 cannot give GCJ-02 coordinates, so the list falls back to the community.
  await visible(app.page, '.stations__note').waitFor()
  expect(await visible(app.page, '.stations__note').textContent()).toContain('未获取到位置，按社区显示')
  expect(await visible(app.page, '.station-card').textContent()).toContain(STATION)
  await screenshot(app.page, `${shotPrefix}-list`)

  await tap(visible(app.page, '.station-card'))
  await app.page.waitForURL(/station-detail/)
  await visible(app.page, '.date-chip').waitFor()
  // Today's slots may all have started by the time this runs; tomorrow's have not.
  await tap(app.page.locator('.date-chip:visible', { hasText: '明天' }).first())
  await visible(app.page, '.slot').waitFor()
}

const openMyBookings = () => openPage('pages/my-bookings/index')

const firstSlot = () => visible(app.page, '.slot')

describe('驿站预约 on the H5 app', () => {
  let code = ''

  it('a resident finds the station, books tomorrow’s first slot for four, and sees the code in 我的预约', async () => {
    await loginAs('王小明')
    await openStationTomorrow('stations')
    expect(await firstSlot().textContent()).toContain('余4位')
    await shotAt('station-detail', '.date-chips')

    await tap(visible(app.page, '.slot .slot__action'))
    await visible(app.page, '.slot-panel').waitFor()
    const more = app.page.locator('.slot-panel:visible .stepper__button').nth(1)
    for (let i = 0; i < 3; i++) await tap(more)
    expect(await visible(app.page, '.stepper__value').textContent()).toBe('4人')
    await screenshot(app.page, 'station-booking-panel')
    await tap(visible(app.page, '.slot-panel .action-button--primary'))

    await visible(app.page, '.booking-success').waitFor()
    code = ((await visible(app.page, '.booking-success__digits').textContent()) ?? '').replace(/\s+/g, '')
    expect(code).toMatch(/^\d{8}$/)
    await shotAt('booking-success', '.booking-success')

    await tapText(app.page, '查看我的预约')
    await app.page.waitForURL(/my-bookings/)
    await visible(app.page, '.booking-card').waitFor()
    const card = await visible(app.page, '.booking-card').textContent()
    expect(card).toContain('健康咨询')
    expect(card).toContain('4人')
    expect(card).toContain(`${code.slice(0, 4)} ${code.slice(4)}`)
    expect(await app.page.locator('.booking-card:visible .qr__row').count()).toBe(21)
    await shotAt('my-bookings', '.booking-card')
  })

  it('the slot is full for 李奶奶 (elder mode): she joins its waitlist, then books another slot', async () => {
    await loginAs('李奶奶')
    await openStationTomorrow('stations-elder')
    expect(await app.page.locator('.page--elder:visible').count()).toBe(1)
    const slot = await firstSlot().textContent()
    expect(slot).toContain('已约满')
    await shotAt('station-detail-elder', '.date-chips')

    await tap(visible(app.page, '.slot .slot__action'))
    await visible(app.page, '.slot-panel').waitFor()
    expect(await visible(app.page, '.slot-panel').textContent()).toContain('现在排第1位')
    await tap(visible(app.page, '.slot-panel .action-button--primary'))
    await app.page.locator('.slot:visible', { hasText: '候补中' }).first().waitFor()
    expect(await visible(app.page, '.station-booking__notice').textContent()).toContain('已加入候补，现在排第1位')
    await shotAt('station-waitlisted-elder', '.station-booking__notice')

    // The second slot still has seats.
    await tap(app.page.locator('.slot:visible .slot__action', { hasText: '预约' }).first())
    await tap(visible(app.page, '.slot-panel .action-button--primary'))
    await visible(app.page, '.booking-success').waitFor()
    await shotAt('booking-success-elder', '.booking-success')
    await shotAt('station-hours-elder', '.station__hours')

    await tapText(app.page, '查看我的预约')
    await app.page.waitForURL(/my-bookings/)
    await visible(app.page, '.my-bookings-page__waitlist').waitFor()
    const waiting = await visible(app.page, '.my-bookings-page__waitlist').textContent()
    expect(waiting).toContain('候补中')
    expect(waiting).toContain('排第1位')
    expect(waiting).toContain('退出候补')
    await shotAt('my-bookings-waitlist-elder', '.my-bookings-page__waitlist')
  })

  it('王小明 cancels; the seat goes to 李奶奶, whose booking shows its QR code', async () => {
    await loginAs('王小明')
    await openMyBookings()
    await visible(app.page, '.booking-card').waitFor()
    await tap(visible(app.page, '.booking-card .action-button--danger'))
    await visible(app.page, '.taro-model__confirm').click()
    // The dialog fades out over the page; a tap before it has gone lands on its mask (its sizeless root would count
    // as hidden at once, so wait for the mask itself).
    await app.page.locator('.taro-modal__mask').first().waitFor({ state: 'hidden' })
    await visible(app.page, '.state--empty').waitFor()
    expect(await visible(app.page, '.state--empty').textContent()).toContain('没有待使用的预约')

    await tapText(app.page, '历史')
    await visible(app.page, '.booking-card').waitFor()
    expect(await visible(app.page, '.booking-card').textContent()).toContain('已取消')

    await loginAs('李奶奶')
    await openMyBookings()
    await app.page.locator('.booking-card:visible', { hasText: '候补转正' }).first().waitFor()
    expect(await app.page.locator('.booking-card:visible').count()).toBe(2)
    expect(await app.page.locator('.booking-card:visible .qr').count()).toBe(2)
    await shotAt('my-bookings-elder', '.booking-card')

    // 我的 lists the next bookings and leads to them.
    await app.page.goto(`${app.server.url}/#/pages/me/index`)
    await app.page.reload()
    await visible(app.page, '.my-bookings__row').waitFor()
    expect(await app.page.locator('.my-bookings__row:visible').count()).toBe(2)
    await shotAt('me-bookings-elder', '.my-bookings__row')
    await tapText(app.page, '查看我的预约和签到码')
    await app.page.waitForURL(/my-bookings/)
  })
})
