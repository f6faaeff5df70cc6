import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import {
  activityCheckInResultSchema,
  activityCheckInSchema,
  activityDetailSchema,
  activityListQuerySchema,
  activitySummarySchema,
  communityPartyServiceSchema,
  completeActivitySchema,
  createActivitySchema,
  partyServiceQuerySchema,
  partyServiceSchema,
  signupSchema,
  staffPartyServiceQuerySchema,
} from '../../../shared/activities'
import { pageSchema } from '../../../shared/api'
import { activeVolunteer, actorOf, signedIn, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

const idParams = z.object({ id: z.uuid() })
const postParams = z.object({ id: z.uuid(), postId: z.uuid() })
const activityReply = (what: string) => ({ 200: jsonResponse(activityDetailSchema, what) })
const writeErrors = errorResponses(400, 401, 403, 404, 409)

/** 社区活动: publish, list, sign up and cancel, check in, posts for volunteers, completion; 双报到 records. */
export function activitiesRoutes(deps: Deps) {
  const { clock } = deps
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/activities',
        tags: ['activities'],
        summary: 'Staff publish an activity of their community, with its volunteer posts',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { body: jsonBody(createActivitySchema) },
        responses: { 201: jsonResponse(activityDetailSchema, 'Published'), ...errorResponses(400, 401, 403) },
      }),
      async (c) => c.json(await service.createActivity(c.get('db'), clock, actorOf(c), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/activities',
        tags: ['activities'],
        summary: "A community's activities (default: the user's): upcoming soonest first, or past latest first",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { query: activityListQuerySchema },
        responses: {
          200: jsonResponse(pageSchema(activitySummarySchema), 'Activities with seats and posts left'),
          ...errorResponses(400, 401, 409),
        },
      }),
      async (c) => c.json(await service.listActivities(c.get('db'), clock, actorOf(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/activity-signups/check-in',
        tags: ['activities'],
        summary: 'Staff of the community check a sign-up in by its code; idempotent',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { body: jsonBody(activityCheckInSchema) },
        responses: {
          200: jsonResponse(activityCheckInResultSchema, 'Checked in'),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      }),
      async (c) => c.json(await service.checkIn(c.get('db'), clock, actorOf(c), c.req.valid('json').code), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/activities/{id}',
        tags: ['activities'],
        summary: "One activity with its posts, seats left, and the viewer's sign-up and check-in code",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams },
        responses: { ...activityReply('The activity'), ...errorResponses(400, 401, 404) },
      }),
      async (c) => c.json(await service.getActivity(c.get('db'), clock, actorOf(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/activities/{id}/signup',
        tags: ['activities'],
        summary: 'A resident of the community signs up (party 1–4) before the deadline; seats never exceed capacity',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, body: jsonBody(signupSchema) },
        responses: { 201: jsonResponse(activityDetailSchema, 'Signed up, with a check-in code'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.signUp(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json').partySize),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/activities/{id}/signup/cancel',
        tags: ['activities'],
        summary: 'The resident cancels their sign-up before the deadline',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams },
        responses: { ...activityReply('Cancelled'), ...writeErrors },
      }),
      async (c) => c.json(await service.cancelSignup(c.get('db'), clock, actorOf(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/activities/{id}/posts/{postId}/claim',
        tags: ['activities'],
        summary: "An active volunteer of the community takes a place on a post; never more than the post's count",
        security: bearerSecurity,
        middleware: [activeVolunteer],
        request: { params: postParams },
        responses: { ...activityReply('Claimed'), ...writeErrors },
      }),
      async (c) => {
        const { id, postId } = c.req.valid('param')
        return c.json(await service.claimPost(c.get('db'), clock, actorOf(c), id, postId), 200)
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/activities/{id}/posts/{postId}/release',
        tags: ['activities'],
        summary: 'The holder gives the post back before the activity starts',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: postParams },
        responses: { ...activityReply('Released'), ...writeErrors },
      }),
      async (c) => {
        const { id, postId } = c.req.valid('param')
        return c.json(await service.releasePost(c.get('db'), clock, actorOf(c), id, postId), 200)
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/activities/{id}/complete',
        tags: ['activities'],
        summary: "Staff complete a started activity; each present post holder's hours are recorded once",
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: idParams, body: jsonBody(completeActivitySchema) },
        responses: { ...activityReply('Completed'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.completeActivity(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            c.req.valid('json').absentVolunteerIds,
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/me/party-service',
        tags: ['activities'],
        summary: "双报到: the user's service in a year (wishes, posts, activities)",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { query: partyServiceQuerySchema },
        responses: { 200: jsonResponse(partyServiceSchema, 'The year'), ...errorResponses(400, 401) },
      }),
      async (c) => c.json(await service.myPartyService(c.get('db'), clock, actorOf(c), c.req.valid('query').year), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/staff/party-service',
        tags: ['activities'],
        summary: "双报到: each party member's service in a year, and the community's participation rate",
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { query: staffPartyServiceQuerySchema },
        responses: {
          200: jsonResponse(communityPartyServiceSchema, 'The year'),
          ...errorResponses(400, 401, 403),
        },
      }),
      async (c) => {
        const { communityId, year } = c.req.valid('query')
        return c.json(await service.communityPartyService(c.get('db'), clock, actorOf(c), communityId, year), 200)
      },
    )
}
