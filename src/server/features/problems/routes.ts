import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { pageQuerySchema, pageSchema } from '../../../shared/api'
import {
  assignProblemSchema,
  createProblemSchema,
  orgSchema,
  problemDetailSchema,
  problemEventSchema,
  problemListQuerySchema,
  problemReasonSchema,
  problemStatsQuerySchema,
  problemStatsSchema,
  problemSummarySchema,
  rateProblemSchema,
  resolveProblemSchema,
} from '../../../shared/problems'
import { actorOf, signedIn, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import { attachmentHeaders } from '../stats/csv'
import * as service from './service'

const idParams = z.object({ id: z.uuid() })
const problemReply = { 200: jsonResponse(problemDetailSchema, 'The problem after the change') }
const transitionErrors = errorResponses(400, 401, 403, 404, 409, 422)

/** 问题反馈 (接诉即办): report, assign, accept or return, resolve, rate, escalate; the queues, timeline and figures. */
export function problemsRoutes(deps: Deps) {
  const { clock, uploadUrls } = deps

  const transitionRoute = <B extends z.ZodType>(action: string, summary: string, body: B) =>
    createRoute({
      method: 'post',
      path: `/problems/{id}/${action}`,
      tags: ['problems'],
      summary,
      security: bearerSecurity,
      middleware: [signedIn],
      request: { params: idParams, body: jsonBody(body) },
      responses: { ...problemReply, ...transitionErrors },
    })

  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/problems',
        tags: ['problems'],
        summary: 'A verified member reports a problem of their community',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { body: jsonBody(createProblemSchema) },
        responses: {
          201: jsonResponse(problemDetailSchema, 'Submitted'),
          ...errorResponses(400, 401, 403, 422),
        },
      }),
      async (c) =>
        c.json(await service.createProblem(c.get('db'), clock, actorOf(c), c.req.valid('json'), uploadUrls), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/problems',
        tags: ['problems'],
        summary: "A community's problems (members, staff, handlers), mine=true, or escalated=true (staff)",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { query: problemListQuerySchema },
        responses: {
          200: jsonResponse(pageSchema(problemSummarySchema), 'Problems, newest first'),
          ...errorResponses(400, 401, 403),
        },
      }),
      async (c) => c.json(await service.listProblems(c.get('db'), clock, actorOf(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/problems/{id}',
        tags: ['problems'],
        summary: 'One problem; the reporter named in full only to staff and the assigned handlers',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams },
        responses: { 200: jsonResponse(problemDetailSchema, 'The problem'), ...errorResponses(400, 401, 404) },
      }),
      async (c) =>
        c.json(await service.getProblem(c.get('db'), clock, actorOf(c), c.req.valid('param').id, uploadUrls), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/problems/{id}/events',
        tags: ['problems'],
        summary: 'The timeline: who did what, when',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams },
        responses: {
          200: jsonResponse(z.object({ items: z.array(problemEventSchema) }), 'Events, oldest first'),
          ...errorResponses(400, 401, 404),
        },
      }),
      async (c) =>
        c.json({ items: await service.listProblemEvents(c.get('db'), actorOf(c), c.req.valid('param').id) }, 200),
    )
    .openapi(
      transitionRoute('assign', 'Community staff assign it to an organisation, with a due time', assignProblemSchema),
      async (c) =>
        c.json(
          await service.assignProblem(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            c.req.valid('json'),
            uploadUrls,
          ),
          200,
        ),
    )
    .openapi(
      transitionRoute('accept', 'A handler of the assigned organisation takes it on', z.object({}).strict()),
      async (c) =>
        c.json(
          await service.transitionProblem(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            'accept',
            {},
            uploadUrls,
          ),
          200,
        ),
    )
    .openapi(
      transitionRoute(
        'return',
        'A handler of the assigned organisation gives it back, with a reason',
        problemReasonSchema,
      ),
      async (c) =>
        c.json(
          await service.transitionProblem(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            'return',
            {
              note: c.req.valid('json').reason,
            },
            uploadUrls,
          ),
          200,
        ),
    )
    .openapi(
      transitionRoute('resolve', 'The handler who accepted it, or staff, report the result', resolveProblemSchema),
      async (c) =>
        c.json(
          await service.transitionProblem(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            'resolve',
            {
              result: c.req.valid('json').result,
              photoIds: c.req.valid('json').photoIds,
            },
            uploadUrls,
          ),
          200,
        ),
    )
    .openapi(
      transitionRoute('rate', 'The reporter rates the result; unsatisfied reopens it', rateProblemSchema),
      async (c) =>
        c.json(
          await service.rateProblem(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            c.req.valid('json'),
            uploadUrls,
          ),
          200,
        ),
    )
    .openapi(
      transitionRoute('escalate', "Community staff escalate it to the street's staff", problemReasonSchema),
      async (c) =>
        c.json(
          await service.transitionProblem(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            'escalate',
            {
              reason: c.req.valid('json').reason,
            },
            uploadUrls,
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/handler/queue',
        tags: ['problems'],
        summary:
          "A handler's queue: their organisations' assigned, in-progress and reopened problems, oldest due first",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { query: pageQuerySchema },
        responses: {
          200: jsonResponse(pageSchema(problemSummarySchema), 'Problems, oldest due first'),
          ...errorResponses(400, 401, 403),
        },
      }),
      async (c) => c.json(await service.handlerQueue(c.get('db'), clock, actorOf(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/communities/{id}/problem-orgs',
        tags: ['problems'],
        summary: 'The organisations staff may assign the community’s problems to',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: idParams },
        responses: {
          200: jsonResponse(z.object({ items: z.array(orgSchema) }), 'Organisations'),
          ...errorResponses(400, 401, 403),
        },
      }),
      async (c) => c.json({ items: await service.listOrgs(c.get('db'), actorOf(c), c.req.valid('param').id) }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/communities/{id}/problem-stats',
        tags: ['problems'],
        summary: 'The figures of the problems received in a period (members, staff, handlers)',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, query: problemStatsQuerySchema },
        responses: { 200: jsonResponse(problemStatsSchema, 'The figures'), ...errorResponses(400, 401, 403, 404) },
      }),
      async (c) =>
        c.json(await service.problemStats(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/communities/{id}/problems.csv',
        tags: ['problems'],
        summary: 'CSV export of the problems received in a period (staff)',
        description: 'UTF-8 with a byte-order mark so Excel reads Chinese; a download with a Chinese file name.',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: idParams, query: problemStatsQuerySchema },
        responses: {
          200: { content: { 'text/csv': { schema: z.string() } }, description: 'The problems' },
          ...errorResponses(400, 401, 403, 404),
        },
      }),
      async (c) => {
        const file = await service.exportProblemsCsv(
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
