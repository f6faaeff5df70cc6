import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import * as z from 'zod'
import zhCN from 'zod/v4/locales/zh-CN.js'
import { REQUEST_ID_HEADER } from '../shared/api'
import { ERROR_MESSAGES } from '../shared/errors'
import { IMPORT_MAX_BYTES } from '../shared/places'
import type { AppEnv } from './app-env'
import { CallerChangedError } from './auth/account-guard'
import { resolveActor } from './auth/session'
import { createTokenService } from './auth/tokens'
import { createWechatClient, type WechatClient } from './auth/wechat'
import type { AppConfig } from './config'
import { sql } from './db/sql'
import { DbUnavailableError, type Db } from './db/types'
import type { Deps } from './deps'
import { activitiesRoutes } from './features/activities/routes'
import { writeReminders as writeActivityReminders } from './features/activities/service'
import { adminWordsRoutes } from './features/admin-words/routes'
import { membershipsRoutes } from './features/memberships/routes'
import { contactsRoutes } from './features/contacts/routes'
import { notificationsRoutes } from './features/notifications/routes'
import { proxyRoutes } from './features/proxy/routes'
import { HOUSEHOLDS_IMPORT_PATH, placesRoutes } from './features/places/routes'
import { problemsRoutes } from './features/problems/routes'
import { sweepProblems } from './features/problems/service'
import { staffRoutes } from './features/staff/routes'
import { statsRoutes } from './features/stats/routes'
import { stationsRoutes } from './features/stations/routes'
import { topicsRoutes } from './features/topics/routes'
import { budgetsRoutes } from './features/budgets/routes'
import { reportsRoutes } from './features/reports/routes'
import { noticesRoutes } from './features/notices/routes'
import { ratingsRoutes } from './features/ratings/routes'
import { surveysRoutes } from './features/surveys/routes'
import { notifySurveys } from './features/surveys/service'
import { writeResultsMessages as writeBudgetResults } from './features/budgets/service'
import { isMultipart, uploadsRoutes, UPLOADS_PATH } from './features/uploads/routes'
import { deleteStaleUploads } from './features/uploads/service'
import { createUploadUrls } from './features/uploads/urls'
import { usersRoutes } from './features/users/routes'
import { volunteersRoutes } from './features/volunteers/routes'
import { wishesRoutes } from './features/wishes/routes'
import { workbenchRoutes } from './features/workbench/routes'
import { cronRoutes, type HourlyTask } from './lib/cron'
import { writeBookingReminders } from './lib/outbox'
import { markNoShows } from './features/stations/service'
import { expireOverdue } from './features/wishes/service'
import { systemClock, type Clock } from './lib/clock'
import { API_POLICY } from './lib/csp'
import { DOCS_PAGE, DOCS_POLICY } from './lib/docs-page'
import { allowedMethods } from './lib/allowed-methods'
import { AppError } from './lib/errors'
import { refusal } from './lib/refusals'
import { idempotency, KeyHeldError } from './lib/idempotency'
import { jsonLogger, type Logger } from './lib/logger'
import { completeDocument, createRouter, errorResponses, jsonResponse } from './lib/openapi'
import { isWrite } from './lib/rate-limit'
import { createObjectStore, type ObjectStore } from './lib/storage'
import { MAX_UPLOAD_BYTES } from '../shared/uploads'

export const MAX_BODY_BYTES = 64 * 1024
/** A photo upload: the photo's 5 MB and room for the multipart framing around it. */
export const MAX_UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024

/** What browsers should do with any answer of the API, on every host it runs on (the Vercel function has no other). */
const SECURITY_HEADERS = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['Content-Security-Policy', API_POLICY],
] as const

// Residents read validation messages: the schemas' own are Chinese, and so are zod's defaults.
z.config(zhCN())

export interface AppOptions {
  db: Db
  config: AppConfig
  clock?: Clock
  log?: Logger
  /** Replaces the WeChat client (tests use a fake WeChat server through the real client instead). */
  wechat?: WechatClient
  /** Replaces the object store config.storage names. */
  storage?: ObjectStore
}

