import { describe, expect, it } from 'vitest'
import { shanghaiDate } from '@/shared/stations'
import { EXPORT_KINDS, type StatsDto } from '@/shared/workbench'
import {
  barPercent,
  durationText,
  exportError,
  exportFileName,
  exportShortLabel,
  hoursPerVolunteer,
  hoursText,
  isEmptyStats,
  isHighNoShow,
  percentText,
} from '@/staff/utils/dashboard'
import {
  formatDay,
  periodDays,
  periodFileText,
  periodProblem,
  periodText,
  presetPeriod,
  PERIOD_PRESETS,
} from '@/staff/utils/period'

const COMMUNITY_ID = '6f1c1d1e-1111-4111-8111-111111111111'

function stats(over: Partial<StatsDto> = {}): StatsDto {
  return {
    communityId: COMMUNITY_ID,
    from: '2025-11-01',
    to: '2025-11-30',
    wishes: { posted: 0, completed: 0, medianHoursToClaim: null, medianHoursToComplete: null },
    volunteerHours: { total: 0, volunteers: 0 },
    stations: [],
    topics: [],
    ...over,
  }
}

describe('period presets, in Shanghai days', () => {
  it('本月 runs from the first of the month to today', () => {
    expect(presetPeriod('this_month', '2025-11-24')).toEqual({ from: '2025-11-01', to: '2025-11-24' })
    expect(presetPeriod('this_month', '2025-11-01')).toEqual({ from: '2025-11-01', to: '2025-11-01' })
  })

  it('上月 is the whole previous month, across a year boundary and in February', () => {
    expect(presetPeriod('last_month', '2025-11-24')).toEqual({ from: '2025-10-01', to: '2025-10-31' })
    expect(presetPeriod('last_month', '2026-01-01')).toEqual({ from: '2025-12-01', to: '2025-12-31' })
    expect(presetPeriod('last_month', '2025-03-31')).toEqual({ from: '2025-02-01', to: '2025-02-28' })
    expect(presetPeriod('last_month', '2024-03-15')).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(presetPeriod('last_month', '2025-12-31')).toEqual({ from: '2025-11-01', to: '2025-11-30' })
  })

  it('近30天 is today and the 29 days before, across month and year ends', () => {
    expect(presetPeriod('last_30_days', '2025-11-24')).toEqual({ from: '2025-10-26', to: '2025-11-24' })
    expect(presetPeriod('last_30_days', '2026-01-10')).toEqual({ from: '2025-12-12', to: '2026-01-10' })
    expect(presetPeriod('last_30_days', '2024-03-01')).toEqual({ from: '2024-02-01', to: '2024-03-01' })
    expect(periodDays(presetPeriod('last_30_days', '2026-01-10'))).toBe(30)
  })

  it('今年 runs from 1 January to today, on New Year’s Day too', () => {
    expect(presetPeriod('this_year', '2025-11-24')).toEqual({ from: '2025-01-01', to: '2025-11-24' })
    expect(presetPeriod('this_year', '2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-01-01' })
  })

  it('takes today in Shanghai: 00:30 on New Year’s Day there is still 31 December in UTC', () => {
    const today = shanghaiDate(new Date('2025-12-31T16:30:00Z'))
    expect(today).toBe('2026-01-01')
    expect(presetPeriod('this_year', today)).toEqual({ from: '2026-01-01', to: '2026-01-01' })
    expect(presetPeriod('last_month', today)).toEqual({ from: '2025-12-01', to: '2025-12-31' })
    expect(shanghaiDate(new Date('2025-11-30T15:59:59Z'))).toBe('2025-11-30')
  })

  it('every preset is a period the API accepts, on any day of a leap year and the next', () => {
    for (let d = Date.UTC(2024, 0, 1); d <= Date.UTC(2025, 11, 31); d += 86_400_000) {
      const today = new Date(d).toISOString().slice(0, 10)
      for (const preset of PERIOD_PRESETS) {
        const period = presetPeriod(preset, today)
        expect(periodProblem(period), `${preset} on ${today}`).toBeNull()
        expect(period.to <= today).toBe(true)
      }
    }
  })

  it('says what is wrong with a custom period, in the API’s words', () => {
    expect(periodProblem({ from: '2025-11-10', to: '2025-11-01' })).toBe('开始日期不能晚于结束日期')
    expect(periodProblem({ from: '2024-01-01', to: '2025-01-01' })).toBeNull() // 366 days apart, a leap year
    expect(periodProblem({ from: '2024-01-01', to: '2025-01-02' })).toBe('一次最多统计一年')
    expect(periodProblem({ from: '', to: '2025-01-02' })).toBe('请选择开始和结束日期')
  })

  it('reads a period in words, the year once when both ends share it', () => {
    expect(formatDay('2025-01-05')).toBe('2025年1月5日')
    expect(periodText({ from: '2025-11-01', to: '2025-11-24' })).toBe('2025年11月1日 至 11月24日（24天）')
    expect(periodText({ from: '2025-12-12', to: '2026-01-10' })).toBe('2025年12月12日 至 2026年1月10日（30天）')
    expect(periodText({ from: '2025-11-03', to: '2025-11-03' })).toBe('2025年11月3日')
    expect(periodFileText({ from: '2025-11-01', to: '2025-11-24' })).toBe('2025-11-01至2025-11-24')
  })
})

