import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/server/config'

const PRODUCTION = { NODE_ENV: 'production', AUTH_SECRET: 's'.repeat(32), CRON_SECRET: 'c'.repeat(16) }
const DATABASE_URL = 'postgres://app@db.example/llt'
/** What src/server/config.ts once signed with when AUTH_SECRET was unset: public, so anyone could forge a token. */
const PUBLISHED_SECRET = 'development-only-secret-do-not-use-in-production'

describe('loadConfig', () => {
  it('refuses to start in production without a long AUTH_SECRET', () => {
    expect(() => loadConfig({ ...PRODUCTION, AUTH_SECRET: undefined })).toThrow(/AUTH_SECRET/)
    expect(() => loadConfig({ ...PRODUCTION, AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET/)
  })

  it('refuses to start on DATABASE_URL without a long AUTH_SECRET, whatever NODE_ENV says', () => {
    expect(() => loadConfig({ DATABASE_URL })).toThrow(/AUTH_SECRET/)
    expect(() => loadConfig({ DATABASE_URL, NODE_ENV: 'development' })).toThrow(/AUTH_SECRET/)
    expect(() => loadConfig({ DATABASE_URL, AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET/)
    expect(loadConfig({ DATABASE_URL, AUTH_SECRET: PRODUCTION.AUTH_SECRET }).authSecret).toBe(PRODUCTION.AUTH_SECRET)
  })

  it('signs with a random secret of its own on the embedded database, never one written in the code', () => {
    const first = loadConfig({})
    const second = loadConfig({ DATABASE_URL: '', AUTH_SECRET: '' })
    for (const config of [first, second]) {
      expect(config.authSecret.length).toBeGreaterThanOrEqual(32)
      expect(config.authSecret).not.toBe(PUBLISHED_SECRET)
    }
    expect(first.authSecret).not.toBe(second.authSecret)
  })

  it('refuses to start in production without a CRON_SECRET', () => {
    expect(() => loadConfig({ ...PRODUCTION, CRON_SECRET: undefined })).toThrow(/CRON_SECRET/)
  })

  it('starts in production with both secrets, the demo login off', () => {
    const config = loadConfig(PRODUCTION)
    expect(config).toMatchObject({ production: true, authSecret: PRODUCTION.AUTH_SECRET, devLogin: false })
  })

  it('turns the demo login on only when asked, or by the local default', () => {
    expect(loadConfig({}).devLogin).toBe(false)
    expect(loadConfig({}, { devLogin: true }).devLogin).toBe(true)
    expect(loadConfig({ AUTH_DEV_LOGIN: '0' }, { devLogin: true }).devLogin).toBe(false)
    expect(loadConfig({ AUTH_DEV_LOGIN: '1' }).devLogin).toBe(true)
  })

  it('keeps the demo login off on DATABASE_URL, also under npm start, unless AUTH_DEV_LOGIN=1 says so', () => {
    const real = { DATABASE_URL, AUTH_SECRET: PRODUCTION.AUTH_SECRET }
    expect(loadConfig(real, { devLogin: true }).devLogin).toBe(false)
    expect(loadConfig({ ...real, AUTH_DEV_LOGIN: '1' }, { devLogin: true }).devLogin).toBe(true)
    expect(loadConfig({ DATABASE_URL: '' }, { devLogin: true }).devLogin).toBe(true)
  })

  it('believes a forwarding header only from a proxy it is told of', () => {
    expect(loadConfig({}).clientAddress).toEqual({ from: 'socket' })
    expect(loadConfig({ TRUST_PROXY: '0' }).clientAddress).toEqual({ from: 'socket' })
    expect(loadConfig({ TRUST_PROXY: '2' }).clientAddress).toEqual({ from: 'forwarded', proxies: 2 })
    expect(loadConfig({ TRUST_PROXY: '1' }, { vercel: true }).clientAddress).toEqual({ from: 'vercel' })
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/)
  })

  it('fails fast on malformed values', () => {
    expect(() => loadConfig({ WECHAT_API_BASE: 'not a url' })).toThrow(/WECHAT_API_BASE/)
    expect(() => loadConfig({ AUTH_DEV_LOGIN: 'yes' })).toThrow(/AUTH_DEV_LOGIN/)
  })
})
