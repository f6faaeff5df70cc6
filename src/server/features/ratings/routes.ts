import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import {
  bookingRatingSchema,
  ratingFiguresQuerySchema,
  ratingFiguresSchema,
  ratingSchema,
  topicRatingSchema,
} from '../../../shared/ratings'
import { actorOf, signedIn, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

const idParams = z.object({ id: z.uuid() })
const writeErrors = errorResponses(400, 401, 403, 404, 409, 422)

/** 满意度 where it happens: a booking after check-in, a topic after its outcome; the community's means for staff. */
export function ratingsRoutes(deps: Deps) {
  const { clock } = deps
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/bookings/{id}/rating',
        tags: ['ratings'],
        summary: 'The booker rates a booking once, after check-in (409 ALREADY_RATED / BOOKING_NOT_CHECKED_IN)',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, body: jsonBody(bookingRatingSchema) },
        responses: { 201: jsonResponse(ratingSchema, 'The rating'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.rateBooking(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/topics/{id}/rating',
        tags: ['ratings'],
        summary:
          'Who voted or commented rates a topic once, after its outcome (409 ALREADY_RATED / TOPIC_OUTCOME_PENDING)',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, body: jsonBody(topicRatingSchema) },
        responses: { 201: jsonResponse(ratingSchema, 'The rating'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.rateTopic(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json').score),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/communities/{id}/ratings',
        tags: ['ratings'],
        summary: "The community's mean ratings of bookings, topics, wishes and surveys in a period, for its staff",
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: idParams, query: ratingFiguresQuerySchema },
        responses: { 200: jsonResponse(ratingFiguresSchema, 'The means'), ...errorResponses(400, 401, 403, 404) },
      }),
      async (c) =>
        c.json(
          await service.ratingFigures(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query')),
          200,
        ),
    )
}
