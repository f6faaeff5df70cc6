import { createRoute } from '@hono/zod-openapi'
import { createMiddleware } from 'hono/factory'
import { pageQuerySchema, pageSchema } from '../../../shared/api'
import {
  authResultSchema,
  communitySchema,
  devLoginSchema,
  devUserSchema,
  logoutBodySchema,
  logoutQuerySchema,
  meSchema,
  patchMeSchema,
  wechatLoginSchema,
} from '../../../shared/identity'
import { actorOf, signedIn } from '../../auth/guards'
import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import { loginRateLimit } from '../../lib/rate-limit'
import * as service from './service'

/** Login, the signed-in user's profile, and the public list of communities. */
export function usersRoutes(deps: Deps) {
  const { tokens, wechat } = deps
  const loginLimit = loginRateLimit(
    deps.db,
    deps.clock,
    deps.config.rateLimits.loginPerMinute,
    deps.config.clientAddress,
  )
  /** The demo login exists only when it is on (config.devLogin); otherwise it is not there at all. */
  const demoOnly = createMiddleware(async (_c, next) => {
    if (!deps.config.devLogin) throw AppError.notFound()
    await next()
  })

  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/wechat',
        tags: ['auth'],
        summary: 'Log in with a wx.login code',
        middleware: [loginLimit],
        request: { body: jsonBody(wechatLoginSchema) },
        responses: { 200: jsonResponse(authResultSchema, 'Signed in'), ...errorResponses(400, 401, 429, 503) },
      }),
      async (c) => c.json(await service.loginWithWechat(c.get('db'), tokens, wechat, c.req.valid('json').code), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/auth/dev/users',
        tags: ['auth'],
        summary: 'Demo users for the H5 chooser (AUTH_DEV_LOGIN=1 only)',
        middleware: [demoOnly],
        responses: { 200: jsonResponse(pageSchema(devUserSchema), 'Demo users'), ...errorResponses(404) },
      }),
      async (c) => c.json({ items: await service.listDemoUsers(c.get('db')), nextCursor: null }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/dev',
        tags: ['auth'],
        summary: 'Demo login as a seeded user or as a demo-only openid (AUTH_DEV_LOGIN=1 only)',
        middleware: [demoOnly, loginLimit],
        request: { body: jsonBody(devLoginSchema) },
        responses: { 200: jsonResponse(authResultSchema, 'Signed in'), ...errorResponses(400, 404, 429) },
      }),
      async (c) => c.json(await service.loginForDemo(c.get('db'), tokens, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/logout',
        tags: ['auth'],
        summary: 'Log out: end the token of this request at once, or with all=1 every token of the user',
        security: bearerSecurity,
        middleware: [signedIn],
        request: {
          query: logoutQuerySchema,
          body: { content: { 'application/json': { schema: logoutBodySchema } }, required: false },
        },
        responses: { 204: { description: 'Logged out' }, ...errorResponses(400, 401) },
      }),
      async (c) => {
        const everywhere = c.req.valid('query').all === '1'
        await service.logOut(c.get('db'), actorOf(c), c.get('token')!, everywhere, deps.clock.now())
        // This instance forgets the caller at once; the others, by the account's version (migration 0012).
        c.set('accountChanged', true)
        return c.body(null, 204)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/me',
        tags: ['me'],
        summary: 'The signed-in user',
        security: bearerSecurity,
        middleware: [signedIn],
        responses: { 200: jsonResponse(meSchema, 'The user'), ...errorResponses(401) },
      }),
      // The actor was read with the profile, in the request's one query.
      (c) => c.json(actorOf(c).me, 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/me',
        tags: ['me'],
        summary: 'Change nickname, avatar, community, building or elder mode',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { body: jsonBody(patchMeSchema) },
        responses: { 200: jsonResponse(meSchema, 'The updated user'), ...errorResponses(400, 401) },
      }),
      async (c) => {
        const me = await service.updateProfile(c.get('db'), actorOf(c), c.req.valid('json'))
        c.set('accountChanged', true)
        return c.json(me, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/communities',
        tags: ['communities'],
        summary: 'All communities (public)',
        request: { query: pageQuerySchema },
        responses: { 200: jsonResponse(pageSchema(communitySchema), 'Communities'), ...errorResponses(400) },
      }),
      async (c) => c.json(await service.listCommunities(c.get('db'), c.req.valid('query')), 200),
    )
}
