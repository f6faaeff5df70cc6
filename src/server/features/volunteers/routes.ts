import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { pageQuerySchema, pageSchema } from '../../../shared/api'
import {
  reasonSchema,
  volunteerApplicationForStaffSchema,
  volunteerApplicationSchema,
  volunteerApplySchema,
  VOLUNTEER_STATUSES,
} from '../../../shared/identity'
import { actorOf, signedIn, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

const userIdParams = z.object({ userId: z.uuid() })
const applicationsQuery = pageQuerySchema.extend({
  communityId: z.uuid().optional(),
  status: z.enum(VOLUNTEER_STATUSES).optional(),
})
const decided = { 200: jsonResponse(volunteerApplicationSchema, 'The application after the decision') }
const decisionErrors = errorResponses(400, 401, 403, 404, 409)

/** Volunteer registration: a resident applies, staff of their community decide. */
export function volunteersRoutes(deps: Deps) {
  const { clock } = deps
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/me/volunteer',
        tags: ['volunteers'],
        summary: 'Apply to volunteer (real name and phone, seen only by staff)',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { body: jsonBody(volunteerApplySchema) },
        responses: {
          201: jsonResponse(volunteerApplicationSchema, 'Application filed, pending review'),
          ...errorResponses(400, 401, 409),
        },
      }),
      async (c) => {
        const application = await service.applyToVolunteer(c.get('db'), clock, actorOf(c), c.req.valid('json'))
        c.set('accountChanged', true)
        return c.json(application, 201)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/volunteers/applications',
        tags: ['volunteers'],
        summary: "Applications in the staff member's communities, oldest first",
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { query: applicationsQuery },
        responses: {
          200: jsonResponse(pageSchema(volunteerApplicationForStaffSchema), 'Applications'),
          ...errorResponses(400, 401, 403),
        },
      }),
      async (c) => c.json(await service.listApplications(c.get('db'), actorOf(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/volunteers/{userId}/approve',
        tags: ['volunteers'],
        summary: 'Approve an application, or reinstate a suspended volunteer',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: userIdParams },
        responses: { ...decided, ...decisionErrors },
      }),
      async (c) =>
        c.json(
          await service.decideVolunteer(c.get('db'), clock, actorOf(c), c.req.valid('param').userId, 'approve', null),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/volunteers/{userId}/reject',
        tags: ['volunteers'],
        summary: 'Reject an application, with the reason the applicant will read',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: userIdParams, body: jsonBody(reasonSchema) },
        responses: { ...decided, ...decisionErrors },
      }),
      async (c) =>
        c.json(
          await service.decideVolunteer(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').userId,
            'reject',
            c.req.valid('json').reason,
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/volunteers/{userId}/suspend',
        tags: ['volunteers'],
        summary: 'Suspend an active volunteer, with the reason they will read',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: userIdParams, body: jsonBody(reasonSchema) },
        responses: { ...decided, ...decisionErrors },
      }),
      async (c) =>
        c.json(
          await service.decideVolunteer(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').userId,
            'suspend',
            c.req.valid('json').reason,
          ),
          200,
        ),
    )
}
