import http from 'node:http'

/** A subscribe message the fake accepted, with the access token it came with. */
export interface FakeSubscribeMessage {
  touser: string
  template_id: string
  page?: string
  miniprogram_state?: string
  data: Record<string, { value: string }>
  accessToken: string
}

/**
 * A stand-in for WeChat's API that speaks its protocol.
 * - GET /sns/jscode2session answers by the code it is given: `ok:<openid>` → that openid; `invalid` → 40029;
 *   `used` → 40163; `busy` → 45011; `system` → -1; `slow` → answers after `slowMs`; `http500` → an HTTP 500.
 * - GET /cgi-bin/token issues a new access token (`token-1`, `token-2`, …) valid for `tokenTtlSeconds`;
 *   `expireTokens()` makes every token issued so far answer 40001.
 * - POST /cgi-bin/message/subscribe/send accepts a message with a valid token, after `sendDelayMs`;
 *   `failNext(openid, errcodes)` makes the next sends to that openid answer those errcodes in turn
 *   (a negative one other than -1 answers an HTTP 500 instead).
 */
export async function startFakeWechat(options: {
  appId: string
  secret: string
  slowMs?: number
  tokenTtlSeconds?: number
  sendDelayMs?: number
}) {
  const calls: URL[] = []
  const messages: FakeSubscribeMessage[] = []
  const validTokens = new Set<string>()
  const failures = new Map<string, number[]>()
  let issued = 0

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    calls.push(url)
    const send = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    const credentialsOk = () =>
      url.searchParams.get('appid') === options.appId && url.searchParams.get('secret') === options.secret

    if (url.pathname === '/cgi-bin/token') {
      if (url.searchParams.get('grant_type') !== 'client_credential') return send({ errcode: 40002 })
      if (!credentialsOk()) return send({ errcode: 40013, errmsg: 'invalid appid' })
      const token = `token-${++issued}`
      validTokens.add(token)
      return send({ access_token: token, expires_in: options.tokenTtlSeconds ?? 7200 })
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const answer = () => {
          const accessToken = url.searchParams.get('access_token') ?? ''
          if (!validTokens.has(accessToken)) return send({ errcode: 40001, errmsg: 'invalid credential' })
          const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeSubscribeMessage
          const errcode = failures.get(message.touser)?.shift()
          if (errcode !== undefined && errcode < -1) return void res.writeHead(500).end()
          if (errcode) return send({ errcode, errmsg: 'scripted failure' })
          messages.push({ ...message, accessToken })
          send({ errcode: 0, errmsg: 'ok', msgid: messages.length })
        }
        if (options.sendDelayMs) setTimeout(answer, options.sendDelayMs)
        else answer()
      })
      return
    }
    if (url.pathname !== '/sns/jscode2session') return void res.writeHead(404).end()
    if (!credentialsOk()) return send({ errcode: 40013, errmsg: 'invalid appid' })
    const code = url.searchParams.get('js_code') ?? ''
    if (code.startsWith('ok:')) return send({ openid: code.slice(3), session_key: 'fake-session-key' })
    if (code === 'invalid') return send({ errcode: 40029, errmsg: 'invalid code' })
    if (code === 'used') return send({ errcode: 40163, errmsg: 'code been used' })
    if (code === 'busy') return send({ errcode: 45011, errmsg: 'api minute-quota reach limit' })
    if (code === 'system') return send({ errcode: -1, errmsg: 'system error' })
    if (code === 'http500') return void res.writeHead(500).end()
    if (code === 'slow')
      return void setTimeout(() => send({ openid: 'late', session_key: 'x' }), options.slowMs ?? 1_000)
    send({ errcode: 40029, errmsg: 'invalid code' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    calls,
    /** Subscribe messages accepted, in order. */
    messages,
    /** How many access tokens were fetched. */
    tokenFetches: () => calls.filter((u) => u.pathname === '/cgi-bin/token').length,
    expireTokens: () => validTokens.clear(),
    failNext: (openid: string, errcodes: number[]) => void failures.set(openid, [...errcodes]),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
