import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { pageQuerySchema, pageSchema } from '../../../shared/api'
import {
  createSurveySchema,
  myResponseSchema,
  surveyDetailSchema,
  surveyResponseSchema,
  surveyResultsSchema,
  surveySummarySchema,
} from '../../../shared/surveys'
import { actorOf, signedIn, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

const idParams = z.object({ id: z.uuid() })
const writeErrors = errorResponses(400, 401, 403, 404, 409, 422)

/** 群众满意度测评: staff open a survey; verified members score it while open; results for all after close. */
export function surveysRoutes(deps: Deps) {
  const { clock } = deps
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/communities/{id}/surveys',
        tags: ['surveys'],
        summary: 'Staff of the community open a 满意度测评 of 1–10 items with its window',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: idParams, body: jsonBody(createSurveySchema) },
        responses: { 201: jsonResponse(surveyDetailSchema, 'The survey'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.createSurvey(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/communities/{id}/surveys',
        tags: ['surveys'],
        summary: "A community's surveys, newest first, with their status and whether the caller answered",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, query: pageQuerySchema },
        responses: { 200: jsonResponse(pageSchema(surveySummarySchema), 'Surveys'), ...errorResponses(400, 401) },
      }),
      async (c) =>
        c.json(
          await service.listSurveys(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('query')),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/surveys/{id}',
        tags: ['surveys'],
        summary: "One survey with the caller's own response",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams },
        responses: { 200: jsonResponse(surveyDetailSchema, 'The survey'), ...errorResponses(400, 401, 404) },
      }),
      async (c) => c.json(await service.getSurvey(c.get('db'), clock, actorOf(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/surveys/{id}/response',
        tags: ['surveys'],
        summary:
          "A verified member's scores, one per item, while open; changeable until close (409 SURVEY_NOT_OPEN / SURVEY_CLOSED)",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, body: jsonBody(surveyResponseSchema) },
        responses: { 200: jsonResponse(myResponseSchema, 'The response'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.respond(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/surveys/{id}/results',
        tags: ['surveys'],
        summary:
          'Per item mean, count and distribution, respondents and eligible: staff any time, everyone after close',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams },
        responses: { 200: jsonResponse(surveyResultsSchema, 'The results'), ...errorResponses(400, 401, 403, 404) },
      }),
      async (c) => c.json(await service.getResults(c.get('db'), clock, actorOf(c), c.req.valid('param').id), 200),
    )
}
