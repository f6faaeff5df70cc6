import { createRoute } from '@hono/zod-openapi'
import { wordListSchema, wordsSchema } from '../../../shared/workbench'
import { actorOf, adminOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

/** The sensitive-word list, edited by the platform admin and applied to the next write. */
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
}
