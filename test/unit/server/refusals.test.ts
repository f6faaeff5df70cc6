import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/server/lib/errors'
import { refusal } from '../../../src/server/lib/refusals'

const dbError = (code: string, constraint?: string) => Object.assign(new Error('refused'), { code, constraint })

describe('refusal', () => {
  it('answers the word check (LM001) with 422 CONTENT_REJECTED', () => {
    const refused = refusal(dbError('LM001'))
    expect(refused).toBeInstanceOf(AppError)
    expect(refused).toMatchObject({ code: 'CONTENT_REJECTED', status: 422 })
  })

  it('answers a trigger’s SQLSTATE with its conflict, and a NUL in text with 400', () => {
    expect(refusal(dbError('LB007'))).toMatchObject({ code: 'SLOT_FULL', status: 409 })
    expect(refusal(dbError('LT001'))).toMatchObject({ code: 'VOTING_CLOSED', status: 409 })
    expect(refusal(dbError('LT002'))).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 })
    expect(refusal(dbError('22021'))).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 })
  })

  it('answers a violated constraint by its name, for the constraint SQLSTATEs only', () => {
    expect(refusal(dbError('23514', 'users_live_wishes_check'))).toMatchObject({ code: 'WISH_LIMIT_REACHED' })
    expect(refusal(dbError('23505', 'comment_reports_pkey'))).toMatchObject({ code: 'ALREADY_REPORTED' })
    expect(refusal(dbError('23503', 'users_community_id_fkey'))).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(refusal(dbError('42P01', 'users_live_wishes_check'))).toBeNull()
  })

  it('knows nothing of other errors, which stay server errors', () => {
    expect(refusal(dbError('23505', 'bookings_code_key'))).toBeNull()
    expect(refusal(dbError('23505'))).toBeNull()
    expect(refusal(new Error('connection terminated'))).toBeNull()
    expect(refusal('not an error')).toBeNull()
  })

  it('makes a new error each time, so one answer cannot change another', () => {
    expect(refusal(dbError('LB001'))).not.toBe(refusal(dbError('LB001')))
  })
})
