/**
 * The size figures of `npm run bench`: the weapp main package and total (by .tools/size.ts), the H5 build's
 * first-load JS (the scripts index.html loads), and the Vercel function (api/index.ts bundled and minified by
 * esbuild) with the time a cold Node process takes to import it.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { build } from 'esbuild'

export interface Sizes {
  weapp: { main: number; total: number; built: boolean; at: string } | { error: string }
  h5: { files: string[]; raw: number; gzip: number; built: boolean; at: string } | { error: string }
  fn: { bytes: number; importMs: number[]; medianMs: number } | { error: string }
}

const TSX = path.join('node_modules', '.bin', 'tsx')
const TARO = path.join('node_modules', '.bin', 'taro')

/** Builds with Taro when the output is missing or `force` asks; true when it built. */
function ensureBuilt(type: 'weapp' | 'h5', marker: string, force: boolean): boolean {
  if (!force && fs.existsSync(marker)) return false
  console.log(`building ${type} (${force ? 'BENCH_BUILD=1' : `${marker} missing`})…`)
  const result = spawnSync(TARO, ['build', '--type', type], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0) throw new Error(`taro build --type ${type} failed`)
  return true
}

const builtAt = (file: string) =>
  fs
    .statSync(file)
    .mtime.toISOString()
    .replace(/:\d\d\.\d+Z$/, 'Z')

/** `npm run size`'s own counting (WeChat's rule for the main package), read from its output. */
function weappSizes(force: boolean): Sizes['weapp'] {
  try {
    const built = ensureBuilt('weapp', path.join('dist', 'app.json'), force)
    const out = spawnSync(TSX, ['.tools/size.ts'], { encoding: 'utf8' }).stdout
    const kb = (label: string) => {
      const match = new RegExp(`^${label}\\s+([\\d.]+) KB`, 'm').exec(out)
      if (!match) throw new Error(`no "${label}" in .tools/size.ts output: ${out}`)
      return Math.round(Number(match[1]) * 1024)
    }
    return { main: kb('main package'), total: kb('total'), built, at: builtAt(path.join('dist', 'app.json')) }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

/** The JS a first visit downloads: every `<script src>` in dist-h5/index.html, raw and gzipped. */
function h5Sizes(force: boolean): Sizes['h5'] {
  try {
    const built = ensureBuilt('h5', path.join('dist-h5', 'index.html'), force)
    const html = fs.readFileSync(path.join('dist-h5', 'index.html'), 'utf8')
    const files = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!)
    let raw = 0
    let gzip = 0
    for (const src of files) {
      const body = fs.readFileSync(path.join('dist-h5', src.replace(/^\/+/, '').split('?')[0]!))
      raw += body.length
      gzip += zlib.gzipSync(body, { level: 9 }).length
    }
    return { files, raw, gzip, built, at: builtAt(path.join('dist-h5', 'index.html')) }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

/** esbuild of the Vercel entry (minified, PGlite and pg left out as RECIPES measured it), then cold imports. */
async function functionSizes(): Promise<Sizes['fn']> {
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-bench-fn-'))
    const outfile = path.join(dir, 'index.js')
    await build({
      entryPoints: ['api/index.ts'],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      external: ['@electric-sql/pglite', 'pg', 'pg-native'],
      logLevel: 'error',
    })
    const bytes = fs.statSync(outfile).size
    const script = `const t = performance.now(); require(${JSON.stringify(outfile)}); console.log(performance.now() - t)`
    const importMs: number[] = []
    for (let i = 0; i < 5; i++) {
      const run = spawnSync(process.execPath, ['-e', script], {
        encoding: 'utf8',
        // The entry reads DATABASE_URL at import; the pool connects only on the first query.
        env: { ...process.env, DATABASE_URL: 'postgres://bench@127.0.0.1:1/none', NODE_ENV: 'development' },
      })
      if (run.status !== 0) throw new Error(`importing the bundle failed: ${run.stderr}`)
      importMs.push(Number(run.stdout.trim()))
    }
    fs.rmSync(dir, { recursive: true, force: true })
    const sorted = [...importMs].sort((a, b) => a - b)
    return { bytes, importMs, medianMs: sorted[2]! }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

export async function measureSizes(force: boolean): Promise<Sizes> {
  return { weapp: weappSizes(force), h5: h5Sizes(force), fn: await functionSizes() }
}
