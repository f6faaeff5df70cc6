import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { launchBrowser, phonePage, watchCspViolations } from './browser'

export interface LocalServer {
  url: string
  stop(): Promise<void>
}

/**
 * Starts `npm start`'s server (src/server/local.ts) as a user would, on a free port and a fresh PGlite folder,
 * and waits for the line that prints its address.
 */
export async function startLocalServer(env: Record<string, string> = {}): Promise<LocalServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-e2e-'))
  const child: ChildProcess = spawn(path.join('node_modules', '.bin', 'tsx'), ['src/server/local.ts'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /running at (http:\/\/localhost:\d+)/.exec(output)
      if (match) resolve(match[1]!)
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`local server exited with ${code}:\n${output.slice(-2000)}`)))
  })
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * The app as a resident opens it: the local server (with `env` over its settings) and a phone-sized Chromium page,
 * started before the file's tests and stopped after them. Read `app.page` and `app.server` inside tests. Every test
 * ends with no Content-Security-Policy violation on the page.
 */
export function useAppInBrowser(env: Record<string, string> = {}) {
  const app = {} as { server: LocalServer; browser: Browser; page: Page; cspViolations: string[] }
  beforeAll(async () => {
    app.server = await startLocalServer(env)
    app.browser = await launchBrowser()
    app.page = await phonePage(app.browser)
    app.cspViolations = watchCspViolations(app.page)
  })
  afterEach(() => {
    expect(app.cspViolations.splice(0), 'Content-Security-Policy violations').toEqual([])
  })
  afterAll(async () => {
    await app.browser?.close()
    await app.server?.stop()
  })
  return app
}
