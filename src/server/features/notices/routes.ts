import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { pageSchema } from '../../../shared/api'
import {
  createNoticeSchema,
  noticeDetailSchema,
  noticeListQuerySchema,
  noticeSummarySchema,
  objectionBodySchema,
  objectionSchema,
  replyBodySchema,
} from '../../../shared/notices'
import { actorOf, signedIn, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

const idParams = z.object({ id: z.uuid() })
const writeErrors = errorResponses(400, 401, 403, 404, 409, 422)

/**
 * 公开栏: staff publish notices (never edited: there is no PATCH, PUT or DELETE; a correction supersedes), everyone
 * signed in reads them with their read counts, verified members object in the 公示期 and staff reply.
 */
export function noticesRoutes(deps: Deps) {
  const { clock, uploadUrls } = deps
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/communities/{id}/notices',
        tags: ['notices'],
        summary:
          'Staff of the community publish a notice (a correction names the notice it supersedes, once); it is never ' +
          'changed afterwards',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: idParams, body: jsonBody(createNoticeSchema) },
        responses: { 201: jsonResponse(noticeDetailSchema, 'The notice as published'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.publishNotice(
            c.get('db'),
            clock,
            uploadUrls,
            actorOf(c),
            c.req.valid('param').id,
            c.req.valid('json'),
          ),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/communities/{id}/notices',
        tags: ['notices'],
        summary: "A community's notices, newest first, of one kind or all, with read counts",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, query: noticeListQuerySchema },
        responses: { 200: jsonResponse(pageSchema(noticeSummarySchema), 'Notices'), ...errorResponses(400, 401) },
      }),
      async (c) =>
        c.json(await service.listNotices(c.get('db'), clock, c.req.valid('param').id, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/notices/{id}',
        tags: ['notices'],
        summary:
          'A notice with its attachments, corrections both ways and objections with replies; opening it counts the ' +
          "caller's read, once per person",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams },
        responses: { 200: jsonResponse(noticeDetailSchema, 'The notice'), ...errorResponses(400, 401, 404) },
      }),
      async (c) =>
        c.json(await service.noticeFor(c.get('db'), clock, uploadUrls, actorOf(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/notices/{id}/objections',
        tags: ['notices'],
        summary:
          "A verified member of the notice's community objects while its 公示期 runs (else 409 OBJECTIONS_CLOSED)",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, body: jsonBody(objectionBodySchema) },
        responses: { 201: jsonResponse(objectionSchema, 'The objection, public'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.objectToNotice(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            c.req.valid('json').body,
          ),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/objections/{id}/reply',
        tags: ['notices'],
        summary: "Staff of the notice's community reply to an objection, once; the reply is public",
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: idParams, body: jsonBody(replyBodySchema) },
        responses: { 201: jsonResponse(objectionSchema, 'The objection with its reply'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.replyToObjection(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            c.req.valid('json').body,
          ),
          201,
        ),
    )
}
