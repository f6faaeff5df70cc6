import { describe, expect, it } from 'vitest'
import { calendarDate, calendarDateSchema, instant, isCalendarDate, isInstant } from '../../../src/shared/dates'

describe('calendar days', () => {
  it.each(['1900-01-01', '2030-02-28', '2032-02-29', '2999-12-31'])('takes %s', (day) => {
    expect(isCalendarDate(day)).toBe(true)
    expect(calendarDateSchema.safeParse(day).success).toBe(true)
  })

  it.each([
    '0000-01-01',
    '1899-12-31',
    '3000-01-01',
    '9999-12-31',
    '2026-02-30',
    '2027-02-29',
    '2026-13-01',
    '2026-00-10',
    '2030-2-3',
    '+02030-01-01',
    '2030-01-01T00:00:00Z',
    ' 2030-01-01',
  ])('refuses %j', (day) => {
    expect(isCalendarDate(day)).toBe(false)
    expect(calendarDateSchema.safeParse(day).success).toBe(false)
  })

  it('says what is wrong, once, in Chinese', () => {
    const messages = (value: unknown) =>
      calendarDate('开始日期')
        .safeParse(value)
        .error?.issues.map((i) => i.message)
    expect(messages('2026-02-30')).toEqual(['开始日期不存在，请重新选择'])
    expect(messages('2026/02/03')).toEqual(['开始日期请用 YYYY-MM-DD 格式'])
    expect(messages('0000-01-01')).toEqual(['开始日期请选在1900-2999年之间'])
  })
})

describe('instants', () => {
  it.each([
    '2031-03-03T09:00:00+08:00',
    '2031-03-03T01:00:00Z',
    '2031-03-03T01:00:00.123Z',
    '2031-03-03T01:00:00.123456Z',
    '2031-03-03T01:00:00-12:00',
    '2031-03-03T01:00:00+14:00',
    '1900-01-01T00:00:00Z',
    '2999-12-31T23:59:59.999999Z',
  ])('takes %s', (value) => {
    expect(isInstant(value)).toBe(true)
    expect(instant('时间').safeParse(value).success).toBe(true)
  })

  it.each([
    ['year 0', '0000-01-01T00:00:00Z'],
    ['1 BC once in UTC', '0001-01-01T00:00:00+14:00'],
    ['1899 once in UTC', '1900-01-01T09:00:00+10:00'],
    ['3000 once in UTC', '2999-12-31T23:00:00-02:00'],
    ['an offset PostgreSQL refuses', '2027-01-01T00:00:00-23:59'],
    ['an offset past +14:00', '2027-01-01T00:00:00+14:30'],
    ['an offset past -12:00', '2027-01-01T00:00:00-12:01'],
    ['offset minutes 60', '2027-01-01T00:00:00+08:60'],
    ['a day the month has not', '2026-02-30T00:00:00Z'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['second 60', '2026-01-01T23:59:60Z'],
    ['no seconds', '2026-01-01T09:00+08:00'],
    ['no offset', '2026-01-01T09:00:00'],
    ['a space for the T', '2026-01-01 09:00:00Z'],
    ['finer than a microsecond', '2027-01-01T00:00:00.1234567Z'],
    ['a six-digit year', '+010000-01-01T00:00:00.000Z'],
  ])('refuses %s', (_, value) => {
    expect(isInstant(value)).toBe(false)
    expect(instant('时间').safeParse(value).success).toBe(false)
  })

  it('in UTC only, when asked: the form of the server’s cursors', () => {
    expect(isInstant('2031-03-03T01:00:00.000Z', { utc: true })).toBe(true)
    expect(isInstant('2031-03-03T09:00:00+08:00', { utc: true })).toBe(false)
  })

  it('asks for a missing one by name', () => {
    expect(
      instant('投票开始时间')
        .safeParse(undefined)
        .error?.issues.map((i) => i.message),
    ).toEqual(['请填写投票开始时间'])
  })
})
