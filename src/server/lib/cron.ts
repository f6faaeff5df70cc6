import { timingSafeEqual } from 'node:crypto'
import { createRoute } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import * as z from 'zod'
import type { AppEnv } from '../app-env'
import type { Deps } from '../deps'
import { AppError } from './errors'
import { createNotifySender } from './notify-sender'
import { createRouter, cronSecretSecurity, errorResponses, jsonResponse } from './openapi'

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

/**
 * Work a feature gives the hourly run (`/cron/expire`), in the order given: it returns how many rows it changed,
 * answered under `name` when `answered` (callers rely on the answer's shape), else written to the log.
 */
export interface HourlyTask {
  name: string
  /** What it does, for the API document. */
  summary: string
  run: (deps: Deps) => Promise<number>
  answered: boolean
}

/** Scheduled jobs: the features' hourly tasks, and the subscribe-message sender. Vercel Cron sends GET; POST is accepted for manual runs. */
export function cronRoutes(deps: Deps, hourly: readonly HourlyTask[]) {
  const guard = cronSecret(deps.config.cronSecret)
  const expire = (method: 'get' | 'post') =>
    createRoute({
      method,
      path: '/cron/expire',
      tags: ['system'],
      summary: hourly.map((task) => task.summary).join('; '),
      security: cronSecretSecurity,
      middleware: [guard],
      responses: {
        200: jsonResponse(
          z.object(Object.fromEntries(hourly.filter((task) => task.answered).map((task) => [task.name, z.number()]))),
          'Done',
        ),
        ...errorResponses(401, 404),
      },
    })
  const run = async () => {
    const answer: Record<string, number> = {}
    for (const task of hourly) {
      const changed = await task.run(deps)
      if (task.answered) answer[task.name] = changed
      else deps.log.info(`cron.${task.name}`, { written: changed })
    }
    return answer
  }
  const sender = createNotifySender(Object.assign({}, deps, { wechat: deps.config.wechat, notify: deps.config.notify }))
  const notify = (method: 'get' | 'post') =>
    createRoute({
      method,
      path: '/cron/notify',
      tags: ['system'],
      summary: 'Deliver due notifications as WeChat subscribe messages, with retries',
      security: cronSecretSecurity,
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
