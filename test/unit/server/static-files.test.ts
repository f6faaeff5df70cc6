import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { Hono } from 'hono'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { serveBuiltFiles } from '../../../src/server/lib/static-files'

/**
 * `npm start`'s H5 files (lib/static-files.ts) on a build of a few files in a folder of their own: what Lighthouse
 * asked for (text compressed, hashed files kept by the browser) and what a file server must not do.
 */
let dir: string
let root: string
let app: Hono
const SCRIPT = `console.log(${JSON.stringify('邻里通 '.repeat(2000))});\n`.repeat(4)
const PAGE = '<!doctype html><html><body><div id="app"></div><script src="/js/app.3e89405e.js"></script></body></html>'
const IMAGE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 64 }, (_, i) => i)])

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-static-'))
  root = path.join(dir, 'dist-h5')
  fs.mkdirSync(path.join(root, 'js'), { recursive: true })
  fs.mkdirSync(path.join(root, 'static'))
  fs.writeFileSync(path.join(root, 'index.html'), PAGE)
  fs.writeFileSync(path.join(root, 'js', 'app.3e89405e.js'), SCRIPT)
  fs.writeFileSync(path.join(root, 'static', 'me.png'), IMAGE)
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the web')
  app = new Hono().use('*', serveBuiltFiles(root))
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
afterEach(() => vi.restoreAllMocks())

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => app.request(url, { method, headers })
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer())

describe('the H5 files of npm start', () => {
  it('sends a script compressed with brotli when the browser takes it, kept for a year', async () => {
    const res = await get('/js/app.3e89405e.js', { 'accept-encoding': 'gzip, deflate, br, zstd' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('br')
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('vary')).toBe('Accept-Encoding')
    const body = await bytes(res)
    expect(Number(res.headers.get('content-length'))).toBe(body.length)
    expect(body.length).toBeLessThan(SCRIPT.length / 10)
    expect(zlib.brotliDecompressSync(body).toString()).toBe(SCRIPT)
  })

  it('sends gzip to a browser without brotli, and the file as it is to one that takes neither', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip;q=0.8', 'deflate, gzip']) {
      const res = await get('/js/app.3e89405e.js', { 'accept-encoding': accept })
      expect(res.headers.get('content-encoding'), accept).toBe('gzip')
      expect(zlib.gunzipSync(await bytes(res)).toString()).toBe(SCRIPT)
    }
    for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0', 'deflate']) {
      const res = await get('/js/app.3e89405e.js', accept ? { 'accept-encoding': accept } : {})
      expect(res.headers.get('content-encoding'), accept).toBeNull()
      expect((await bytes(res)).toString()).toBe(SCRIPT)
    }
  })

  it('compresses a file once, not on every request', async () => {
    const fresh = new Hono().use('*', serveBuiltFiles(root))
    const brotli = vi.spyOn(zlib, 'brotliCompress')
    const gzip = vi.spyOn(zlib, 'gzip')
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fresh.request('/js/app.3e89405e.js', { headers: { 'accept-encoding': i % 2 ? 'br' : 'gzip' } }),
      ),
    )
    for (const res of answers) expect(res.headers.get('content-encoding')).toMatch(/^(br|gzip)$/)
    expect([brotli.mock.calls.length, gzip.mock.calls.length]).toEqual([1, 1])
  })

  it('has index.html revalidated every time, answered 304 while it has not changed, and new once rebuilt', async () => {
    const first = await get('/', { 'accept-encoding': 'br' })
    expect(first.headers.get('cache-control')).toBe('no-cache')
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(zlib.brotliDecompressSync(await bytes(first)).toString()).toBe(PAGE)
    const etag = first.headers.get('etag')!
    const again = await get('/index.html', { 'accept-encoding': 'br', 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    // The same ETag does not stand for the other encodings.
    expect((await get('/', { 'if-none-match': etag })).status).toBe(200)

    const rebuilt = PAGE.replace('3e89405e', '0a1b2c3d')
    fs.writeFileSync(path.join(root, 'index.html'), rebuilt)
    fs.utimesSync(path.join(root, 'index.html'), new Date(), new Date(Date.now() + 5000))
    const after = await get('/', { 'accept-encoding': 'br', 'if-none-match': etag })
    expect(after.status).toBe(200)
    expect(zlib.brotliDecompressSync(await bytes(after)).toString()).toBe(rebuilt)
    fs.writeFileSync(path.join(root, 'index.html'), PAGE)
  })

  it('answers a path that names no file with index.html, whose hash routing finds the page', async () => {
    for (const url of ['/', '/pages/wishes/index', '/js/app.00000000.js', '/js/', '/%E0%A4%A']) {
      const res = await get(url)
      expect([res.status, await res.text()], url).toEqual([200, PAGE])
    }
  })

  it('serves nothing outside its folder', async () => {
    for (const url of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/js/%2e%2e/%2e%2e/secret.txt',
      '/js/app.3e89405e.js%00',
    ]) {
      const res = await get(url)
      expect(await res.text(), url).toBe(PAGE)
    }
  })

  it('sends an image as it is, and a HEAD request the headers alone', async () => {
    const image = await get('/static/me.png', { 'accept-encoding': 'br, gzip' })
    expect(image.headers.get('content-encoding')).toBeNull()
    expect(image.headers.get('vary')).toBeNull()
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(image.headers.get('cache-control')).toBe('no-cache')
    expect(await bytes(image)).toEqual(IMAGE)

    const head = await get('/js/app.3e89405e.js', { 'accept-encoding': 'br' }, 'HEAD')
    expect([head.status, head.headers.get('content-encoding'), await head.text()]).toEqual([200, 'br', ''])
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0)
  })

  it('leaves writes to the routes after it', async () => {
    const withApi = new Hono().use('*', serveBuiltFiles(root)).post('/js/app.3e89405e.js', (c) => c.text('posted'))
    expect(await (await withApi.request('/js/app.3e89405e.js', { method: 'POST' })).text()).toBe('posted')
  })
})
