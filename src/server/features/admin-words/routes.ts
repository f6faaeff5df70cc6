import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { wordListSchema, wordsSchema } from '../../../shared/workbench'
import { actorOf, adminOnly, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

const communityParams = z.object({ id: z.uuid() })

/**
 * The sensitive words: the platform's list, edited by the admin and applied everywhere, and each community's own,
 * edited by its staff and applied to what is written in that community. Both apply to the next write.
 */
export function adminWordsRoutes(deps: Deps) {
  const { clock } = deps
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/admin/words',
        tags: ['admin'],
        summary: 'The sensitive-word list',
        security: bearerSecurity,
        middleware: [adminOnly],
        responses: { 200: jsonResponse(wordListSchema, 'The list'), ...errorResponses(401, 403) },
      }),
      async (c) => c.json(await service.getWordList(c.get('db')), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/admin/words',
        tags: ['admin'],
        summary: 'Replace the sensitive-word list; the next post is checked against it',
        security: bearerSecurity,
        middleware: [adminOnly],
        request: { body: jsonBody(wordsSchema) },
        responses: { 200: jsonResponse(wordListSchema, 'Saved'), ...errorResponses(400, 401, 403) },
      }),
      async (c) => c.json(await service.saveWordList(c.get('db'), clock, actorOf(c), c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/communities/{id}/words',
        tags: ['workbench'],
        summary: "A community's own sensitive words (on top of the platform's list): its staff and the admin",
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: communityParams },
        responses: { 200: jsonResponse(wordListSchema, 'The list'), ...errorResponses(400, 401, 403, 404) },
      }),
      async (c) => c.json(await service.getCommunityWordList(c.get('db'), actorOf(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/communities/{id}/words',
        tags: ['workbench'],
        summary: "Replace a community's own sensitive words; the next post in that community is checked against them",
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: communityParams, body: jsonBody(wordsSchema) },
        responses: { 200: jsonResponse(wordListSchema, 'Saved'), ...errorResponses(400, 401, 403, 404) },
      }),
      async (c) =>
        c.json(
          await service.saveCommunityWordList(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            c.req.valid('json'),
          ),
          200,
        ),
    )
}
