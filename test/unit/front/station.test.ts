import { describe, expect, it } from 'vitest'
import type { SlotDto } from '@/shared/stations'
import { qrRows } from '@/utils/qr'
import {
  bookingWindow,
  cancelBlockedReason,
  describeService,
  formatCheckInCode,
  formatDateWithWeekday,
  formatDistance,
  formatHours,
  formatSlotTime,
  relativeDayLabel,
  serviceRunsOn,
  slotState,
  weeklyHours,
} from '@/utils/station'

const slot = (over: Partial<SlotDto>): SlotDto => ({
  id: '00000000-0000-4000-8000-000000000001',
  startsAt: '2025-11-24T01:00:00.000Z',
  endsAt: '2025-11-24T01:30:00.000Z',
  capacity: 4,
  remaining: 3,
  waiting: 0,
  mine: null,
  ...over,
})

describe('station helpers of the mini-program', () => {
  it('says distances the way people do', () => {
    expect(formatDistance(null)).toBeNull()
    expect(formatDistance(3)).toBe('10米')
    expect(formatDistance(348)).toBe('350米')
    expect(formatDistance(999)).toBe('1公里')
    expect(formatDistance(1000)).toBe('1公里')
    expect(formatDistance(1234)).toBe('1.2公里')
    expect(formatDistance(15_300)).toBe('15公里')
  })

  it('writes hours, dates and slot times in Shanghai time', () => {
    expect(
      formatHours([
        { start: '09:00', end: '11:30' },
        { start: '14:00', end: '17:00' },
      ]),
    ).toBe('09:00–11:30、14:00–17:00')
    expect(formatHours([])).toBe('')
    expect(formatDateWithWeekday('2025-11-24')).toBe('11月24日 周一')
    expect(formatSlotTime(slot({}))).toBe('09:00–09:30')
    expect(formatCheckInCode('12345678')).toBe('1234 5678')
  })

  it('offers the booking window from today, named as people say the days', () => {
    expect(bookingWindow('2025-11-29', 3)).toEqual(['2025-11-29', '2025-11-30', '2025-12-01'])
    expect(relativeDayLabel('2025-11-29', '2025-11-29')).toBe('今天')
    expect(relativeDayLabel('2025-11-30', '2025-11-29')).toBe('明天')
    expect(relativeDayLabel('2025-12-01', '2025-11-29')).toBe('后天')
    expect(relativeDayLabel('2025-12-02', '2025-11-29')).toBe('周二')
    expect(serviceRunsOn({ schedule: [{ weekday: 1, start: '09:00', end: '12:00' }] }, '2025-11-24')).toBe(true)
    expect(serviceRunsOn({ schedule: [{ weekday: 1, start: '09:00', end: '12:00' }] }, '2025-11-25')).toBe(false)
  })

  it('lists the opening hours Monday first, with the closed days', () => {
    const week = weeklyHours([
      { weekday: 1, start: '14:00', end: '17:00' },
      { weekday: 1, start: '09:00', end: '11:30' },
    ])
    expect(week).toHaveLength(7)
    expect(week[0]).toMatchObject({ label: '周一', text: '09:00–11:30、14:00–17:00', open: true })
    expect(week[6]).toMatchObject({ label: '周日', text: '休息', open: false })
  })

  it('reads a slot as the viewer’s place, seats left, or full', () => {
    expect(slotState(slot({ mine: 'booked' }))).toEqual({ kind: 'mine', label: '已预约' })
    expect(slotState(slot({ mine: 'waiting', remaining: 0 }))).toEqual({ kind: 'mine', label: '候补中' })
    expect(slotState(slot({ remaining: 2 }))).toEqual({ kind: 'available', label: '余2位' })
    expect(slotState(slot({ remaining: 0, waiting: 3 }))).toEqual({ kind: 'full', label: '已约满', waiting: 3 })
  })

  it('explains why a booking can no longer be cancelled', () => {
    const booking = { startsAt: '2025-11-24T01:00:00.000Z', cancelDeadline: '2025-11-24T00:30:00.000Z' }
    expect(cancelBlockedReason(booking)).toBe('已过取消截止时间（开始前30分钟），如不能到场请致电驿站')
    expect(cancelBlockedReason({ ...booking, cancelDeadline: '2025-11-23T23:00:00.000Z' })).toContain('开始前2小时')
    expect(
      describeService({
        id: 'x',
        stationId: 'y',
        name: '健康咨询',
        slotMinutes: 30,
        capacity: 4,
        bookingWindowDays: 7,
        cancelCutoffMinutes: 60,
        schedule: [],
        active: true,
      }),
    ).toBe('每个时段30分钟 · 每时段4位 · 可提前7天预约 · 开始前1小时可取消')
  })

  it('draws a check-in code as a square QR matrix of runs, finder patterns in the corners', () => {
    const rows = qrRows('12345678')
    expect(rows).toHaveLength(21) // version 1
    for (const runs of rows) expect(runs.reduce((n, r) => n + r.length, 0)).toBe(21)
    // The top row: a 7-module finder, a light separator …, and the top-right finder.
    expect(rows[0]![0]).toEqual({ dark: true, length: 7 })
    expect(rows[0]!.at(-1)).toEqual({ dark: true, length: 7 })
    // Adjacent runs always alternate, so none is wasted.
    for (const runs of rows) runs.slice(1).forEach((r, i) => expect(r.dark).not.toBe(runs[i]!.dark))
  })
})
