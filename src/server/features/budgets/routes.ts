import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { pageQuerySchema, pageSchema } from '../../../shared/api'
import {
  ballotReplySchema,
  budgetBallotSchema,
  budgetDetailSchema,
  budgetResultsSchema,
  budgetSummarySchema,
  createBudgetSchema,
  createExpenseSchema,
  createProgressSchema,
  createProposalSchema,
  expenseSchema,
  progressUpdateSchema,
  proposalPageSchema,
  proposalSchema,
  reviewProposalSchema,
} from '../../../shared/budgets'
import { actorOf, signedIn, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

const idParams = z.object({ id: z.uuid() })
const writeErrors = errorResponses(400, 401, 403, 404, 409, 422)

/** 社区微实事: budgets, proposals and their review, ballots, results, and the spending and progress of the winners. */
export function budgetsRoutes(deps: Deps) {
  const { clock, uploadUrls } = deps
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/communities/{id}/budgets',
        tags: ['budgets'],
        summary: 'Staff of the community open a budget with its proposal and voting windows',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: idParams, body: jsonBody(createBudgetSchema) },
        responses: { 201: jsonResponse(budgetDetailSchema, 'The budget'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.createBudget(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/communities/{id}/budgets',
        tags: ['budgets'],
        summary: "A community's budgets, newest first",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, query: pageQuerySchema },
        responses: {
          200: jsonResponse(pageSchema(budgetSummarySchema), 'Budgets'),
          ...errorResponses(400, 401),
        },
      }),
      async (c) =>
        c.json(await service.listBudgets(c.get('db'), clock, c.req.valid('param').id, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/budgets/{id}',
        tags: ['budgets'],
        summary: 'One budget with its proposals; after voting the selected projects with spending and progress',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams },
        responses: { 200: jsonResponse(budgetDetailSchema, 'The budget'), ...errorResponses(400, 401, 404) },
      }),
      async (c) =>
        c.json(await service.getBudget(c.get('db'), clock, uploadUrls, actorOf(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/budgets/{id}/proposals',
        tags: ['budgets'],
        summary: 'A verified member proposes a project in the proposal window; it waits for review',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, body: jsonBody(createProposalSchema) },
        responses: { 201: jsonResponse(proposalSchema, 'The proposal, pending review'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.createProposal(
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
        path: '/proposals/{id}',
        tags: ['budgets'],
        summary: 'One proposal with its budget: feasible ones to anyone signed in, others to their proposer and staff',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams },
        responses: { 200: jsonResponse(proposalPageSchema, 'The proposal'), ...errorResponses(400, 401, 404) },
      }),
      async (c) =>
        c.json(await service.getProposal(c.get('db'), clock, uploadUrls, actorOf(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/proposals/{id}/review',
        tags: ['budgets'],
        summary: "Staff find a proposal feasible (with staff's cost) or reject it with a reason, before voting opens",
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: idParams, body: jsonBody(reviewProposalSchema) },
        responses: { 200: jsonResponse(proposalSchema, 'The proposal after review'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.reviewProposal(
            c.get('db'),
            clock,
            uploadUrls,
            actorOf(c),
            c.req.valid('param').id,
            c.req.valid('json'),
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/budgets/{id}/ballot',
        tags: ['budgets'],
        summary: "A verified member's ballot (their household's, per household): feasible projects within the amount",
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams, body: jsonBody(budgetBallotSchema) },
        responses: { 200: jsonResponse(ballotReplySchema, 'The ballot'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.castBallot(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/budgets/{id}/results',
        tags: ['budgets'],
        summary: 'Votes, cost and selection with the reason per proposal: staff any time, everyone after close',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams },
        responses: { 200: jsonResponse(budgetResultsSchema, 'The results'), ...errorResponses(400, 401, 403, 404) },
      }),
      async (c) => c.json(await service.getResults(c.get('db'), clock, actorOf(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/proposals/{id}/expenses',
        tags: ['budgets'],
        summary: 'Staff record spending on a selected project (a correction is a negative entry)',
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: idParams, body: jsonBody(createExpenseSchema) },
        responses: { 201: jsonResponse(expenseSchema, 'The expense'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.addExpense(
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
        method: 'post',
        path: '/proposals/{id}/updates',
        tags: ['budgets'],
        summary: "Staff record a selected project's progress",
        security: bearerSecurity,
        middleware: [staffOnly],
        request: { params: idParams, body: jsonBody(createProgressSchema) },
        responses: { 201: jsonResponse(progressUpdateSchema, 'The update'), ...writeErrors },
      }),
      async (c) =>
        c.json(
          await service.addUpdate(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
          201,
        ),
    )
}