/** The whole API, mounted at /api. The local server, the Vercel function and the tests all build it here. */
/** What the hourly job runs, feature by feature: claims and open wishes timing out, no-shows, tomorrow's reminders. */
const HOURLY_TASKS: HourlyTask[] = [
  {
    name: 'expiredWishes',
    summary: 'Return claims past the 7-day timeout to open; expire open wishes after 30 days',
    run: (deps) => expireOverdue(deps.db, deps.clock),
    answered: true,
  },
  {
    name: 'noShows',
    summary: 'mark bookings not checked in by their end as no-shows',
    run: (deps) => markNoShows(deps.db, deps.clock),
    answered: true,
  },
  {
    name: 'reminders',
    summary: 'remind bookers of tomorrow’s bookings',
    run: (deps) => writeBookingReminders(deps.db, deps.clock.now()),
    answered: false,
  },
  {
    name: 'staleUploads',
    summary: 'delete uploads attached to nothing for a day, row and stored object',
    run: (deps) => deleteStaleUploads(deps),
    answered: false,
  },
  {
    name: 'activityReminders',
    summary: 'remind those signed up or on a post of tomorrow’s activities',
    run: (deps) => writeActivityReminders(deps.db, deps.clock),
    answered: false,
  },
  {
    name: 'problems',
    summary: 'escalate problems past their due time to the street; close problems resolved and unrated for 7 days',
    run: (deps) => sweepProblems(deps.db, deps.clock),
    answered: false,
  },
  {
    name: 'surveys',
    summary: 'tell members of surveys that opened, and of results published when a survey closed',
    run: (deps) => notifySurveys(deps.db, deps.clock),
    answered: false,
  },
  {
    name: 'budgetResults',
    summary: 'tell the proposers and voters of 微实事 rounds whose voting has closed that the results are out',
    run: (deps) => writeBudgetResults(deps.db, deps.clock),
    answered: false,
  },
]

