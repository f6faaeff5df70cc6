import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { pageSchema } from '../../../shared/api'
import { reasonSchema } from '../../../shared/identity'
import {
  applyMembershipSchema,
  applyResultSchema,
  membershipForStaffSchema,
  membershipSchema,
  membershipsQuerySchema,
  myMembershipSchema,
} from '../../../shared/memberships'
import { actorOf, signedIn, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'
import type { Decision } from './repo'

const idParams = z.object({ id: z.uuid() })
const decided = { 200: jsonResponse(membershipSchema, 'The membership after the decision') }
const decisionErrors = errorResponses(400, 401, 403, 404, 409)

/** 住户认证: a person applies to be a member of a household; staff of the community decide. */
export function membershipsRoutes(deps: Deps) {
  const { clock } = deps
  const decisionRoute = (name: Decision, summary: string) => ({
    method: 'post' as const,
    path: `/memberships/{id}/${name}`,
    tags: ['memberships'],
    summary,
    security: bearerSecurity,
    middleware: [staffOnly],
    responses: { ...decided, ...decisionErrors },
  })
  const withReason = (name: 'reject' | 'revoke', summary: string) =>
    createRoute({ ...decisionRoute(name, summary), request: { params: idParams, body: jsonBody(reasonSchema) } })

  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/me/membership',
        tags: ['memberships'],
        summary: "Apply to be a member of a household: verified at once with the household's door code, else pending",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { body: jsonBody(applyMembershipSchema) },
        responses: {
          201: jsonResponse(applyResultSchema, 'Application filed'),
          ...errorResponses(400, 401, 404, 409, 429),
        },
      }),
      async (c) => {
        const result = await service.apply(c.get('db'), clock, actorOf(c), c.req.valid('json'))
        c.set('accountChanged', true)
        return c.json(result, 201)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/me/membership',
        tags: ['memberships'],
        summary: "The caller's latest membership, with the reason of a rejection or revocation",
        security: bearerSecurity,
        middleware: [signedIn],
        responses: { 200: jsonResponse(myMembershipSchema, 'The latest membership, or null'), ...errorResponses(401) },
      }),
      async (c) => c.json(await service.mine(c.get('db'), actorOf(c)), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/me/membership',
        tags: ['memberships'],
        summary: 'Leave the household (or withdraw the application); ballots already cast stay counted',
        security: bearerSecurity,
        middleware: [signedIn],
        responses: { 200: jsonResponse(membershipSchema, 'The membership, ended'), ...errorResponses(401, 404) },
      }),
      async (c) => {
        const ended = await service.leave(c.get('db'), clock, actorOf(c))
        c.set('accountChanged', true)
        return c.json(ended, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/communities/{id}/memberships',
        tags: ['memberships'],
        summary: "A community's memberships and applications, oldest application first",
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: idParams, query: membershipsQuerySchema },
        responses: {
          200: jsonResponse(pageSchema(membershipForStaffSchema), 'Memberships'),
          ...errorResponses(400, 401, 403),
        },
      }),
      async (c) =>
        c.json(await service.listForStaff(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        ...decisionRoute(
          'approve',
          'Approve an application: its household is attached, made with its building if missing',
        ),
        request: { params: idParams },
      }),
      async (c) =>
        c.json(await service.decide(c.get('db'), clock, actorOf(c), c.req.valid('param').id, 'approve', null), 200),
    )
    .openapi(withReason('reject', 'Reject an application, with the reason the applicant will read'), async (c) =>
      c.json(
        await service.decide(
          c.get('db'),
          clock,
          actorOf(c),
          c.req.valid('param').id,
          'reject',
          c.req.valid('json').reason,
        ),
        200,
      ),
    )
    .openapi(withReason('revoke', 'End a verified membership, with the reason the member will read'), async (c) =>
      c.json(
        await service.decide(
          c.get('db'),
          clock,
          actorOf(c),
          c.req.valid('param').id,
          'revoke',
          c.req.valid('json').reason,
        ),
        200,
      ),
    )
}
