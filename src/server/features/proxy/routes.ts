import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { pageSchema } from '../../../shared/api'
import { createProxyResidentSchema, proxyResidentSchema, proxyResidentsQuerySchema } from '../../../shared/proxy'
import { actorOf, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

const communityParams = z.object({ id: z.uuid() })

/** 代办: residents without WeChat, registered by staff, who act for them (wishes and bookings take `onBehalfOf`). */
export function proxyRoutes(deps: Deps) {
  const { clock } = deps
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/communities/{id}/residents',
        tags: ['proxy'],
        summary: 'Register a resident without WeChat: a verified member of their household, with no login (代办)',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: communityParams, body: jsonBody(createProxyResidentSchema) },
        responses: {
          201: jsonResponse(proxyResidentSchema, 'Registered'),
          ...errorResponses(400, 401, 403, 404),
        },
      }),
      async (c) =>
        c.json(
          await service.createProxyResident(
            c.get('db'),
            clock,
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
        path: '/communities/{id}/residents',
        tags: ['proxy'],
        summary: 'The residents without WeChat registered in the community, newest first (community staff)',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: communityParams, query: proxyResidentsQuerySchema },
        responses: {
          200: jsonResponse(pageSchema(proxyResidentSchema), 'Residents'),
          ...errorResponses(400, 401, 403),
        },
      }),
      async (c) =>
        c.json(
          await service.listProxyResidents(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query')),
          200,
        ),
    )
}
