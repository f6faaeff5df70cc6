import { describe, expect, it, vi } from 'vitest'
import { IDEMPOTENCY_HEADER } from '@/shared/api'
import { ERROR_MESSAGES } from '@/shared/errors'
import {
  ApiError,
  createHttpClient,
  createKeyedActions,
  newIdempotencyKey,
  settlesAction,
  type HttpPlatform,
  type PlatformRequest,
  type PlatformResponse,
} from '@/services/http-client'

type Answer = PlatformResponse | Error

/** A platform that answers from a script and records what it was sent, like Taro.request over the network. */
function fakePlatform(answers: Answer[], token: string | null = 'tok-1') {
  const sent: PlatformRequest[] = []
  const state = { token, unauthorized: 0 }
  const platform: HttpPlatform = {
    async request(req) {
      sent.push(req)
      const answer = answers.shift()
      if (!answer) throw new Error('no scripted answer left')
      if (answer instanceof Error) throw answer
      return answer
    },
    getToken: () => state.token,
    clearToken: () => {
      state.token = null
    },
    onUnauthorized: () => {
      state.unauthorized++
    },
  }
  return { platform, sent, state }
}

const ok = (data: unknown, statusCode = 200): PlatformResponse => ({ statusCode, data })
const fail = (statusCode: number, code: string, message: string): PlatformResponse => ({
  statusCode,
  data: { error: { code, message } },
})

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ApiError)
  return error as ApiError
}

describe('http client', () => {
  it('sends the token, JSON and the query string to the base URL', async () => {
    const { platform, sent } = fakePlatform([ok({ items: [], nextCursor: null })])
    const http = createHttpClient(platform, 'http://api.test')

    await http.get('/api/communities', { query: { limit: 50, cursor: null, q: '幸福 里' } })

    expect(sent).toHaveLength(1)
    expect(sent[0].url).toBe('http://api.test/api/communities?limit=50&q=%E5%B9%B8%E7%A6%8F%20%E9%87%8C')
    expect(sent[0].method).toBe('GET')
    expect(sent[0].header.Authorization).toBe('Bearer tok-1')
    expect(sent[0].data).toBeUndefined()
    expect(sent[0].header[IDEMPOTENCY_HEADER]).toBeUndefined()
  })

  it('sends no Authorization header without a token', async () => {
    const { platform, sent } = fakePlatform([ok({ items: [] })], null)
    await createHttpClient(platform, '').get('/api/auth/dev/users')
    expect(sent[0].header.Authorization).toBeUndefined()
    expect(sent[0].url).toBe('/api/auth/dev/users')
  })

  it('resolves with the JSON body of a 2xx answer', async () => {
    const me = { id: 'u1', nickname: '王阿姨' }
    const { platform, sent } = fakePlatform([ok(me)])
    const http = createHttpClient(platform, '')

    await expect(http.patch('/api/me', { nickname: '王阿姨' }, { idempotencyKey: 'k-1' })).resolves.toEqual(me)
    expect(sent[0].method).toBe('PATCH')
    expect(sent[0].data).toEqual({ nickname: '王阿姨' })
    expect(sent[0].header['Content-Type']).toBe('application/json')
    expect(sent[0].header[IDEMPOTENCY_HEADER]).toBe('k-1')
  })

  it('rejects a server error as an ApiError with the server’s code and message', async () => {
    const { platform } = fakePlatform([
      {
        statusCode: 409,
        data: { error: { code: 'VOLUNTEER_APPLICATION_PENDING', message: '正在审核中', details: { a: 1 } } },
      },
    ])
    const error = await rejection(createHttpClient(platform, '').post('/api/me/volunteer', {}))
    expect(error).toMatchObject({ status: 409, code: 'VOLUNTEER_APPLICATION_PENDING', message: '正在审核中' })
    expect(error.details).toEqual({ a: 1 })
  })

  it('rejects an answer without our error body by its status, with the shared message', async () => {
    const { platform } = fakePlatform([
      { statusCode: 404, data: 'Not Found' },
      { statusCode: 502, data: null },
      { statusCode: 503, data: '<html>' },
    ])
    const http = createHttpClient(platform, '')
    expect(await rejection(http.get('/api/x'))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      message: ERROR_MESSAGES.NOT_FOUND,
    })
    expect(await rejection(http.get('/api/x'))).toMatchObject({ status: 502, code: 'INTERNAL' })
    expect(await rejection(http.get('/api/x'))).toMatchObject({ status: 503, code: 'DB_UNAVAILABLE' })
  })

  it('never resolves a 200 that is not JSON (an HTML fallback page) as data', async () => {
    const { platform } = fakePlatform([ok('<!DOCTYPE html><html></html>')])
    const error = await rejection(createHttpClient(platform, '').get('/api/me'))
    expect(error).toMatchObject({ status: 200, code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL })
  })

  it('rejects a network failure as NETWORK with the shared message', async () => {
    const { platform } = fakePlatform([new Error('request:fail timeout')])
    const error = await rejection(createHttpClient(platform, '').get('/api/me'))
    expect(error).toMatchObject({ status: 0, code: 'NETWORK', message: ERROR_MESSAGES.NETWORK })
  })

  it('on 401 clears the token, reports it once, and rejects', async () => {
    const { platform, state } = fakePlatform([fail(401, 'UNAUTHENTICATED', '请先登录')])
    const error = await rejection(createHttpClient(platform, '').get('/api/me'))
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message: '请先登录' })
    expect(state.token).toBeNull()
    expect(state.unauthorized).toBe(1)
  })

  it('keeps a newer token when a request sent with an older one comes back 401', async () => {
    const { platform, state } = fakePlatform([])
    platform.request = async () => {
      state.token = 'tok-2' // the user logged in again while this request was on its way
      return fail(401, 'UNAUTHENTICATED', '请先登录')
    }
    await rejection(createHttpClient(platform, '').get('/api/me'))
    expect(state.token).toBe('tok-2')
  })

  it('sends an anonymous call (a login) without the token, and its 401 ends no session', async () => {
    const { platform, sent, state } = fakePlatform([fail(401, 'WECHAT_CODE_INVALID', '微信登录已失效')], 'stale')
    const error = await rejection(
      createHttpClient(platform, '').post('/api/auth/wechat', { code: 'c' }, { anonymous: true }),
    )
    expect(sent[0].header.Authorization).toBeUndefined()
    expect(error).toMatchObject({ status: 401, code: 'WECHAT_CODE_INVALID' })
    expect(state.token).toBe('stale')
    expect(state.unauthorized).toBe(0)
  })

  it('reads the token when the call starts: a logout may forget it at once and still be sent with it', async () => {
    const { platform, sent, state } = fakePlatform([ok(null, 204)])
    const loggingOut = createHttpClient(platform, '').post('/api/auth/logout')
    platform.clearToken()
    await loggingOut
    expect(sent[0].header.Authorization).toBe('Bearer tok-1')
    expect(state.token).toBeNull()
  })

  it('sends writes without a body as an empty JSON object', async () => {
    const { platform, sent } = fakePlatform([ok({ ok: true })])
    await createHttpClient(platform, '').post('/api/volunteers/u1/approve', undefined, { idempotencyKey: 'k' })
    expect(sent[0].data).toEqual({})
    expect(sent[0].header[IDEMPOTENCY_HEADER]).toBe('k')
  })
})

