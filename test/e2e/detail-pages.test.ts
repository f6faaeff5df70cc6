import { describe, expect, it } from 'vitest'
import { DEMO } from '@/server/db/seed'
import { screenshot } from './support/browser'
import { useApp } from './support/app'
import { tap, tapText, visible } from './support/taro'

const app = useApp()
const { loginAs, openPage, shown } = app

/** A well-formed id that names nothing: the server answers 404. */
const UNKNOWN = '00000000-0000-4000-8000-0000000009ff'

/** The API requests the page sends from now on, as `METHOD path`. */
function recordRequests(): string[] {
  const sent: string[] = []
  app.page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.pathname.startsWith('/api/')) sent.push(`${request.method()} ${url.pathname}`)
  })
  return sent
}

describe('detail pages opened with an id that names nothing', () => {
  it('say what was not found, for no id, a malformed id and a 404, and offer 返回 and 回到首页', async () => {
    await loginAs('王小明')
    const sent = recordRequests()

    await openPage('pages/wish-detail/index')
    await shown('没有找到这个心愿')
    await screenshot(app.page, 'not-found-wish-no-id')

    await openPage('pages/topic-detail/index?id=abc')
    await shown('没有找到这个议题')
    await screenshot(app.page, 'not-found-topic-malformed')
    expect(sent.filter((r) => r.startsWith('GET /api/topics/'))).toEqual([])
    expect(sent.filter((r) => r.startsWith('GET /api/wishes/'))).toEqual([])

    await openPage(`pages/station-detail/index?id=${UNKNOWN}`)
    await shown('没有找到这个驿站')
    expect(sent).toContain(`GET /api/stations/${UNKNOWN}`)
    expect(await app.page.getByText('重试').locator('visible=true').count()).toBe(0)
    await screenshot(app.page, 'not-found-station-404')

    // Opened from a link, there is no page before it: 返回 goes to the wall, as 回到首页 does.
    await tapText(app.page, '返回')
    await visible(app.page, '.wish-card').waitFor()
    expect(app.page.url()).toMatch(/pages\/wishes\/index/)

    await openPage(`pages/wish-detail/index?id=${UNKNOWN}`)
    await shown('没有找到这个心愿')
    await tapText(app.page, '回到首页')
    await visible(app.page, '.wish-card').waitFor()
  })

  it('shows the not-found state in elder mode to 李奶奶', async () => {
    await loginAs('李奶奶')
    await openPage(`pages/topic-detail/index?id=${UNKNOWN}`)
    await shown('没有找到这个议题')
    await screenshot(app.page, 'not-found-topic-elder')
  })

  it('a found page still shows itself', async () => {
    await loginAs('王小明')
    await openPage(`pages/station-detail/index?id=${DEMO.stations.sunshine}`)
    await shown('阳光社区党群服务驿站')
  })
})

describe('booking on 驿站详情', () => {
  it('brings the confirmation panel into view when a slot low on the screen is tapped', async () => {
    await loginAs('王小明')
    await openPage(`pages/station-detail/index?id=${DEMO.stations.sunshine}`)
    await visible(app.page, '.date-chip').waitFor()
    // Today's slots may all have started by the time this runs; tomorrow's have not.
    await tap(app.page.locator('.date-chip:visible', { hasText: '明天' }).first())
    const book = app.page.locator('.slot__action:visible', { hasText: '预约' }).first()
    await book.waitFor()
    // The slot at the very bottom of the screen, where the panel under it opens out of sight.
    await book.evaluate((el) => el.scrollIntoView({ block: 'end' }))
    await book.click({ force: true })
    const confirm = app.page.locator('.slot-panel:visible').getByText('确认预约')
    await confirm.waitFor()
    await app.page.waitForTimeout(600)
    const box = (await confirm.boundingBox())!
    const viewport = app.page.viewportSize()!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height)
    await screenshot(app.page, 'station-booking-panel-in-view')
  })
})
