import { createRoute } from '@hono/zod-openapi'
import { pageSchema } from '../../../shared/api'
import { auditEntrySchema, auditQuerySchema, queuePageSchema, queueQuerySchema } from '../../../shared/workbench'
import { actorOf, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonResponse } from '../../lib/openapi'
import * as service from './service'

/** The staff workbench: the queue of what waits for staff, and the audit log. */
export function workbenchRoutes(deps: Deps) {
  const { clock } = deps
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/staff/queue',
        tags: ['workbench'],
        summary:
          "Staff: everything waiting in the staff member's communities (reviews, reports, applications, " +
          'unconfirmed wishes), oldest first, with counts per kind',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { query: queueQuerySchema },
        responses: {
          200: jsonResponse(queuePageSchema, 'A page of the queue and its counts'),
          ...errorResponses(400, 401, 403),
        },
      }),
      async (c) => c.json(await service.getQueue(c.get('db'), clock, actorOf(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/audit',
        tags: ['workbench'],
        summary: "The audit log, newest first: the admin's all of it, staff their communities' rows",
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { query: auditQuerySchema },
        responses: {
          200: jsonResponse(pageSchema(auditEntrySchema), 'A page of the audit log'),
          ...errorResponses(400, 401, 403),
        },
      }),
      async (c) => c.json(await service.listAudit(c.get('db'), actorOf(c), c.req.valid('query')), 200),
    )
}
