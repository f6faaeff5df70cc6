import { describe, expect, it } from 'vitest'
import {
  addDays,
  createServiceSchema,
  isoWeekday,
  shanghaiDate,
  shanghaiTime,
  checkInSchema,
} from '../../../src/shared/stations'
import { calendarDateSchema } from '../../../src/shared/dates'

describe('Shanghai dates', () => {
  it('turns the date over at midnight in Shanghai, 16:00 UTC', () => {
    expect(shanghaiDate(new Date('2030-01-07T15:59:59Z'))).toBe('2030-01-07')
    expect(shanghaiDate(new Date('2030-01-07T16:00:00Z'))).toBe('2030-01-08')
    expect(shanghaiTime('2030-01-07T16:30:00Z')).toBe('00:30')
  })

  it('adds days across months and years, and names ISO weekdays', () => {
    expect(addDays('2030-01-31', 1)).toBe('2030-02-01')
    expect(addDays('2029-12-31', 1)).toBe('2030-01-01')
    expect(addDays('2030-03-01', -1)).toBe('2030-02-28')
    expect(isoWeekday('2030-01-06')).toBe(7)
    expect(isoWeekday('2030-01-07')).toBe(1)
  })

  it('accepts only real calendar dates', () => {
    expect(calendarDateSchema.safeParse('2030-02-28').success).toBe(true)
    expect(calendarDateSchema.safeParse('2030-02-30').success).toBe(false)
    expect(calendarDateSchema.safeParse('2030-2-3').success).toBe(false)
  })
})

describe('service schedules', () => {
  const service = (schedule: unknown) =>
    createServiceSchema.safeParse({ name: '理发', slotMinutes: 30, capacity: 2, schedule })

  it('takes ranges of one weekday that touch but refuses ranges that overlap', () => {
    expect(
      service([
        { weekday: 1, start: '09:00', end: '10:00' },
        { weekday: 1, start: '10:00', end: '11:00' },
      ]).success,
    ).toBe(true)
    expect(
      service([
        { weekday: 1, start: '09:00', end: '10:30' },
        { weekday: 1, start: '10:00', end: '11:00' },
      ]).success,
    ).toBe(false)
    expect(
      service([
        { weekday: 1, start: '09:00', end: '10:30' },
        { weekday: 2, start: '10:00', end: '11:00' },
      ]).success,
    ).toBe(true)
  })

  it('refuses an end not after the start and times that are not HH:MM', () => {
    expect(service([{ weekday: 1, start: '10:00', end: '10:00' }]).success).toBe(false)
    expect(service([{ weekday: 1, start: '9:00', end: '10:00' }]).success).toBe(false)
    expect(service([{ weekday: 8, start: '09:00', end: '10:00' }]).success).toBe(false)
  })

  it('fills the defaults DESIGN gives: a week ahead, cancel up to an hour before', () => {
    expect(service([]).data).toMatchObject({ bookingWindowDays: 7, cancelCutoffMinutes: 60 })
  })
})

describe('check-in codes', () => {
  it('are 8 digits, spaces ignored', () => {
    expect(checkInSchema.parse({ code: '1234 5678' })).toEqual({ code: '12345678' })
    expect(checkInSchema.safeParse({ code: '1234567' }).success).toBe(false)
    expect(checkInSchema.safeParse({ code: '1234567a' }).success).toBe(false)
  })
})
