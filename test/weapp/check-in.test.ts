import { beforeAll, describe, expect, it } from 'vitest'
import type { StaffBookingDto } from '@/shared/stations'
import {
  bootWeapp,
  renderPage,
  textOf,
  waitFor,
  type RenderedComponent,
  type RequestRecord,
  type SimulatedNode,
} from './support/simulate'
import { COMMUNITY, STAFF } from './support/fixtures'

const BOOKING: StaffBookingDto = {
  id: '9d3e1a20-7777-4777-8777-777777777777',
  code: '12345678',
  status: 'booked',
  partySize: 2,
  holderName: '王**',
  actedByName: null,
  slotId: '9d3e1a20-8888-4888-8888-888888888888',
  startsAt: '2025-11-24T06:00:00.000Z', // 14:00 in Shanghai
  endsAt: '2025-11-24T06:30:00.000Z',
  serviceName: '健康咨询',
  stationName: '幸福里党群服务驿站',
  checkedInAt: null,
}

const checkIns = (requests: RequestRecord[]) =>
  requests.filter((r) => new URL(r.url).pathname === '/api/bookings/check-in')

describe('签到 (staff subpackage) in the weapp build', () => {
  let h: ReturnType<typeof bootWeapp>
  let page: RenderedComponent

  /** Types into the code box as WeChat reports typing: an input event with the box's whole value. */
  const typeCode = (value: string) => page.querySelector('.text-input')?.dispatchEvent('input', { detail: { value } })
  /** 确认签到: the page's second button, after 扫码签到. */
  const confirm = () => {
    const buttons = (page as unknown as { querySelectorAll(s: string): SimulatedNode[] }).querySelectorAll(
      '.action-button',
    )
    const button = buttons.find((b) => textOf(b.dom) === '确认签到')
    expect(button).toBeDefined()
    button!.dispatchEvent('tap')
  }

  beforeAll(async () => {
    h = bootWeapp('token-staff')
    h.router.current = (req) => {
      const { pathname } = new URL(req.url)
      if (pathname === '/api/me') return { statusCode: 200, data: STAFF }
      if (pathname === '/api/communities') return { statusCode: 200, data: { items: [COMMUNITY], nextCursor: null } }
      if (pathname === '/api/bookings/check-in' && req.method === 'POST') {
        const { code } = req.data as { code: string }
        if (code === BOOKING.code)
          return {
            statusCode: 200,
            data: { ...BOOKING, status: 'checked_in', checkedInAt: new Date().toISOString() },
          }
        if (code === '11112222')
          return {
            statusCode: 200,
            // Checked in an hour ago, by a colleague: the endpoint answers the booking as it is.
            data: {
              ...BOOKING,
              code,
              status: 'checked_in',
              checkedInAt: new Date(Date.now() - 3_600_000).toISOString(),
            },
          }
        return {
          statusCode: 409,
          data: { error: { code: 'CHECK_IN_TOO_EARLY', message: '还没到签到时间，请在时段开始前1小时内签到' } },
        }
      }
      return undefined
    }
    page = renderPage(h, 'staff/pages/check-in/index')
    await waitFor(() => expect(textOf(page.dom)).toContain('确认签到'))
  })

  it('offers the camera and a box for the code', () => {
    const text = textOf(page.dom)
    expect(text).toContain('扫码签到') // WeChat can scan
    expect(text).toContain('签到码')
    expect(text).not.toContain('网页版不能扫码')
  })

  it('checks a typed code in, spaces and all, and shows whose booking it is', async () => {
    typeCode('1234 5678')
    confirm()
    await waitFor(() => expect(textOf(page.dom)).toContain('签到成功'))
    const card = page.dom.querySelector('.main--check-in-result')
    expect(card).not.toBeNull()
    const text = textOf(card as Element)
    expect(text).toContain('健康咨询')
    expect(text).toContain('14:00–14:30') // Asia/Shanghai
    expect(text).toContain('王**')
    expect(text).toContain('2人')
    expect(text).toContain('1234 5678')

    const [post] = checkIns(h.requests)
    expect(post?.method).toBe('POST')
    expect(post?.data).toEqual({ code: '12345678' })
    expect(post?.header['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('says so when the booking was checked in before', async () => {
    typeCode('11112222')
    confirm()
    await waitFor(() => expect(textOf(page.dom)).toContain('已签到过'))
    expect(textOf(page.dom)).toContain('不用重复签到')
    expect(textOf(page.dom)).not.toContain('签到成功')
  })

  it('shows the server’s message when a check-in is refused', async () => {
    typeCode('87654321')
    confirm()
    await waitFor(() => expect(textOf(page.dom)).toContain('还没到签到时间，请在时段开始前1小时内签到'))
    expect(textOf(page.dom)).toContain('未能签到')
    expect(textOf(page.dom)).not.toContain('已签到过')
  })

  it('checks the code before sending it', async () => {
    const sent = checkIns(h.requests).length
    typeCode('1234')
    confirm()
    await waitFor(() => expect(textOf(page.dom)).toContain('签到码是8位数字'))
    expect(checkIns(h.requests)).toHaveLength(sent)
  })
})
