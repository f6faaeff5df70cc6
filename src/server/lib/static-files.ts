import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { MiddlewareHandler } from 'hono'
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress'
import { getMimeType } from 'hono/utils/mime'

/**
 * The H5 build's files for `npm start` (src/server/local.ts): compressed with brotli or gzip when the browser takes
 * it, each file compressed once and kept in memory until it changes on disk; kept by browsers for a year when its
 * name carries its content's hash, revalidated (ETag, 304) otherwise. A path that names no file is the app's
 * index.html, whose hash routing finds the page.
 */

/** What the H5 build names by content (`js/app.3e89405e.js`, `css/617.daf1c245.css`): never changed, only replaced. */
const HASHED_NAME = /\.[0-9a-f]{8,}\.[a-z0-9]+$/
const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'

type Encoding = 'br' | 'gzip'

const compressors: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  // Quality 5: within 2% of the smallest on this build, in a tenth of the time.
  br: (body) =>
    promisify(zlib.brotliCompress)(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  gzip: (body) => promisify(zlib.gzip)(body),
}

interface Variant {
  body: Buffer
  etag: string
}

interface BuiltFile {
  /** Size and time of change on disk when read: the file is read again when they differ. */
  stamp: string
  type: string
  cacheControl: string
  compressible: boolean
  identity: Variant
  /** Each encoding compressed on first demand, once. */
  encoded: Partial<Record<Encoding, Promise<Variant | null>>>
}

export function serveBuiltFiles(root: string): MiddlewareHandler {
  const files = new Map<string, Promise<BuiltFile | null>>()

  /** The file at a path below the root, read (or taken from memory); null when there is none. */
  async function builtFile(relative: string): Promise<BuiltFile | null> {
    const full = path.join(root, relative)
    const stat = await fs.stat(full).catch(() => null)
    if (!stat?.isFile()) return null
    const stamp = `${stat.size}:${stat.mtimeMs}`
    let file = files.get(relative)
    // Read again when it changed (a new build), or when it could not be read (replaced while it was).
    if (!file || (await file)?.stamp !== stamp) {
      file = readBuiltFile(full, relative, stamp).catch(() => null)
      files.set(relative, file)
    }
    return file
  }

  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next()
    const relative = insideRoot(c.req.path)
    const file = (relative !== null && (await builtFile(relative))) || (await builtFile('index.html'))
    if (!file) return next()

    const encoding = file.compressible ? preferredEncoding(c.req.header('accept-encoding')) : null
    const variant = (encoding && (await encodedVariant(file, encoding))) || file.identity
    const headers = new Headers({ 'Cache-Control': file.cacheControl, ETag: variant.etag })
    if (file.compressible) headers.set('Vary', 'Accept-Encoding')
    if (matches(c.req.header('if-none-match'), variant.etag)) return new Response(null, { status: 304, headers })

    headers.set('Content-Type', file.type)
    headers.set('Content-Length', String(variant.body.length))
    if (variant !== file.identity) headers.set('Content-Encoding', encoding!)
    return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(variant.body), { status: 200, headers })
  }
}

async function readBuiltFile(full: string, relative: string, stamp: string): Promise<BuiltFile> {
  const body = await fs.readFile(full)
  const type = getMimeType(relative) ?? 'application/octet-stream'
  return {
    stamp,
    type,
    cacheControl: HASHED_NAME.test(relative) ? IMMUTABLE : REVALIDATE,
    compressible: COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type),
    identity: { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` },
    encoded: {},
  }
}

/** The file in an encoding; null when encoding makes it no smaller. Each encoding is made once per file. */
function encodedVariant(file: BuiltFile, encoding: Encoding): Promise<Variant | null> {
  file.encoded[encoding] ??= compressors[encoding](file.identity.body).then((body) =>
    body.length < file.identity.body.length ? { body, etag: `${file.identity.etag.slice(0, -1)}-${encoding}"` } : null,
  )
  return file.encoded[encoding]
}

/** The request's path as a file's path below the root, or null when it is none (`..`, a NUL, bad escapes). */
function insideRoot(requestPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(requestPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const relative = path.posix.normalize(decoded).replace(/^\/+/, '')
  if (relative === '' || relative.startsWith('..') || relative.endsWith('/')) return null
  return relative
}

/** brotli, else gzip, when the request accepts it (a `q=0` refuses). */
function preferredEncoding(acceptEncoding: string | undefined): Encoding | null {
  const accepted = new Map<string, number>()
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase())
    if (!name) continue
    const q = params.find((p) => p.startsWith('q='))
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1)
  }
  const weight = (encoding: Encoding) => accepted.get(encoding) ?? accepted.get('*') ?? 0
  if (weight('br') > 0) return 'br'
  return weight('gzip') > 0 ? 'gzip' : null
}

/** Whether an If-None-Match header names the ETag (weak comparison, as for a GET). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}