describe('durations in words', () => {
  it('minutes under an hour, hours under two days, then days', () => {
    expect(durationText(null)).toBe('暂无')
    expect(durationText(0)).toBe('不到1分钟')
    expect(durationText(0.25)).toBe('15分钟')
    expect(durationText(59 / 60)).toBe('59分钟')
    expect(durationText(1)).toBe('1小时')
    expect(durationText(5.46)).toBe('5.5小时')
    expect(durationText(47.9)).toBe('47.9小时')
    expect(durationText(48)).toBe('2天')
    expect(durationText(60)).toBe('2.5天')
    expect(durationText(24 * 9.04)).toBe('9天')
  })

  it('volunteer hours with one decimal at most', () => {
    expect(hoursText(12)).toBe('12小时')
    expect(hoursText(7.25)).toBe('7.3小时')
    expect(hoursText(0)).toBe('0小时')
    expect(hoursPerVolunteer(7.5, 3)).toBe(2.5)
    expect(hoursPerVolunteer(0, 0)).toBeNull()
  })
})

describe('rates', () => {
  it('as whole percents, a small share never shown as 0%', () => {
    expect(percentText(0)).toBe('0%')
    expect(percentText(0.004)).toBe('不到1%')
    expect(percentText(0.333)).toBe('33%')
    expect(percentText(0.675)).toBe('68%')
    expect(percentText(1)).toBe('100%')
    expect(percentText(1.2)).toBe('100%')
    expect(percentText(Number.NaN)).toBe('0%')
  })

  it('as bar widths, never invisibly thin and never past the track', () => {
    expect(barPercent(0)).toBe(0)
    expect(barPercent(0.001)).toBe(2)
    expect(barPercent(0.45)).toBe(45)
    expect(barPercent(3)).toBe(100)
  })

  it('warns of a no-show rate from one in five', () => {
    expect(isHighNoShow(0.19)).toBe(false)
    expect(isHighNoShow(0.2)).toBe(true)
  })
})

describe('an empty period', () => {
  it('is one with nothing to show, whatever stations exist', () => {
    const station = {
      stationId: '6f1c1d1e-2222-4222-8222-222222222222',
      name: '驿站',
      seats: 0,
      booked: 0,
      checkedIn: 0,
      noShows: 0,
      utilisation: 0,
      noShowRate: 0,
    }
    expect(isEmptyStats(stats({ stations: [station] }))).toBe(true)
    expect(isEmptyStats(stats({ stations: [{ ...station, seats: 20 }] }))).toBe(false)
    expect(isEmptyStats(stats({ wishes: { ...stats().wishes, posted: 1 } }))).toBe(false)
    expect(isEmptyStats(stats({ volunteerHours: { total: 1.5, volunteers: 1 } }))).toBe(false)
  })
})

describe('CSV exports', () => {
  it('name the file by community, what it holds and the days', () => {
    expect(exportFileName('阳光社区', 'volunteer-hours', { from: '2025-11-01', to: '2025-11-24' })).toBe(
      '阳光社区-志愿服务时长-2025-11-01至2025-11-24.csv',
    )
    expect(exportFileName('a/b 社区', 'wishes', { from: '2025-11-01', to: '2025-11-01' })).toBe(
      'ab社区-心愿明细-2025-11-01.csv',
    )
    for (const kind of EXPORT_KINDS) expect(exportShortLabel(kind)).not.toMatch(/[（）]/)
  })

  it('explain a refusal: not your community, a session gone, a bad period, a busy server', () => {
    const forbidden = exportError(
      403,
      JSON.stringify({ error: { code: 'FORBIDDEN', message: '您没有权限进行这项操作' } }),
    )
    expect(forbidden).toMatchObject({ status: 403, code: 'FORBIDDEN' })
    expect(forbidden.message).toContain('不归您负责')
    expect(exportError(401, '').message).toContain('重新登录')
    const bad = exportError(400, JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: '一次最多统计一年' } }))
    expect(bad.message).toBe('一次最多统计一年')
    expect(exportError(503, '<html>Bad gateway</html>').message).toBe('服务暂时繁忙，请稍后再试')
    expect(exportError(500, 'not json').message).toBe('系统出了点问题，请稍后再试')
  })
})
