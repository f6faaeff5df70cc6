import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/server/config'

const PRODUCTION = { NODE_ENV: 'production', AUTH_SECRET: 's'.repeat(32), CRON_SECRET: 'c'.repeat(16) }

describe('loadConfig', () => {
  it('refuses to start in production without a long AUTH_SECRET', () => {
    expect(() => loadConfig({ ...PRODUCTION, AUTH_SECRET: undefined })).toThrow(/AUTH_SECRET/)
    expect(() => loadConfig({ ...PRODUCTION, AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET/)
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

  it('fails fast on malformed values', () => {
    expect(() => loadConfig({ WECHAT_API_BASE: 'not a url' })).toThrow(/WECHAT_API_BASE/)
    expect(() => loadConfig({ AUTH_DEV_LOGIN: 'yes' })).toThrow(/AUTH_DEV_LOGIN/)
  })
})
