import { beforeAll, describe, expect, it } from 'vitest'
import type { MeDto } from '@/shared/identity'
import type { BookingDto, StationSummaryDto } from '@/shared/stations'
import {
  bootWeapp,
  cls,
  renderPage,
  textOf,
  waitFor,
  type RenderedComponent,
  type SimulatedNode,
} from './support/simulate'
import { COMMUNITY, meAs } from './support/fixtures'

const ME: MeDto = meAs()

const NEAR: StationSummaryDto = {
  id: '5a0c0c0c-1111-4111-8111-111111111111',
  communityId: COMMUNITY.id,
  communityName: COMMUNITY.name,
  name: '阳光社区党群服务驿站',
  address: '幸福街道阳光路18号一楼',
  lat: 30.27415,
  lng: 120.15515,
  phone: '0571-88001234',
  openNow: true,
  todayHours: [
    { start: '09:00', end: '11:30' },
    { start: '14:00', end: '17:00' },
  ],
  distanceMeters: 348,
  active: true,
}
const FAR: StationSummaryDto = {
  ...NEAR,
  id: '5a0c0c0c-2222-4222-8222-222222222222',
  communityId: '6f1c1d1e-2222-4222-8222-222222222222',
  communityName: '和平社区',
  name: '和平社区党群服务站',
  address: '幸福街道和平巷6号',
  openNow: false,
  todayHours: [],
  distanceMeters: 1234,
}

const BOOKING: BookingDto = {
  id: '7b0b0b0b-1111-4111-8111-111111111111',
  slotId: '7b0b0b0b-2222-4222-8222-222222222222',
  startsAt: '2030-11-25T01:00:00.000Z',
  endsAt: '2030-11-25T01:30:00.000Z',
  serviceId: '7b0b0b0b-3333-4333-8333-333333333333',
  serviceName: '健康咨询',
  stationId: NEAR.id,
  stationName: NEAR.name,
  stationAddress: NEAR.address,
  stationPhone: NEAR.phone,
  code: '12345678',
  status: 'booked',
  partySize: 2,
  fromWaitlist: true,
  cancelDeadline: '2030-11-25T00:00:00.000Z',
  canCancel: false,
  cancelReason: null,
  createdAt: '2030-11-20T01:00:00.000Z',
  checkedInAt: null,
  actedByName: null,
  rating: null,
  cancelledAt: null,
}

type Wx = Record<string, unknown>
type LocationOptions = { type?: string; success?: (r: unknown) => void; fail?: (e: unknown) => void }

/** WeChat's getLocation as the user answers it: refuses, or allows from a spot near the first station. */
function answerLocation(allow: boolean) {
  const wx = (globalThis as unknown as { wx: Wx }).wx
  wx.getLocation = (options: LocationOptions) => {
    setTimeout(() => {
      if (allow) options.success?.({ latitude: 30.27112, longitude: 120.15371, errMsg: 'getLocation:ok' })
      else options.fail?.({ errMsg: 'getLocation:fail auth deny' })
    }, 5)
  }
}

const all = (page: RenderedComponent, selector: string) =>
  (page as unknown as { querySelectorAll(s: string): SimulatedNode[] }).querySelectorAll(selector)

