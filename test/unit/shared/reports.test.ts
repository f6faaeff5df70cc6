import { describe, expect, it } from 'vitest'
import { monthDays, monthLabel, monthSchema, shiftMonth } from '../../../src/shared/reports'
import { streetFigureText } from '../../../src/shared/street'

describe('the month of a report', () => {
  it('takes YYYY-MM from 1900-01 to 2999-12 only', () => {
    for (const ok of ['1900-01', '2026-03', '2999-12']) expect(monthSchema.safeParse(ok).success).toBe(true)
    for (const bad of ['1899-12', '3000-01', '2026-13', '2026-00', '2026-3', '2026-03-01', '']) {
      expect(monthSchema.safeParse(bad).success, bad).toBe(false)
    }
  })

  it('knows the months’ lengths, leap years and the turn of the year', () => {
    expect(monthDays('2032-02')).toEqual({ from: '2032-02-01', to: '2032-02-29' })
    expect(monthDays('2033-02')).toEqual({ from: '2033-02-01', to: '2033-02-28' })
    expect(monthDays('2033-12')).toEqual({ from: '2033-12-01', to: '2033-12-31' })
    expect(shiftMonth('2033-01', -1)).toBe('2032-12')
    expect(shiftMonth('2033-12', 1)).toBe('2034-01')
    expect(shiftMonth('2033-06', -18)).toBe('2031-12')
    expect(monthLabel('2026-03')).toBe('2026年3月')
  })
})

describe('a street figure in words', () => {
  it('rates as percentages, hours and means to one decimal, counts as they are, nothing as —', () => {
    expect(streetFigureText('onTimeRate', 0.75)).toBe('75%')
    expect(streetFigureText('turnout', 0.16667)).toBe('16.7%')
    expect(streetFigureText('volunteerHours', 6.54)).toBe('6.5')
    expect(streetFigureText('bookings', 4)).toBe('4')
    expect(streetFigureText('surveyMean', null)).toBe('—')
  })
})
