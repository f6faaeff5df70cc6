import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Clock } from '../lib/clock'

/**
 * Signed session tokens: `v1.<payload>.<signature>`, HMAC-SHA256 over the payload with AUTH_SECRET.
 * The payload names the user, the token's lifetime, its id and the user's token generation; roles are read from the
 * database on each request, so a suspension or a new assignment takes effect at once. Logging out ends a token by
 * its id, and all of a user's tokens by moving their generation on (auth/session.ts).
 */
export interface TokenService {
  /**
   * A new token for the user, of their current token generation (`users.token_generation`: 0 until they first log
   * out everywhere).
   */
  sign(userId: string, generation?: number): string
  /** The user id, or null for a token that is malformed, forged or expired. */
  verify(token: string): string | null
  /** What a token says, or null for a token that is malformed, forged or expired. */
  claims(token: string): TokenClaims | null
}

export interface TokenClaims {
  userId: string
  /** Unique per token: what a logout records as ended. */
  id: string
  /** The user's token generation when it was signed; a token of an older one was ended by a logout everywhere. */
  generation: number
  expiresAt: Date
}

interface Payload {
  sub: string
  iat: number
  exp: number
  jti: string
  gen: number
}

/**
 * Tokens verified before, with their claims: the signature is checked once per token and instance (an HMAC,
 * ~10 µs), its lifetime on every use. The oldest is forgotten first.
 */
const VERIFIED_TOKENS = 5_000

export function createTokenService(secret: string, ttlSeconds: number, clock: Clock): TokenService {
  const signature = (payload: string) => createHmac('sha256', secret).update(`v1.${payload}`).digest('base64url')
  const verified = new Map<string, TokenClaims>()

  /** The claims of a token signed with our secret, or null. */
  const check = (token: string): TokenClaims | null => {
    const parts = token.split('.')
    // Exactly three parts: a token with more is not one we signed, even if its first three are.
    if (parts.length !== 3) return null
    const [version, payload, given] = parts as [string, string, string]
    if (version !== 'v1' || !payload || !given) return null
    const expected = Buffer.from(signature(payload))
    const actual = Buffer.from(given)
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Payload>
      if (typeof parsed.sub !== 'string' || typeof parsed.exp !== 'number') return null
      const generation = parsed.gen ?? 0
      if (!Number.isSafeInteger(generation) || generation < 0) return null
      if (parsed.jti !== undefined && typeof parsed.jti !== 'string') return null
      return {
        userId: parsed.sub,
        // Tokens signed before they carried an id are told apart by their signature.
        id: parsed.jti ?? given,
        generation,
        expiresAt: new Date(parsed.exp * 1000),
      }
    } catch {
      return null
    }
  }

  const claims = (token: string): TokenClaims | null => {
    let known = verified.get(token)
    if (!known) {
      const checked = check(token)
      if (!checked) return null
      known = checked
      if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!)
      verified.set(token, known)
    }
    return known.expiresAt.getTime() > clock.now().getTime() ? known : null
  }

  return {
    sign(userId, generation = 0) {
      const iat = Math.floor(clock.now().getTime() / 1000)
      const payload = Buffer.from(
        JSON.stringify({
          sub: userId,
          iat,
          exp: iat + ttlSeconds,
          jti: randomBytes(12).toString('base64url'),
          gen: generation,
        } satisfies Payload),
      ).toString('base64url')
      return `v1.${payload}.${signature(payload)}`
    },
    verify: (token) => claims(token)?.userId ?? null,
    claims,
  }
}
