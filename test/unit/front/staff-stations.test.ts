import { describe, expect, it } from 'vitest'
import type { ServiceDto, StaffBookingDto, StationDetailDto } from '@/shared/stations'
import { dayTotals, groupBySlot } from '@/staff/utils/bookings'
import { codeFromText, wasCheckedInBefore } from '@/staff/utils/check-in'
import {
  checkNewService,
  checkNewStation,
  checkServiceChanges,
  checkStationChanges,
  newServiceForm,
  serviceFormFrom,
  stationFormFrom,
} from '@/staff/utils/forms'
import { newRow, rowsFromSchedule, scheduleLines, weekdaysText } from '@/staff/utils/schedule'

const COMMUNITY_ID = '6f1c1d1e-1111-4111-8111-111111111111'

function booking(over: Partial<StaffBookingDto>): StaffBookingDto {
  return {
    id: crypto.randomUUID(),
    code: '12345678',
    status: 'booked',
    partySize: 1,
    holderName: '王**',
    actedByName: null,
    slotId: 'a',
    startsAt: '2025-11-24T01:00:00.000Z',
    endsAt: '2025-11-24T01:30:00.000Z',
    serviceName: '健康咨询',
    stationName: '驿站',
    checkedInAt: null,
    ...over,
  }
}

const SERVICE: ServiceDto = {
  id: '9d3e1a20-7777-4777-8777-777777777777',
  stationId: '9d3e1a20-8888-4888-8888-888888888888',
  name: '健康咨询',
  slotMinutes: 30,
  capacity: 4,
  bookingWindowDays: 7,
  cancelCutoffMinutes: 60,
  schedule: [
    { weekday: 2, start: '09:00', end: '11:30' },
    { weekday: 1, start: '09:00', end: '11:30' },
  ],
  active: true,
}

describe('check-in codes', () => {
  it('finds the 8 digits in what was typed or scanned', () => {
    expect(codeFromText('1234 5678')).toBe('12345678')
    expect(codeFromText(' 1234-5678 ')).toBe('12345678')
    expect(codeFromText('https://example.cn/b?code=87654321&x=1')).toBe('87654321')
    expect(codeFromText('1234567')).toBeNull()
    expect(codeFromText('123456789')).toBeNull()
    expect(codeFromText('hello')).toBeNull()
  })

  it('tells a repeat check-in from a new one by its stamp, allowing for a phone clock a little off', () => {
    const sentAt = Date.parse('2025-11-24T01:10:00.000Z')
    expect(wasCheckedInBefore({ checkedInAt: '2025-11-24T01:10:01.000Z' }, sentAt)).toBe(false)
    expect(wasCheckedInBefore({ checkedInAt: '2025-11-24T01:09:00.000Z' }, sentAt)).toBe(false)
    expect(wasCheckedInBefore({ checkedInAt: '2025-11-24T00:40:00.000Z' }, sentAt)).toBe(true)
    expect(wasCheckedInBefore({ checkedInAt: null }, sentAt)).toBe(false)
  })
})

describe('a day of bookings', () => {
  const items = [
    booking({ slotId: 'b', startsAt: '2025-11-24T02:00:00.000Z', partySize: 2 }),
    booking({ slotId: 'a', status: 'cancelled', partySize: 3 }),
    booking({ slotId: 'a', status: 'checked_in', partySize: 2 }),
    booking({ slotId: 'a', status: 'no_show' }),
  ]

  it('groups by slot, earliest first, with the seats taken and the people already here', () => {
    const groups = groupBySlot(items)
    expect(groups.map((g) => g.slotId)).toEqual(['a', 'b'])
    expect(groups[0]).toMatchObject({ seats: 3, checkedIn: 2 })
    expect(groups[0]!.bookings.map((b) => b.status)).toEqual(['checked_in', 'no_show', 'cancelled'])
    expect(groups[1]).toMatchObject({ seats: 2, checkedIn: 0 })
  })

  it('counts the day without cancelled bookings', () => {
    expect(dayTotals(items)).toEqual({ bookings: 3, people: 5, checkedIn: 2 })
  })
})

describe('weekly schedules', () => {
  it('says sets of weekdays the way people do', () => {
    expect(weekdaysText([1, 2, 3, 4, 5])).toBe('周一至周五')
    expect(weekdaysText([6, 7])).toBe('周六、周日')
    expect(weekdaysText([1, 3, 4, 5, 7])).toBe('周一、周三至周五、周日')
  })

  it('puts days with the same hours on one line', () => {
    const schedule = [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, start: '14:00', end: '17:00' },
      { weekday, start: '09:00', end: '11:30' },
    ])
    expect(scheduleLines([...schedule, { weekday: 6, start: '09:00', end: '11:00' }])).toEqual([
      '周一至周五 09:00–11:30、14:00–17:00',
      '周六 09:00–11:00',
    ])
    expect(scheduleLines([])).toEqual([])
  })

  it('adds the next day with the same hours, and Monday after Sunday', () => {
    const rows = rowsFromSchedule(SERVICE.schedule)
    expect(rows.map((r) => r.weekday)).toEqual([1, 2])
    expect(newRow(rows)).toMatchObject({ weekday: 3, start: '09:00', end: '11:30' })
    expect(newRow([{ ...rows[0]!, weekday: 7 }]).weekday).toBe(1)
    expect(newRow([])).toMatchObject({ weekday: 1 })
  })
})

