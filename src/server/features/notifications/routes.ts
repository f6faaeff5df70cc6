import { createRoute } from '@hono/zod-openapi'
import {
  markReadSchema,
  notificationsPageSchema,
  notificationsQuerySchema,
  unreadCountSchema,
} from '../../../shared/notifications'
import { actorOf, signedIn } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

/** 消息: each user's own inbox; nobody reads another's. */
export function notificationsRoutes(deps: Deps) {
  const { clock } = deps
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/me/notifications',
        tags: ['notifications'],
        summary: 'My messages, newest first, with the unread count',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { query: notificationsQuerySchema },
        responses: { 200: jsonResponse(notificationsPageSchema, 'Messages'), ...errorResponses(400, 401) },
      }),
      async (c) => c.json(await service.listNotifications(c.get('db'), actorOf(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/me/notifications/read',
        tags: ['notifications'],
        summary: 'Mark messages read: the ids given, or all',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { body: jsonBody(markReadSchema) },
        responses: { 200: jsonResponse(unreadCountSchema, 'How many stay unread'), ...errorResponses(400, 401) },
      }),
      async (c) => c.json(await service.markRead(c.get('db'), clock, actorOf(c), c.req.valid('json')), 200),
    )
}
