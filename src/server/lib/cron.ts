import { timingSafeEqual } from 'node:crypto'
import { createRoute } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import * as z from 'zod'
import type { AppEnv } from '../app-env'
import type { Deps } from '../deps'
import { markNoShows } from '../features/stations/service'
import { expireOverdue } from '../features/wishes/service'
import { AppError } from './errors'
import { createNotifySender } from './notify-sender'
import { createRouter, errorResponses, jsonResponse } from './openapi'
import { writeBookingReminders } from './outbox'

export const CRON_PATH_PREFIX = '/api/cron/'

/** Vercel Cron calls with `Authorization: Bearer $CRON_SECRET`. Without a configured secret the jobs do not exist. */
function cronSecret(secret: string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!secret) throw AppError.notFound()
    const given = Buffer.from(c.req.header('authorization') ?? '')
    const expected = Buffer.from(`Bearer ${secret}`)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw AppError.unauthenticated()
    await next()
  }
}

/** Scheduled jobs. Vercel Cron sends GET; POST is accepted for manual runs. */
export function cronRoutes(deps: Deps) {
  const guard = cronSecret(deps.config.cronSecret)
  const expire = (method: 'get' | 'post') =>
    createRoute({
      method,
      path: '/cron/expire',
      tags: ['system'],
      summary:
        'Return claims past the 7-day timeout to open; expire open wishes after 30 days; mark bookings not checked in by their end as no-shows; remind bookers of tomorrow’s bookings',
      middleware: [guard],
      responses: {
        200: jsonResponse(z.object({ expiredWishes: z.number(), noShows: z.number() }), 'Done'),
        ...errorResponses(401, 404),
      },
    })
  const run = async () => {
    const done = {
      expiredWishes: await expireOverdue(deps.db, deps.clock),
      noShows: await markNoShows(deps.db, deps.clock),
    }
    // Reminders are told by the log, not the answer, whose shape callers already rely on.
    deps.log.info('cron.reminders', { written: await writeBookingReminders(deps.db, deps.clock.now()) })
    return done
  }
  const sender = createNotifySender(Object.assign({}, deps, { wechat: deps.config.wechat, notify: deps.config.notify }))
  const notify = (method: 'get' | 'post') =>
    createRoute({
      method,
      path: '/cron/notify',
      tags: ['system'],
      summary: 'Deliver due notifications as WeChat subscribe messages, with retries',
      middleware: [guard],
      responses: {
        200: jsonResponse(
          z.object({
            sent: z.number(),
            refused: z.number(),
            retrying: z.number(),
            failed: z.number(),
            skipped: z.number(),
          }),
          'Done',
        ),
        ...errorResponses(401, 404),
      },
    })
  return createRouter()
    .openapi(expire('get'), async (c) => c.json(await run(), 200))
    .openapi(expire('post'), async (c) => c.json(await run(), 200))
    .openapi(notify('get'), async (c) => c.json(await sender.run(), 200))
    .openapi(notify('post'), async (c) => c.json(await sender.run(), 200))
}