export function createApp(options: AppOptions) {
  const clock = options.clock ?? systemClock
  const deps: Deps = {
    db: options.db,
    config: options.config,
    clock,
    log: options.log ?? jsonLogger(),
    tokens: createTokenService(options.config.authSecret, options.config.tokenTtlSeconds, clock),
    wechat: options.wechat ?? createWechatClient(options.config.wechat),
    storage: options.storage ?? createObjectStore(options.config.storage),
    uploadUrls: createUploadUrls(options.config.authSecret, clock),
  }
  const { db, log } = deps

  const app = createRouter().basePath('/api')

  app.use('*', async (c, next) => {
    const given = c.req.header(REQUEST_ID_HEADER)
    const requestId = given && /^[\w-]{8,64}$/.test(given) ? given : crypto.randomUUID()
    c.set('requestId', requestId)
    c.set('db', db)
    const started = performance.now()
    // Before the handler, so that every answer, errors too, is built with them at once: c.header() on a finished
    // response rebuilds it from its body, which the Node adapter then copies through a stream (~0.1 ms a request).
    c.header(REQUEST_ID_HEADER, requestId)
    for (const [name, value] of SECURITY_HEADERS) c.header(name, value)
    await next()
    // Path only: query strings may carry search text; never headers or bodies.
    log.info('request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      userId: c.get('actor')?.id,
    })
  })
  const tooLarge = () => {
    throw new AppError('PAYLOAD_TOO_LARGE', 413)
  }
  const limitStreamedBody = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge })
  const limitStreamedUpload = bodyLimit({ maxSize: MAX_UPLOAD_BODY_BYTES, onError: tooLarge })
  // A households import carries a whole table: a few thousand rows (places/routes.ts).
  const limitStreamedImport = bodyLimit({ maxSize: IMPORT_MAX_BYTES, onError: tooLarge })
  // Only writes carry a body. Its Content-Length, which every client sends, is enough to judge it, as HTTP frames the
  // body by it; looking at the body itself makes the Node adapter build a whole Request, with a web stream and an
  // AbortSignal. A body streamed without a length is counted as it arrives. A photo sent as a form to the upload
  // route has its own, larger limit; anything else sent there has everyone's.
  app.use('*', (c, next) => {
    if (!isWrite(c.req.method)) return next()
    const upload = c.req.path === UPLOADS_PATH && isMultipart(c.req.header('content-type'))
    const isImport = HOUSEHOLDS_IMPORT_PATH.test(c.req.path)
    const [limit, limitStreamed] = upload
      ? [MAX_UPLOAD_BODY_BYTES, limitStreamedUpload]
      : isImport
        ? [IMPORT_MAX_BYTES, limitStreamedImport]
        : [MAX_BODY_BYTES, limitStreamedBody]
    const length = c.req.header('content-length')
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return limitStreamed(c, next)
    return Number(length) > limit ? tooLarge() : next()
  })
  app.use(
    '*',
    resolveActor(db, deps.tokens, clock, deps.config.rateLimits.writesPerMinute, async (request, env) =>
      app.fetch(request, env),
    ),
  )
  app.use('*', idempotency(db, clock))

  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['system'],
      summary: 'Whether the API and its database are up',
      responses: {
        200: jsonResponse(z.object({ ok: z.literal(true), db: z.literal('up') }), 'Up'),
        // As any request is, when it carries a token that is not valid.
        ...errorResponses(401, 503),
      },
    }),
    async (c) => {
      try {
        await c.get('db').query(sql`SELECT 1`)
      } catch (error) {
        throw new DbUnavailableError(error)
      }
      return c.json({ ok: true as const, db: 'up' as const }, 200)
    },
  )

  app.route('/', usersRoutes(deps))
  app.route('/', volunteersRoutes(deps))
  app.route('/', membershipsRoutes(deps))
  app.route('/', staffRoutes())
  app.route('/', wishesRoutes(deps))
  app.route('/', uploadsRoutes(deps))
  app.route('/', stationsRoutes(deps))
  app.route('/', topicsRoutes(deps))
  app.route('/', notificationsRoutes(deps))
  app.route('/', adminWordsRoutes(deps))
  app.route('/', statsRoutes(deps))
  app.route('/', workbenchRoutes(deps))
  app.route('/', proxyRoutes(deps))
  app.route('/', contactsRoutes(deps))
  app.route('/', activitiesRoutes(deps))
  app.route('/', placesRoutes(deps))
  app.route('/', problemsRoutes(deps))
  app.route('/', budgetsRoutes(deps))
  app.route('/', reportsRoutes(deps))
  app.route('/', noticesRoutes(deps))
  app.route('/', ratingsRoutes(deps))
  app.route('/', surveysRoutes(deps))
  app.route('/', cronRoutes(deps, HOURLY_TASKS))

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'The token of POST /api/auth/wechat (or the demo login)',
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'cronSecret', {
    type: 'http',
    scheme: 'bearer',
    description: 'CRON_SECRET, as Vercel Cron sends it',
  })
  // Generated once, when first asked for: the routes are all registered by then and do not change.
  let openApiDocument: string | undefined
  app.get('/openapi.json', (c) => {
    openApiDocument ??= JSON.stringify(
      completeDocument(
        app.getOpenAPIDocument({
          openapi: '3.0.3',
          info: {
            title: '邻里通 API',
            version: '0.1.0',
            description: 'Micro-wishes, station booking and consultations.',
          },
          // The paths start with /api: the document is served by the origin it describes.
          servers: [{ url: '/', description: 'The origin that serves this document' }],
        }),
      ),
    )
    return c.body(openApiDocument, 200, { 'Content-Type': 'application/json' })
  })
  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', DOCS_POLICY)
    return c.html(DOCS_PAGE)
  })

  const allowed = allowedMethods(app.routes)
  app.notFound((c) => {
    // A path the app serves, asked with another method: 405, saying which it answers.
    const methods = allowed(c.req.path)
    if (methods.length === 0) return errorResponse(c, new AppError('NOT_FOUND', 404, '没有这个接口'))
    c.header('Allow', methods.join(', '))
    return errorResponse(c, new AppError('METHOD_NOT_ALLOWED', 405))
  })
  app.onError((error, c) => {
    if (error instanceof AppError) return errorResponse(c, error)
    // Never sent: resolveActor answers this request again with the caller read afresh, or idempotency answers it
    // with the answer of the request that holds its key.
    if (error instanceof CallerChangedError || error instanceof KeyHeldError) return c.body(null, 503)
    if (error instanceof DbUnavailableError) return errorResponse(c, new AppError('DB_UNAVAILABLE', 503))
    // A refusal by the database's own rules (a trigger, a constraint): the user's request is at fault.
    const refused = refusal(error)
    if (refused) return errorResponse(c, refused)
    if (error instanceof HTTPException && error.status < 500) {
      // Hono's own refusals: malformed JSON in the body, mostly.
      return errorResponse(c, AppError.validation([{ message: error.message }], '请求格式不正确，请重试'))
    }
    log.error('unhandled', {
      requestId: c.get('requestId'),
      name: error.name,
      code: (error as { code?: string }).code,
      message: error.message,
    })
    return errorResponse(c, new AppError('INTERNAL', 500))
  })
  return app
}

export type App = ReturnType<typeof createApp>

function errorResponse(c: Context<AppEnv>, error: AppError) {
  const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds
  if (retryAfter) c.header('Retry-After', String(retryAfter))
  const message = error.message || ERROR_MESSAGES.INTERNAL
  return c.json(
    { error: { code: error.code, message, ...(error.details === undefined ? {} : { details: error.details }) } },
    error.status,
  )
}
