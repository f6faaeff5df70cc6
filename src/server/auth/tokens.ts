import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Clock } from '../lib/clock'

/**
 * Signed session tokens: `v1.<payload>.<signature>`, HMAC-SHA256 over the payload with AUTH_SECRET.
 * The payload names only the user and the token's lifetime; roles are read from the database on each request,
 * so a suspension or a new assignment takes effect at once.
 */
export interface TokenService {
  sign(userId: string): string
  /** The user id, or null for a token that is malformed, forged or expired. */
  verify(token: string): string | null
}

interface Payload {
  sub: string
  iat: number
  exp: number
}

/**
 * Tokens verified before, with their user and end: the signature is checked once per token and instance (an
 * HMAC, ~10 µs), its lifetime on every use. The oldest is forgotten first.
 */
const VERIFIED_TOKENS = 5_000

export function createTokenService(secret: string, ttlSeconds: number, clock: Clock): TokenService {
  const signature = (payload: string) => createHmac('sha256', secret).update(`v1.${payload}`).digest('base64url')
  const verified = new Map<string, { sub: string; exp: number }>()

  /** The payload of a token signed with our secret, or null. */
  const check = (token: string): { sub: string; exp: number } | null => {
    const [version, payload, given] = token.split('.')
    if (version !== 'v1' || !payload || !given) return null
    const expected = Buffer.from(signature(payload))
    const actual = Buffer.from(given)
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Payload>
      if (typeof parsed.sub !== 'string' || typeof parsed.exp !== 'number') return null
      return { sub: parsed.sub, exp: parsed.exp }
    } catch {
      return null
    }
  }

  return {
    sign(userId) {
      const iat = Math.floor(clock.now().getTime() / 1000)
      const payload = Buffer.from(
        JSON.stringify({ sub: userId, iat, exp: iat + ttlSeconds } satisfies Payload),
      ).toString('base64url')
      return `v1.${payload}.${signature(payload)}`
    },
    verify(token) {
      let known = verified.get(token)
      if (!known) {
        const checked = check(token)
        if (!checked) return null
        known = checked
        if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!)
        verified.set(token, known)
      }
      return known.exp * 1000 > clock.now().getTime() ? known.sub : null
    },
  }
}
