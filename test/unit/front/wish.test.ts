import { describe, expect, it } from 'vitest'
import { formatAge, HOURS_OPTIONS, stars, validateWishAction, wishStatusTone } from '@/utils/wish'

describe('wish helpers of the mini-program', () => {
  it('offers 0.5 to 8 hours in half-hour steps', () => {
    expect(HOURS_OPTIONS[0]).toBe(0.5)
    expect(HOURS_OPTIONS.at(-1)).toBe(8)
    expect(HOURS_OPTIONS).toHaveLength(16)
  })

  it('says how long ago a wish was posted', () => {
    const now = Date.parse('2025-11-22T12:00:00.000Z')
    expect(formatAge('2025-11-22T11:59:30.000Z', now)).toBe('刚刚')
    expect(formatAge('2025-11-22T11:55:00.000Z', now)).toBe('5分钟前')
    expect(formatAge('2025-11-22T09:00:00.000Z', now)).toBe('3小时前')
    expect(formatAge('2025-11-20T12:00:00.000Z', now)).toBe('2天前')
    expect(formatAge('2025-11-01T01:30:00.000Z', now)).toBe('11月1日') // Asia/Shanghai date
    expect(formatAge('not a date', now)).toBe('')
  })

  it('draws ratings as stars and colours statuses', () => {
    expect(stars(4)).toBe('★★★★☆')
    expect(stars(9)).toBe('★★★★★')
    expect(wishStatusTone('open')).toBe('warning')
    expect(wishStatusTone('completed')).toBe('success')
    expect(wishStatusTone('rejected')).toBe('danger')
    expect(wishStatusTone('cancelled')).toBe('neutral')
  })

  it('checks an action’s input with the shared schemas’ messages', () => {
    expect(validateWishAction({ action: 'claim' })).toBeNull()
    expect(validateWishAction({ action: 'release', reason: ' ' })).toBe('请写明原因')
    expect(validateWishAction({ action: 'fulfil', note: '已送到', hours: 1.5 })).toBeNull()
    expect(validateWishAction({ action: 'fulfil', note: '已送到', hours: 9 })).toBe('服务时长为0.5-8小时')
    expect(validateWishAction({ action: 'confirm', rating: 0 })).toBe('请打1-5星')
    expect(validateWishAction({ action: 'review', approve: false, reason: '' })).toBe('不通过时请写明原因，居民会看到')
    expect(validateWishAction({ action: 'review', approve: true })).toBeNull()
  })
})