describe('keyed actions', () => {
  it('reuses the key when the same action is retried after a failure, and starts anew after success', async () => {
    const { platform, sent } = fakePlatform([
      new Error('offline'),
      fail(503, 'DB_UNAVAILABLE', '服务暂时繁忙'),
      ok({ status: 'pending' }),
      ok({ status: 'pending' }),
    ])
    const http = createHttpClient(platform, '')
    const actions = createKeyedActions()
    const input = { realName: '张建华', phone: '13812345678' }
    const apply = () =>
      actions.run('apply', input, (key) => http.post('/api/me/volunteer', input, { idempotencyKey: key }))

    await expect(apply()).rejects.toMatchObject({ code: 'NETWORK' })
    await expect(apply()).rejects.toMatchObject({ code: 'DB_UNAVAILABLE' })
    await expect(apply()).resolves.toEqual({ status: 'pending' })
    await apply()

    const keys = sent.map((r) => r.header[IDEMPOTENCY_HEADER])
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(keys[1]).toBe(keys[0])
    expect(keys[2]).toBe(keys[0])
    expect(keys[3]).not.toBe(keys[0])
  })

  it('uses a new key when the input changed between attempts (a different action)', async () => {
    const generate = vi.fn().mockReturnValueOnce('k-1').mockReturnValueOnce('k-2')
    const actions = createKeyedActions(generate)
    const seen: string[] = []
    const attempt = (input: unknown) =>
      actions.run('patch', input, async (key) => {
        seen.push(key)
        throw new ApiError(0, 'NETWORK', ERROR_MESSAGES.NETWORK)
      })

    await attempt({ nickname: '王' }).catch(() => undefined)
    await attempt({ nickname: '王' }).catch(() => undefined)
    await attempt({ nickname: '王阿姨' }).catch(() => undefined)
    expect(seen).toEqual(['k-1', 'k-1', 'k-2'])
  })

  it('drops the key once the server refused the action, so the next try is not a replay of that refusal', async () => {
    const { platform, sent } = fakePlatform([
      fail(409, 'CHECK_IN_TOO_EARLY', '还没到签到时间'),
      ok({ id: 'b1', status: 'checked_in' }),
    ])
    const http = createHttpClient(platform, '')
    const actions = createKeyedActions()
    const checkIn = () =>
      actions.run('12345678', '12345678', (key) =>
        http.post('/api/bookings/check-in', { code: '12345678' }, { idempotencyKey: key }),
      )

    await expect(checkIn()).rejects.toMatchObject({ status: 409 })
    await expect(checkIn()).resolves.toMatchObject({ status: 'checked_in' })
    const keys = sent.map((r) => r.header[IDEMPOTENCY_HEADER])
    expect(keys[1]).not.toBe(keys[0])
  })

  it('keeps the key while the action is unsettled: no answer, a server error, 429, or the first still running', async () => {
    const { platform, sent } = fakePlatform([
      new Error('timeout'),
      fail(500, 'INTERNAL', '出错了'),
      fail(502, 'INTERNAL', '出错了'),
      fail(429, 'RATE_LIMITED', '操作太频繁'),
      fail(409, 'IDEMPOTENCY_IN_PROGRESS', ERROR_MESSAGES.IDEMPOTENCY_IN_PROGRESS),
      ok({ id: 'w1', status: 'claimed' }),
    ])
    const http = createHttpClient(platform, '')
    const actions = createKeyedActions()
    const claim = () =>
      actions.run('claim', null, (key) => http.post('/api/wishes/w1/claim', undefined, { idempotencyKey: key }))

    for (let i = 0; i < 5; i++) await claim().catch(() => undefined)
    await expect(claim()).resolves.toMatchObject({ status: 'claimed' })
    expect(new Set(sent.map((r) => r.header[IDEMPOTENCY_HEADER])).size).toBe(1)
  })

  it('keeps one key per action name: another action or target never shares it', async () => {
    let n = 0
    const actions = createKeyedActions(() => `k-${++n}`)
    const seen: Record<string, string[]> = {}
    const attempt = (name: string) =>
      actions
        .run(name, null, async (key) => {
          ;(seen[name] ??= []).push(key)
          throw new ApiError(0, 'NETWORK', ERROR_MESSAGES.NETWORK)
        })
        .catch(() => undefined)

    await attempt('approve:a')
    await attempt('reject:a')
    await attempt('approve:b')
    await attempt('approve:a')
    expect(seen).toEqual({ 'approve:a': ['k-1', 'k-1'], 'reject:a': ['k-2'], 'approve:b': ['k-3'] })
  })

  it('says which failures settle an action', () => {
    expect(settlesAction(new ApiError(400, 'VALIDATION_FAILED', ''))).toBe(true)
    expect(settlesAction(new ApiError(403, 'FORBIDDEN', ''))).toBe(true)
    expect(settlesAction(new ApiError(409, 'WISH_NOT_OPEN', ''))).toBe(true)
    expect(settlesAction(new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', ''))).toBe(true)
    expect(settlesAction(new ApiError(409, 'IDEMPOTENCY_IN_PROGRESS', ''))).toBe(false)
    // The first attempt may have been done and its answer lost: the resident is told to look before sending again,
    // which is then a new action, with a new key.
    expect(settlesAction(new ApiError(409, 'IDEMPOTENCY_OUTCOME_UNKNOWN', ''))).toBe(true)
    expect(settlesAction(new ApiError(429, 'RATE_LIMITED', ''))).toBe(false)
    expect(settlesAction(new ApiError(0, 'NETWORK', ''))).toBe(false)
    expect(settlesAction(new ApiError(503, 'DB_UNAVAILABLE', ''))).toBe(false)
    // A 200 that is not our JSON (a captive portal): the write may not have reached us, or may have.
    expect(settlesAction(new ApiError(200, 'INTERNAL', ''))).toBe(false)
    expect(settlesAction(new Error('the subscribe prompt failed'))).toBe(false)
  })

  it('makes distinct v4 UUIDs', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newIdempotencyKey()))
    expect(keys.size).toBe(200)
  })
})
