import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/server/config'

const S3 = { S3_BUCKET: 'llt-photos', S3_REGION: 'ap-shanghai', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' }
const PRODUCTION = { NODE_ENV: 'production', AUTH_SECRET: 's'.repeat(32), CRON_SECRET: 'c'.repeat(16), ...S3 }
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

  it('keeps uploads under DATA_DIR locally, and in S3 in production unless told this server has a lasting disk', () => {
    expect(loadConfig({}).storage).toEqual({ kind: 'local', dir: path.join('.data', 'uploads') })
    expect(loadConfig({ DATA_DIR: '/srv/llt' }).storage).toEqual({
      kind: 'local',
      dir: path.join('/srv/llt', 'uploads'),
    })
    const withoutS3 = {
      NODE_ENV: 'production',
      AUTH_SECRET: PRODUCTION.AUTH_SECRET,
      CRON_SECRET: PRODUCTION.CRON_SECRET,
    }
    expect(() => loadConfig(withoutS3)).toThrow(/S3_BUCKET/)
    expect(loadConfig({ ...withoutS3, UPLOAD_STORAGE: 'local' }).storage.kind).toBe('local')
    expect(loadConfig(PRODUCTION).storage).toEqual({
      kind: 's3',
      region: 'ap-shanghai',
      bucket: 'llt-photos',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      forcePathStyle: false,
    })
    const minio = loadConfig({ ...S3, S3_ENDPOINT: 'http://127.0.0.1:9000' }).storage
    expect(minio).toMatchObject({ kind: 's3', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true })
    expect(() => loadConfig({ S3_BUCKET: 'b' })).toThrow(/S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY/)
    expect(() => loadConfig({ UPLOAD_STORAGE: 's3' })).toThrow(/S3_BUCKET/)
    expect(() => loadConfig({ ...S3, S3_ENDPOINT: 'not a url' })).toThrow(/S3_ENDPOINT/)
  })

  it('fails fast on malformed values', () => {
    expect(() => loadConfig({ WECHAT_API_BASE: 'not a url' })).toThrow(/WECHAT_API_BASE/)
    expect(() => loadConfig({ AUTH_DEV_LOGIN: 'yes' })).toThrow(/AUTH_DEV_LOGIN/)
  })
})
