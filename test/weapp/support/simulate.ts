/**
 * Loads pages of the weapp build (dist/) into miniprogram-simulate, rendering the real WXML with WeChat's own
 * template compiler. The mini-program globals it needs (App, getApp, Page, getCurrentPages, storage) are stubbed
 * here; `wx.request` answers from a route table the test gives, so no server runs.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { afterAll } from 'vitest'

const require = createRequire(import.meta.url)

export const DIST = path.resolve(__dirname, '../../../dist')

export interface RequestRecord {
  url: string
  method: string
  header: Record<string, string>
  data: unknown
}

export interface Reply {
  statusCode: number
  data: unknown
}

/** Answers one request; return undefined to answer 404 NOT_FOUND. */
export type Router = (req: RequestRecord) => Reply | undefined

/** A node as j-component exposes it: events go through its own dispatcher, not the DOM's. */
export interface SimulatedNode {
  dom: HTMLElement
  dispatchEvent(eventName: string, options?: { detail?: unknown }): void
}

/** What j-component renders: `dom` is a real DOM subtree (jsdom). */
export interface RenderedComponent extends SimulatedNode {
  instance: Record<string, unknown>
  /** Finds a node by its class as written in the source (`.elder-mode`), across Taro's nested templates. */
  querySelector(selector: string): SimulatedNode | undefined
  attach(parent: Element): void
  detach(): void
}

/** The page's tag name: miniprogram-simulate prefixes every class in the DOM with it (`main--page`). */
const TAG = 'main'

/** A DOM class selector for a class written in the source: cls('page') → '.main--page'. */
export function cls(name: string): string {
  return `.${TAG}--${name}`
}

interface Simulate {
  load(componentPath: string, options: { compiler: 'official'; rootPath: string }): string
  render(id: string): RenderedComponent
}

type Options = Record<string, unknown>
type Fn = (this: unknown, ...args: unknown[]) => unknown

interface Harness {
  simulate: Simulate
  storage: Map<string, unknown>
  requests: RequestRecord[]
  router: { current: Router }
  app: Options
}

let harness: Harness | null = null

/** The page stack getCurrentPages() answers with: every rendered page, newest last. */
const pageStack: unknown[] = []
/** The path of the page being loaded, so the Page() shim can give the instance its `route` as WeChat does. */
let loadingRoute = ''

/** The Taro Page() options become a Component: its methods, with the page lifetimes mapped on component ones. */
function pageToComponent(options: Options): Options {
  const methods: Record<string, Fn> = {}
  const data: Record<string, unknown> = (options.data as Record<string, unknown>) ?? {}
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'function') methods[key] = value as Fn
  }
  const route = loadingRoute
  return {
    data,
    methods,
    lifetimes: {
      attached(this: Record<string, Fn> & { route?: string }) {
        this.route = route
        pageStack.push(this)
        this.onLoad?.call(this, {})
        this.onShow?.call(this)
      },
      ready(this: Record<string, Fn>) {
        this.onReady?.call(this)
      },
      detached(this: Record<string, Fn>) {
        this.onUnload?.call(this)
        pageStack.splice(pageStack.indexOf(this), 1)
      },
    },
  }
}

/**
 * Installs the mini-program globals and loads dist/app.js, once per test file
 * (the Taro runtime inside keeps its state in module scope, as it does in WeChat). `wxApis` adds or replaces `wx`
 * APIs before the app loads (e.g. getAppBaseInfo, which the app reads when it starts).
 */
export function bootWeapp(token: string | null, wxApis: Record<string, unknown> = {}): Harness {
  if (harness) return harness
  if (!fs.existsSync(path.join(DIST, 'app.js'))) {
    throw new Error('dist/app.js is missing: run `npm run build:weapp` first')
  }
  const simulate = require('miniprogram-simulate') as Simulate
  const g = globalThis as unknown as Record<string, unknown>
  const wx = g.wx as Record<string, unknown>

  const storage = new Map<string, unknown>()
  if (token) storage.set('llt.token', token)
  wx.getStorageSync = (key: string) => (storage.has(key) ? storage.get(key) : '')
  wx.setStorageSync = (key: string, value: unknown) => void storage.set(key, value)
  wx.removeStorageSync = (key: string) => void storage.delete(key)
  Object.assign(wx, wxApis)

  const requests: RequestRecord[] = []
  const router: { current: Router } = { current: () => undefined }
  wx.request = (opts: RequestRecord & { success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
    const record: RequestRecord = {
      url: opts.url,
      method: opts.method ?? 'GET',
      header: opts.header ?? {},
      data: opts.data,
    }
    requests.push(record)
    const reply = router.current(record) ?? {
      statusCode: 404,
      data: { error: { code: 'NOT_FOUND', message: '没有找到相关内容，可能已被删除' } },
    }
    // Answer asynchronously, as the network does.
    setTimeout(() => {
      const res = { ...reply, header: { 'content-type': 'application/json' }, errMsg: 'request:ok' }
      opts.success?.(res)
      opts.complete?.(res)
    }, 5)
    return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {}, onChunkReceived() {}, offChunkReceived() {} }
  }

  let app: Options = {}
  g.App = (options: Options) => {
    app = options
  }
  g.getApp = () => app
  g.getCurrentPages = () => pageStack
  g.Page = (options: Options) => (g.Component as (o: Options) => void)(pageToComponent(options))

  require(path.join(DIST, 'app.js'))
  const launch = { path: 'pages/wishes/index', query: {}, scene: 1001 }
  ;(app.onLaunch as Fn | undefined)?.call(app, launch)
  ;(app.onShow as Fn | undefined)?.call(app, launch)

  harness = { simulate, storage, requests, router, app }
  return harness
}

/** Every page rendered in this test file, to take down when it ends. */
const rendered: RenderedComponent[] = []

/** Renders one page (path under dist/, e.g. 'pages/me/index') and attaches it to the document. */
export function renderPage(h: Harness, page: string): RenderedComponent {
  loadingRoute = page
  const id = h.simulate.load(path.join(DIST, page), { compiler: 'official', rootPath: DIST })
  const comp = h.simulate.render(id)
  const parent = document.createElement('parent-wrapper')
  document.body.appendChild(parent)
  comp.attach(parent)
  rendered.push(comp)
  return comp
}

/**
 * When a test file ends, its pages are unloaded and their last updates let through while the DOM is still there: the
 * Taro runtime sends setData from timers (after a request's answer, after a render), and one that fired after the
 * test environment was gone failed the whole run with "window is not defined".
 */
const SETTLE_MS = 200
afterAll(async () => {
  for (const page of rendered.splice(0)) page.detach()
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
})

/** Waits until `check` passes (React renders and requests answer asynchronously). */
export async function waitFor<T>(check: () => T, timeoutMs = 5_000): Promise<T> {
  const started = Date.now()
  let lastError: unknown
  while (Date.now() - started < timeoutMs) {
    try {
      return check()
    } catch (e) {
      lastError = e
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  throw lastError
}

/** The visible text of a rendered subtree, whitespace collapsed. */
export function textOf(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim()
}
