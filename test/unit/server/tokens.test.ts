import { describe, expect, it } from 'vitest'
import { createTokenService } from '../../../src/server/auth/tokens'
import { manualClock } from '../../../src/server/lib/clock'

describe('tokens', () => {
  const clock = manualClock('2026-11-22T00:00:00Z')
  const tokens = createTokenService('a'.repeat(32), 3600, clock)

  it('signs a user id and verifies it back', () => {
    expect(tokens.verify(tokens.sign('user-1'))).toBe('user-1')
  })

  it('refuses a token after its lifetime', () => {
    const token = tokens.sign('user-1')
    clock.advance(3600 * 1000)
    expect(tokens.verify(token)).toBeNull()
    clock.advance(-3600 * 1000)
  })

  it('refuses a token it verified before once its lifetime is over', () => {
    const token = tokens.sign('user-2')
    expect(tokens.verify(token)).toBe('user-2')
    clock.advance(3600 * 1000)
    expect(tokens.verify(token)).toBeNull()
    clock.advance(-3600 * 1000)
    expect(tokens.verify(token)).toBe('user-2')
  })

  it('refuses a forged token every time it is shown', () => {
    const [v, payload] = tokens.sign('user-3').split('.') as [string, string, string]
    const forged = `${v}.${payload}.${'x'.repeat(43)}`
    expect(tokens.verify(forged)).toBeNull()
    expect(tokens.verify(forged)).toBeNull()
  })

  it('refuses tampered, truncated and foreign tokens', () => {
    const token = tokens.sign('user-1')
    const [v, payload, sig] = token.split('.') as [string, string, string]
    const swapped = Buffer.from(JSON.stringify({ sub: 'admin', iat: 0, exp: 9e9 })).toString('base64url')
    expect(tokens.verify(`${v}.${swapped}.${sig}`)).toBeNull()
    expect(tokens.verify(`${v}.${payload}`)).toBeNull()
    expect(tokens.verify(`v2.${payload}.${sig}`)).toBeNull()
    expect(tokens.verify('')).toBeNull()
    expect(createTokenService('b'.repeat(32), 3600, clock).verify(token)).toBeNull()
  })
})