describe('the service form', () => {
  it('reports the shared schema’s messages per box and per schedule row', () => {
    const form = newServiceForm()
    const rows = [
      { key: 1, weekday: 1, start: '09:00', end: '08:00' },
      { key: 2, weekday: 2, start: '09:00', end: '10:00' },
    ]
    const checked = checkNewService({ ...form, name: '', slotMinutes: '', capacity: '300', rows })
    expect(checked.ok).toBe(false)
    if (checked.ok) return
    expect(checked.errors.fields).toEqual({
      name: '名称请写2-30个字',
      slotMinutes: '每个时段10-240分钟', // an empty box gets the message that names the range
      capacity: '每个时段可约1-200人',
    })
    expect(checked.errors.rows).toEqual({ 1: '结束时间要晚于开始时间' })
  })

  it('says when ranges of one day overlap, and when there is none', () => {
    const overlapping = checkNewService({
      ...newServiceForm(),
      name: '理发',
      rows: [
        { key: 1, weekday: 1, start: '09:00', end: '11:00' },
        { key: 2, weekday: 1, start: '10:00', end: '12:00' },
      ],
    })
    expect(overlapping.ok ? null : overlapping.errors.schedule).toBe('同一天的服务时段不能重叠')
    const none = checkNewService({ ...newServiceForm(), name: '理发' })
    expect(none.ok ? null : none.errors.schedule).toMatch(/至少添加一个服务时段/)
  })

  it('sends a new service with the defaults of the form', () => {
    const checked = checkNewService({ ...newServiceForm(), name: ' 理发 ', rows: rowsFromSchedule(SERVICE.schedule) })
    expect(checked).toEqual({
      ok: true,
      input: {
        name: '理发',
        slotMinutes: 30,
        capacity: 4,
        bookingWindowDays: 7,
        cancelCutoffMinutes: 60,
        schedule: [
          { weekday: 1, start: '09:00', end: '11:30' },
          { weekday: 2, start: '09:00', end: '11:30' },
        ],
      },
    })
  })

  it('sends only what changed; the same schedule in another order is no change', () => {
    const form = serviceFormFrom(SERVICE, rowsFromSchedule(SERVICE.schedule))
    expect(checkServiceChanges(SERVICE, form)).toEqual({ ok: true, input: {} })
    expect(checkServiceChanges(SERVICE, { ...form, capacity: '6', active: false })).toEqual({
      ok: true,
      input: { capacity: 6, active: false },
    })
    const rows = [...form.rows, { key: 99, weekday: 3, start: '09:00', end: '11:30' }]
    const changed = checkServiceChanges(SERVICE, { ...form, rows })
    expect(changed.ok && changed.input.schedule).toHaveLength(3)
  })
})

describe('the station form', () => {
  const values = { name: '阳光驿站', address: '阳光路18号', lat: '30.27415', lng: '120.15515', phone: '', intro: '' }

  it('checks a new station, in Chinese for the coordinates too', () => {
    expect(checkNewStation(COMMUNITY_ID, values)).toEqual({
      ok: true,
      input: { communityId: COMMUNITY_ID, ...values, lat: 30.27415, lng: 120.15515, phone: undefined },
    })
    const bad = checkNewStation(COMMUNITY_ID, { ...values, lat: '95', lng: 'east', phone: '12' })
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    expect(bad.errors.lat).toMatch(/^纬度应是-90到90之间的数字/)
    expect(bad.errors.lng).toMatch(/^经度应是-180到180之间的数字/)
    expect(bad.errors.phone).toBe('请填写正确的电话号码')
  })

  it('sends only the changes, an emptied phone as null', () => {
    const station = {
      name: '阳光驿站',
      address: '阳光路18号',
      lat: 30.27415,
      lng: 120.15515,
      phone: '0571-88001234',
      intro: '',
    } as StationDetailDto
    const form = stationFormFrom(station)
    expect(checkStationChanges(station, form)).toEqual({ ok: true, input: {} })
    expect(checkStationChanges(station, { ...form, phone: ' ', name: '阳光驿站二号' })).toEqual({
      ok: true,
      input: { name: '阳光驿站二号', phone: null },
    })
  })
})
