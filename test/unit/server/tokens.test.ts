import { createHmac } from 'node:crypto'
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

  it('refuses a token with more than its three parts, also once it verified the token itself', () => {
    const token = tokens.sign('user-4')
    for (const longer of [`${token}.x`, `${token}.`, `${token}..`, `${token}.${token}`]) {
      expect(tokens.verify(longer)).toBeNull()
      expect(tokens.claims(longer)).toBeNull()
    }
  })

  it('gives every token an id of its own and the generation it was signed for', () => {
    const [first, second] = [tokens.sign('user-5', 3), tokens.sign('user-5', 3)]
    expect(first).not.toBe(second)
    const [a, b] = [tokens.claims(first)!, tokens.claims(second)!]
    expect(a.id).not.toBe(b.id)
    expect(a).toMatchObject({ userId: 'user-5', generation: 3, expiresAt: new Date(clock.now().getTime() + 3600_000) })
    expect(tokens.claims(tokens.sign('user-5'))!.generation).toBe(0)
  })

  it('reads a token signed before tokens carried an id: its signature is its id, of generation 0', () => {
    const iat = Math.floor(clock.now().getTime() / 1000)
    const payload = Buffer.from(JSON.stringify({ sub: 'user-6', iat, exp: iat + 60 })).toString('base64url')
    const signature = createHmac('sha256', 'a'.repeat(32)).update(`v1.${payload}`).digest('base64url')
    expect(tokens.claims(`v1.${payload}.${signature}`)).toMatchObject({
      userId: 'user-6',
      id: signature,
      generation: 0,
    })
  })
})