describe('驿站 tab in the weapp build', () => {
  let h: ReturnType<typeof bootWeapp>
  let page: RenderedComponent
  let stations: 'down' | 'none' | 'some' = 'down'

  beforeAll(() => {
    h = bootWeapp('token-wang')
    answerLocation(false)
    h.router.current = (req) => {
      const { pathname } = new URL(req.url)
      if (pathname === '/api/me') return { statusCode: 200, data: ME }
      if (pathname === '/api/communities') return { statusCode: 200, data: { items: [COMMUNITY], nextCursor: null } }
      if (pathname === '/api/stations') {
        if (stations === 'down')
          return { statusCode: 503, data: { error: { code: 'DB_UNAVAILABLE', message: '服务暂时繁忙，请稍后再试' } } }
        return { statusCode: 200, data: { items: stations === 'none' ? [] : [NEAR, FAR], nextCursor: null } }
      }
      if (pathname === '/api/me/bookings') return { statusCode: 200, data: { items: [BOOKING], nextCursor: null } }
      if (pathname === '/api/me/waitlist') return { statusCode: 200, data: { items: [], nextCursor: null } }
      return undefined
    }
    page = renderPage(h, 'pages/stations/index')
  })

  const stationQueries = () => h.requests.map((r) => new URL(r.url)).filter((u) => u.pathname === '/api/stations')

  it('falls back to the community when the location is refused, and offers 重试 when loading fails', async () => {
    await waitFor(() => expect(textOf(page.dom)).toContain('服务暂时繁忙，请稍后再试'))
    const text = textOf(page.dom)
    expect(text).toContain('未获取到位置，按社区显示')
    expect(text).toContain('没有加载出来')
    expect(text).toContain('重试')
    const query = stationQueries()[0]!.searchParams
    expect(query.get('communityId')).toBe(COMMUNITY.id)
    expect(query.has('lat')).toBe(false)
  })

  it('says so when the community has no station yet', async () => {
    stations = 'none'
    page.querySelector('.state__action')?.dispatchEvent('tap')
    await waitFor(() => expect(textOf(page.dom)).toContain('您的社区还没有驿站'))
    expect(textOf(page.dom)).toContain('全部驿站')
    expect(page.dom.querySelector(cls('station-card'))).toBeNull()
  })

  it('lists the stations nearest first, with distance, open badge and today’s hours, once located', async () => {
    stations = 'some'
    answerLocation(true)
    page.querySelector('.stations__relocate')?.dispatchEvent('tap')

    await waitFor(() => expect(page.dom.querySelectorAll(cls('station-card'))).toHaveLength(2))
    const [near, far] = [...page.dom.querySelectorAll(cls('station-card'))].map((el) => textOf(el))
    expect(near).toContain('阳光社区党群服务驿站')
    expect(near).toContain('350米')
    expect(near).toContain('营业中')
    expect(near).toContain('今日 09:00–11:30、14:00–17:00')
    expect(near).toContain('幸福街道阳光路18号一楼')
    expect(far).toContain('1.2公里')
    expect(far).toContain('休息中')
    expect(far).toContain('今日不开放')
    expect(textOf(page.dom)).not.toContain('未获取到位置')

    const query = stationQueries().at(-1)!.searchParams
    expect(Number(query.get('lat'))).toBeCloseTo(30.271, 3)
    expect(Number(query.get('lng'))).toBeCloseTo(120.154, 3)
    expect(query.has('communityId')).toBe(false)
  })

  it('shows an upcoming booking’s check-in code as a QR of Views, and why it can no longer be cancelled', async () => {
    const bookings = renderPage(h, 'pages/my-bookings/index')
    await waitFor(() => expect(textOf(bookings.dom)).toContain('1234 5678'))
    const text = textOf(bookings.dom)
    expect(text).toContain('健康咨询')
    expect(text).toContain('11月25日 周一 09:00–09:30')
    expect(text).toContain('2人')
    expect(text).toContain('候补转正')
    expect(text).toContain('已过取消截止时间（开始前1小时），如不能到场请致电驿站')
    // 21 rows of runs, their dark modules drawn black.
    expect(bookings.dom.querySelectorAll(cls('qr__row'))).toHaveLength(21)
    expect(bookings.dom.querySelectorAll(cls('qr__run--dark')).length).toBeGreaterThan(50)
    // 取消预约 is greyed and does nothing.
    const cancel = all(bookings, '.action-button--danger')[0]!
    expect(cancel.dom.className).toContain(cls('action-button--disabled').slice(1))
    cancel.dispatchEvent('tap')
    await new Promise((r) => setTimeout(r, 50))
    expect(h.requests.some((r) => r.url.endsWith('/cancel'))).toBe(false)
  })
})
