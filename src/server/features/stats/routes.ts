import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { EXPORT_KINDS, EXPORT_KIND_LABELS, periodQuerySchema, statsSchema } from '../../../shared/workbench'
import { actorOf, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonResponse } from '../../lib/openapi'
import { attachmentHeaders } from '../stats/csv'
import * as service from './service'

const readErrors = errorResponses(400, 401, 403, 404)

/** The staff dashboard's figures and its CSV exports, per community and period. */
export function statsRoutes(deps: Deps) {
  const { clock } = deps
  const router = createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/staff/stats',
      tags: ['workbench'],
      summary: "A community's figures for a period of days in Shanghai: wishes, volunteer hours, stations, turnout",
      security: bearerSecurity,
      middleware: [staffOnly],
      request: { query: periodQuerySchema },
      responses: { 200: jsonResponse(statsSchema, 'The figures'), ...readErrors },
    }),
    async (c) => c.json(await service.getStats(c.get('db'), clock, actorOf(c), c.req.valid('query')), 200),
  )

  for (const kind of EXPORT_KINDS) {
    router.openapi(
      createRoute({
        method: 'get',
        path: `/staff/export/${kind}.csv`,
        tags: ['workbench'],
        summary: `CSV export: ${EXPORT_KIND_LABELS[kind]}`,
        description: 'UTF-8 with a byte-order mark so Excel reads Chinese; a download with a Chinese file name.',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { query: periodQuerySchema },
        responses: {
          200: { content: { 'text/csv': { schema: z.string() } }, description: EXPORT_KIND_LABELS[kind] },
          ...readErrors,
        },
      }),
      async (c) => {
        const file = await service.exportCsv(c.get('db'), clock, actorOf(c), kind, c.req.valid('query'))
        return c.body(file.body, 200, attachmentHeaders(file))
      },
    )
  }
  return router
}
