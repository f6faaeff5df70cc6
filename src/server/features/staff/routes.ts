import { createRoute } from '@hono/zod-openapi'
import { staffAssignmentSchema } from '../../../shared/identity'
import { actorOf, adminOnly } from '../../auth/guards'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

/** Staff assignment by the platform admin. */
export function staffRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/admin/staff',
        tags: ['admin'],
        summary: 'Make a user staff of a community',
        security: bearerSecurity,
        middleware: [adminOnly],
        request: { body: jsonBody(staffAssignmentSchema) },
        responses: { 201: jsonResponse(staffAssignmentSchema, 'Assigned'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
      async (c) => c.json(await service.assignStaff(c.get('db'), actorOf(c), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/admin/staff/{userId}/{communityId}',
        tags: ['admin'],
        summary: "End a user's assignment to a community",
        security: bearerSecurity,
        middleware: [adminOnly],
        request: { params: staffAssignmentSchema },
        responses: { 204: { description: 'Unassigned' }, ...errorResponses(400, 401, 403, 404) },
      }),
      async (c) => {
        await service.unassignStaff(c.get('db'), actorOf(c), c.req.valid('param'))
        return c.body(null, 204)
      },
    )
}
