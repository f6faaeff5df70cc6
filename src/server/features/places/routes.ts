import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { pageQuerySchema, pageSchema } from '../../../shared/api'
import {
  acceptInviteSchema,
  acceptedInviteSchema,
  buildingSchema,
  createBuildingSchema,
  createCommunityInviteSchema,
  createCommunitySchema,
  createGridSchema,
  createHouseholdSchema,
  createOrgSchema,
  createStreetInviteSchema,
  createStreetSchema,
  createdCommunitySchema,
  doorCodeSchema,
  gridSchema,
  householdListQuerySchema,
  householdSchema,
  importHouseholdsJsonSchema,
  importResultSchema,
  inviteSchema,
  orgSchema,
  streetSchema,
} from '../../../shared/places'
import { actorOf, adminOnly, signedIn, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

const idParams = z.object({ id: z.uuid() })

/** The path of the households import, whose body may be larger than other writes' (app.ts). */
export const HOUSEHOLDS_IMPORT_PATH = /^\/api\/communities\/[^/]+\/households\/import$/

/** Places (街道 → 社区 → 网格 → 楼栋 → 户), the organisations that handle problems, and invites. */
export function placesRoutes(deps: Deps) {
  const { clock } = deps
  return (
    createRouter()
      // Streets and communities.
      .openapi(
        createRoute({
          method: 'post',
          path: '/admin/streets',
          tags: ['places'],
          summary: 'Add a street (街道); the admin only',
          security: bearerSecurity,
          middleware: [adminOnly],
          request: { body: jsonBody(createStreetSchema) },
          responses: { 201: jsonResponse(streetSchema, 'Added'), ...errorResponses(400, 401, 403, 409) },
        }),
        async (c) => c.json(await service.createStreet(c.get('db'), clock, actorOf(c), c.req.valid('json')), 201),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/streets',
          tags: ['places'],
          summary: 'Streets, by name',
          request: { query: pageQuerySchema },
          responses: { 200: jsonResponse(pageSchema(streetSchema), 'Streets'), ...errorResponses(400) },
        }),
        async (c) => c.json(await service.listStreets(c.get('db'), c.req.valid('query')), 200),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/communities',
          tags: ['places'],
          summary: 'Add a community to a street: the admin, or staff of that street',
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { body: jsonBody(createCommunitySchema) },
          responses: { 201: jsonResponse(createdCommunitySchema, 'Added'), ...errorResponses(400, 401, 403, 404) },
        }),
        async (c) => c.json(await service.createCommunity(c.get('db'), clock, actorOf(c), c.req.valid('json')), 201),
      )
      // Grids and buildings.
      .openapi(
        createRoute({
          method: 'post',
          path: '/communities/{id}/grids',
          tags: ['places'],
          summary: 'Add a grid (网格) to a community (its staff)',
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams, body: jsonBody(createGridSchema) },
          responses: { 201: jsonResponse(gridSchema, 'Added'), ...errorResponses(400, 401, 403, 404, 409) },
        }),
        async (c) =>
          c.json(
            await service.createGrid(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
            201,
          ),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/communities/{id}/grids',
          tags: ['places'],
          summary: "A community's grids, by name, with how many buildings each has",
          security: bearerSecurity,
          middleware: [signedIn],
          request: { params: idParams, query: pageQuerySchema },
          responses: { 200: jsonResponse(pageSchema(gridSchema), 'Grids'), ...errorResponses(400, 401) },
        }),
        async (c) => c.json(await service.listGrids(c.get('db'), c.req.valid('param').id, c.req.valid('query')), 200),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/communities/{id}/buildings',
          tags: ['places'],
          summary: 'Add a building (楼栋) to a community, in one of its grids or none (its staff)',
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams, body: jsonBody(createBuildingSchema) },
          responses: { 201: jsonResponse(buildingSchema, 'Added'), ...errorResponses(400, 401, 403, 404, 409) },
        }),
        async (c) =>
          c.json(
            await service.createBuilding(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
            201,
          ),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/communities/{id}/buildings',
          tags: ['places'],
          summary: "A community's buildings, by name, with their grid and how many households each has",
          security: bearerSecurity,
          middleware: [signedIn],
          request: { params: idParams, query: pageQuerySchema },
          responses: { 200: jsonResponse(pageSchema(buildingSchema), 'Buildings'), ...errorResponses(400, 401) },
        }),
        async (c) =>
          c.json(await service.listBuildings(c.get('db'), c.req.valid('param').id, c.req.valid('query')), 200),
      )
      // Households.
      .openapi(
        createRoute({
          method: 'post',
          path: '/communities/{id}/households',
          tags: ['places'],
          summary: 'Add a household (户); its building is made when missing (community staff)',
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams, body: jsonBody(createHouseholdSchema) },
          responses: { 201: jsonResponse(householdSchema, 'Added'), ...errorResponses(400, 401, 403, 404, 409) },
        }),
        async (c) =>
          c.json(
            await service.createHousehold(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
            201,
          ),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/communities/{id}/households/import',
          tags: ['places'],
          summary:
            'Add households from a 楼栋,单元,房号,面积 table (text/csv, or JSON {csv}); good rows kept, existing skipped, bad rows reported by line',
          security: bearerSecurity,
          middleware: [staffOnly],
          request: {
            params: idParams,
            body: {
              content: {
                'text/csv': { schema: z.string() },
                'text/plain': { schema: z.string() },
                'application/json': { schema: importHouseholdsJsonSchema },
              },
              required: false,
            },
          },
          responses: { 200: jsonResponse(importResultSchema, 'Imported'), ...errorResponses(400, 401, 403, 404) },
        }),
        async (c) => {
          const type = c.req.header('content-type') ?? ''
          // text/csv as DESIGN says; JSON {csv} for clients that send only JSON (the mini-program's wrapper).
          const json = c.req.valid('json') as { csv?: string }
          const text = /^\s*text\/(csv|plain)\b/i.test(type) ? await c.req.text() : json.csv
          if (text === undefined) {
            throw AppError.validation([{ path: ['csv'], message: 'required' }], '请粘贴或选择要导入的表格')
          }
          return c.json(
            await service.importHouseholds(c.get('db'), clock, actorOf(c), c.req.valid('param').id, text),
            200,
          )
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/communities/{id}/households',
          tags: ['places'],
          summary: "A community's households by building, unit and room, optionally of one building (its staff)",
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams, query: householdListQuerySchema },
          responses: { 200: jsonResponse(pageSchema(householdSchema), 'Households'), ...errorResponses(400, 401, 403) },
        }),
        async (c) =>
          c.json(
            await service.listHouseholds(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query')),
            200,
          ),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/households/{id}/code',
          tags: ['places'],
          summary: "The code printed on the household's door card (staff of its community); each reading is audited",
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams },
          responses: { 200: jsonResponse(doorCodeSchema, 'The code'), ...errorResponses(400, 401, 403, 404) },
        }),
        async (c) => c.json(await service.readDoorCode(c.get('db'), clock, actorOf(c), c.req.valid('param').id), 200),
      )
      // Organisations that handle problems.
      .openapi(
        createRoute({
          method: 'post',
          path: '/communities/{id}/orgs',
          tags: ['places'],
          summary: 'Add an organisation that handles problems (居委会, 物业, 业委会, 职能部门) (community staff)',
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams, body: jsonBody(createOrgSchema) },
          responses: { 201: jsonResponse(orgSchema, 'Added'), ...errorResponses(400, 401, 403, 404, 409) },
        }),
        async (c) =>
          c.json(
            await service.createOrg(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
            201,
          ),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/communities/{id}/orgs',
          tags: ['places'],
          summary: "A community's organisations, by name (its staff)",
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams, query: pageQuerySchema },
          responses: { 200: jsonResponse(pageSchema(orgSchema), 'Organisations'), ...errorResponses(400, 401, 403) },
        }),
        async (c) =>
          c.json(await service.listOrgs(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
      )
      // Invites.
      .openapi(
        createRoute({
          method: 'post',
          path: '/communities/{id}/invites',
          tags: ['invites'],
          summary: 'A one-use code that makes its taker staff, a grid worker, a building head or a handler here',
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams, body: jsonBody(createCommunityInviteSchema) },
          responses: { 201: jsonResponse(inviteSchema, 'The invite'), ...errorResponses(400, 401, 403, 404) },
        }),
        async (c) =>
          c.json(
            await service.inviteToCommunity(
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
          method: 'post',
          path: '/streets/{id}/invites',
          tags: ['invites'],
          summary: "A one-use code that makes its taker one of the street's staff (the admin)",
          security: bearerSecurity,
          middleware: [adminOnly],
          request: { params: idParams, body: jsonBody(createStreetInviteSchema) },
          responses: { 201: jsonResponse(inviteSchema, 'The invite'), ...errorResponses(400, 401, 403, 404) },
        }),
        async (c) =>
          c.json(
            await service.inviteToStreet(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
            201,
          ),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/invites/accept',
          tags: ['invites'],
          summary:
            'Take an invite (case and spaces ignored) and hold its role; grid workers and building heads give realName and phone',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { body: jsonBody(acceptInviteSchema) },
          responses: {
            200: jsonResponse(acceptedInviteSchema, 'The role is held'),
            ...errorResponses(400, 401, 404, 409),
          },
        }),
        async (c) => c.json(await service.acceptInvite(c.get('db'), clock, actorOf(c), c.req.valid('json')), 200),
      )
  )
}
