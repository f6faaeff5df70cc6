import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { pageQuerySchema, pageSchema } from '../../../shared/api'
import {
  confirmWishSchema,
  createWishSchema,
  fulfilWishSchema,
  reviewWishSchema,
  volunteerHoursSchema,
  wishDetailSchema,
  wishEventSchema,
  wishListQuerySchema,
  wishReasonSchema,
  wishSummarySchema,
} from '../../../shared/wishes'
import { activeVolunteer, actorOf, signedIn, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

const idParams = z.object({ id: z.uuid() })
const wishReply = { 200: jsonResponse(wishDetailSchema, 'The wish after the change') }
const transitionErrors = errorResponses(400, 401, 403, 404, 409, 422)
const optionalReason = z.object({ reason: z.string().trim().max(200).optional() }).strict()

/** 微心愿: post, review, claim, release, fulfil, confirm or dispute, cancel; the timeline and volunteer hours. */
export function wishesRoutes(deps: Deps) {
  const { clock, uploadUrls } = deps

  /** One route per transition: the same shape, each with its own body. */
  const transitionRoute = <B extends z.ZodType>(
    action: string,
    summary: string,
    middleware: typeof signedIn,
    body: B,
  ) =>
    createRoute({
      method: 'post',
      path: `/wishes/{id}/${action}`,
      tags: ['wishes'],
      summary,
      security: bearerSecurity,
      middleware: [middleware],
      request: { params: idParams, body: jsonBody(body) },
      responses: { ...wishReply, ...transitionErrors },
    })

  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/wishes',
        tags: ['wishes'],
        summary: "Post a wish in the resident's community; it waits for staff review",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { body: jsonBody(createWishSchema) },
        responses: {
          201: jsonResponse(wishDetailSchema, 'Posted, pending review'),
          ...errorResponses(400, 401, 409, 422),
        },
      }),
      async (c) =>
        c.json(await service.createWish(c.get('db'), clock, actorOf(c), c.req.valid('json'), uploadUrls), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/wishes',
        tags: ['wishes'],
        summary: "The wish wall (default: the user's community), or mine=owner|claimer",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { query: wishListQuerySchema },
        responses: {
          200: jsonResponse(pageSchema(wishSummarySchema), 'Wishes, newest first'),
          ...errorResponses(400, 401, 409),
        },
      }),
      async (c) => c.json(await service.listWishes(c.get('db'), clock, actorOf(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/wishes/{id}',
        tags: ['wishes'],
        summary: 'One wish; address and phone only for the owner, the current claimer and staff',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams },
        responses: { 200: jsonResponse(wishDetailSchema, 'The wish'), ...errorResponses(400, 401, 404) },
      }),
      async (c) =>
        c.json(await service.getWish(c.get('db'), clock, actorOf(c), c.req.valid('param').id, uploadUrls), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/wishes/{id}/events',
        tags: ['wishes'],
        summary: 'The timeline (owner, claimers, staff)',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams },
        responses: {
          200: jsonResponse(z.object({ items: z.array(wishEventSchema) }), 'Events, oldest first'),
          ...errorResponses(400, 401, 403, 404),
        },
      }),
      async (c) =>
        c.json({ items: await service.listWishEvents(c.get('db'), clock, actorOf(c), c.req.valid('param').id) }, 200),
    )
    .openapi(
      transitionRoute('review', 'Staff approve, or reject with a reason', staffOnly, reviewWishSchema),
      async (c) => {
        const { approve, reason } = c.req.valid('json')
        const id = c.req.valid('param').id
        const result = approve
          ? await service.transitionWish(c.get('db'), clock, actorOf(c), id, 'approve', {}, uploadUrls)
          : await service.transitionWish(c.get('db'), clock, actorOf(c), id, 'reject', { note: reason }, uploadUrls)
        return c.json(result, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/wishes/{id}/claim',
        tags: ['wishes'],
        summary: 'An active volunteer of the community claims an open wish',
        security: bearerSecurity,
        middleware: [activeVolunteer],
        request: { params: idParams },
        responses: { ...wishReply, ...transitionErrors },
      }),
      async (c) =>
        c.json(
          await service.transitionWish(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            'claim',
            {},
            uploadUrls,
          ),
          200,
        ),
    )
    .openapi(transitionRoute('release', 'The claimer gives the wish back', signedIn, wishReasonSchema), async (c) =>
      c.json(
        await service.transitionWish(
          c.get('db'),
          clock,
          actorOf(c),
          c.req.valid('param').id,
          'release',
          {
            note: c.req.valid('json').reason,
          },
          uploadUrls,
        ),
        200,
      ),
    )
    .openapi(
      transitionRoute('fulfil', 'The claimer reports it done, with hours 0.5–8', signedIn, fulfilWishSchema),
      async (c) => {
        const { note, hours } = c.req.valid('json')
        return c.json(
          await service.transitionWish(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            'fulfil',
            {
              note,
              hours,
            },
            uploadUrls,
          ),
          200,
        )
      },
    )
    .openapi(
      transitionRoute(
        'confirm',
        'The owner (or staff for them) confirms; the hours are credited',
        signedIn,
        confirmWishSchema,
      ),
      async (c) => {
        const { rating, thanks } = c.req.valid('json')
        return c.json(
          await service.transitionWish(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            'confirm',
            {
              note: thanks ?? null,
              rating: rating ?? null,
              thanks: thanks ?? null,
            },
            uploadUrls,
          ),
          200,
        )
      },
    )
    .openapi(
      transitionRoute(
        'dispute',
        'The owner (or staff) says it is not done yet; back to the claimer',
        signedIn,
        wishReasonSchema,
      ),
      async (c) =>
        c.json(
          await service.transitionWish(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            'dispute',
            {
              note: c.req.valid('json').reason,
            },
            uploadUrls,
          ),
          200,
        ),
    )
    .openapi(
      transitionRoute('cancel', 'The owner before a claim, or staff, cancels', signedIn, optionalReason),
      async (c) =>
        c.json(
          await service.transitionWish(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            'cancel',
            {
              note: c.req.valid('json').reason ?? null,
            },
            uploadUrls,
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/me/volunteer-hours',
        tags: ['wishes'],
        summary: "The volunteer's confirmed hour records and their total",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { query: pageQuerySchema },
        responses: {
          200: jsonResponse(volunteerHoursSchema, 'Hour records, newest first'),
          ...errorResponses(400, 401),
        },
      }),
      async (c) => c.json(await service.listVolunteerHours(c.get('db'), actorOf(c), c.req.valid('query')), 200),
    )
}
