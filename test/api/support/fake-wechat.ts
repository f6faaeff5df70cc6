import http from 'node:http'

/**
 * A stand-in for WeChat's API that speaks its protocol: GET /sns/jscode2session answers by the code it is given.
 * - `ok:<openid>` → that openid; `invalid` → 40029; `used` → 40163; `busy` → 45011; `system` → -1;
 * - `slow` → answers after `slowMs`; `http500` → an HTTP 500.
 */
export async function startFakeWechat(options: { appId: string; secret: string; slowMs?: number }) {
  const calls: URL[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    calls.push(url)
    const send = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname !== '/sns/jscode2session') return void res.writeHead(404).end()
    if (url.searchParams.get('appid') !== options.appId || url.searchParams.get('secret') !== options.secret) {
      return send({ errcode: 40013, errmsg: 'invalid appid' })
    }
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
