import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { monthReportSchema, reportQuerySchema } from '../../../shared/reports'
import { streetStatsQuerySchema, streetStatsSchema } from '../../../shared/street'
import { actorOf, signedIn } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonResponse } from '../../lib/openapi'
import { attachmentHeaders } from '../stats/csv'
import * as service from './service'

const idParams = z.object({ id: z.uuid() })
const readErrors = errorResponses(400, 401, 403, 404)

/** 居务公开: the month in public; and the street's view of its communities, as a table and a CSV file. */
export function reportsRoutes(deps: Deps) {
  const { clock } = deps
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/communities/{id}/report',
        tags: ['reports'],
        summary: "A community's month in figures and decisions (anyone signed in; names no one)",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, query: reportQuerySchema },
        responses: { 200: jsonResponse(monthReportSchema, 'The month'), ...errorResponses(400, 401, 404) },
      }),
      async (c) =>
        c.json(
          await service.getMonthReport(c.get('db'), clock, c.req.valid('param').id, c.req.valid('query').month),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/streets/{id}/stats',
        tags: ['reports'],
        summary: "A street's communities side by side for a period (street staff of that street, the admin)",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, query: streetStatsQuerySchema },
        responses: { 200: jsonResponse(streetStatsSchema, 'One row per community'), ...readErrors },
      }),
      async (c) =>
        c.json(
          await service.getStreetStats(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('query')),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/streets/{id}/export.csv',
        tags: ['reports'],
        summary: "CSV export of the street's table (street staff of that street, the admin)",
        description: 'UTF-8 with a byte-order mark so Excel reads Chinese; a download with a Chinese file name.',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, query: streetStatsQuerySchema },
        responses: {
          200: { content: { 'text/csv': { schema: z.string() } }, description: 'One row per community' },
          ...readErrors,
        },
      }),
      async (c) => {
        const file = await service.exportStreetCsv(
          c.get('db'),
          clock,
          actorOf(c),
          c.req.valid('param').id,
          c.req.valid('query'),
        )
        return c.body(file.body, 200, attachmentHeaders(file))
      },
    )
}
