import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { pageSchema } from '../../../shared/api'
import {
  contactsSchema,
  partyListQuerySchema,
  partyRegistrationForStaffSchema,
  partyRegistrationSchema,
  patchPartySchema,
  registerPartySchema,
} from '../../../shared/contacts'
import { actorOf, signedIn, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

const communityParams = z.object({ id: z.uuid() })
const userIdParams = z.object({ userId: z.uuid() })
const myPartySchema = z.object({ registration: partyRegistrationSchema.nullable() })

/** 楼道联系牌 and 党员报到. */
export function contactsRoutes(deps: Deps) {
  const { clock } = deps
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/me/contacts',
        tags: ['contacts'],
        summary: "The member's 楼道联系牌: community, grid workers, building heads and listed party members",
        security: bearerSecurity,
        middleware: [signedIn],
        responses: { 200: jsonResponse(contactsSchema, 'Contacts'), ...errorResponses(401, 403) },
      }),
      async (c) => c.json(await service.getContacts(c.get('db'), actorOf(c)), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/me/party',
        tags: ['party'],
        summary: '党员报到: register as a party member (verified member); staff confirm',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { body: jsonBody(registerPartySchema) },
        responses: {
          201: jsonResponse(partyRegistrationSchema, 'Registered, pending'),
          ...errorResponses(400, 401, 403, 409),
        },
      }),
      async (c) => c.json(await service.registerParty(c.get('db'), clock, actorOf(c), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/me/party',
        tags: ['party'],
        summary: 'My party registration, if any',
        security: bearerSecurity,
        middleware: [signedIn],
        responses: { 200: jsonResponse(myPartySchema, 'The registration or null'), ...errorResponses(401) },
      }),
      async (c) => c.json({ registration: await service.getMyParty(c.get('db'), actorOf(c)) }, 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/me/party',
        tags: ['party'],
        summary: "Whether I appear on my building's 楼道联系牌 once confirmed, and the phone shown",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { body: jsonBody(patchPartySchema) },
        responses: {
          200: jsonResponse(partyRegistrationSchema, 'The registration'),
          ...errorResponses(400, 401, 404),
        },
      }),
      async (c) => c.json(await service.setPartyListing(c.get('db'), actorOf(c), c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/communities/{id}/party-members',
        tags: ['party'],
        summary: "The community's party registrations (default pending), oldest first (community staff)",
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: communityParams, query: partyListQuerySchema },
        responses: {
          200: jsonResponse(pageSchema(partyRegistrationForStaffSchema), 'Registrations'),
          ...errorResponses(400, 401, 403),
        },
      }),
      async (c) =>
        c.json(await service.listParty(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/party-members/{userId}/confirm',
        tags: ['party'],
        summary: "Confirm a party registration (staff of the member's community); the member is told",
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: userIdParams },
        responses: {
          200: jsonResponse(partyRegistrationSchema, 'Confirmed'),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      }),
      async (c) => c.json(await service.confirmParty(c.get('db'), clock, actorOf(c), c.req.valid('param').userId), 200),
    )
}
