import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { pageQuerySchema, pageSchema } from '../../../shared/api'
import {
  ballotResultSchema,
  ballotSchema,
  commentSchema,
  commentThreadSchema,
  createCommentSchema,
  createTopicSchema,
  moderateCommentSchema,
  outcomeSchema,
  progressUpdateSchema,
  reportCommentSchema,
  reportResultSchema,
  reportedCommentSchema,
  reportedCommentsQuerySchema,
  reviewTopicSchema,
  topicBuildingSchema,
  topicDetailSchema,
  topicEventSchema,
  topicListQuerySchema,
  topicResultsSchema,
  topicSummarySchema,
} from '../../../shared/topics'
import { actorOf, signedIn, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

const idParams = z.object({ id: z.uuid() })
const topicReply = { 200: jsonResponse(topicDetailSchema, 'The topic after the change') }
const writeErrors = errorResponses(400, 401, 403, 404, 409, 422)

/** 议事协商: propose, review, discuss, vote, close, publish the outcome and its progress, the public timeline. */
export function topicsRoutes(deps: Deps) {
  const { clock } = deps

  /** A staff decision on a topic: the same shape, each with its own body. */
  const staffAction = <B extends z.ZodType>(action: string, summary: string, body: B) =>
    createRoute({
      method: 'post',
      path: `/topics/{id}/${action}`,
      tags: ['topics'],
      summary,
      security: bearerSecurity,
      middleware: [staffOnly],
      request: { params: idParams, body: jsonBody(body) },
      responses: { ...topicReply, ...writeErrors },
    })

  /** Staff hide or restore a comment, with a reason. */
  const moderation = (action: 'hide' | 'restore', summary: string) =>
    createRoute({
      method: 'post',
      path: `/comments/{id}/${action}`,
      tags: ['topics'],
      summary,
      security: bearerSecurity,
      middleware: [staffOnly],
      request: { params: idParams, body: jsonBody(moderateCommentSchema) },
      responses: { 200: jsonResponse(commentSchema, 'The comment after the decision'), ...writeErrors },
    })

  return (
    createRouter()
      .openapi(
        createRoute({
          method: 'post',
          path: '/topics',
          tags: ['topics'],
          summary: 'A resident proposes a topic (pending review); staff may open it at once with `opening`',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { body: jsonBody(createTopicSchema) },
          responses: { 201: jsonResponse(topicDetailSchema, 'Proposed or opened'), ...writeErrors },
        }),
        async (c) => c.json(await service.createTopic(c.get('db'), clock, actorOf(c), c.req.valid('json')), 201),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/topics',
          tags: ['topics'],
          summary: "Topics of a community (default: the user's), newest first",
          security: bearerSecurity,
          middleware: [signedIn],
          request: { query: topicListQuerySchema },
          responses: {
            200: jsonResponse(pageSchema(topicSummarySchema), 'Topics'),
            ...errorResponses(400, 401, 403, 409),
          },
        }),
        async (c) => c.json(await service.listTopics(c.get('db'), clock, actorOf(c), c.req.valid('query')), 200),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/topics/{id}',
          tags: ['topics'],
          summary: 'One topic with its options, my ballot, outcome and progress',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { params: idParams },
          responses: { 200: jsonResponse(topicDetailSchema, 'The topic'), ...errorResponses(400, 401, 404) },
        }),
        async (c) => c.json(await service.getTopic(c.get('db'), clock, actorOf(c), c.req.valid('param').id), 200),
      )
      .openapi(
        staffAction('review', 'Staff approve (options, window, visibility) or reject with a reason', reviewTopicSchema),
        async (c) =>
          c.json(
            await service.reviewTopic(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
            200,
          ),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/topics/{id}/buildings',
          tags: ['topics'],
          summary: "Staff: the buildings of the topic's community, with their households, to choose who votes",
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams },
          responses: {
            200: jsonResponse(z.object({ items: z.array(topicBuildingSchema) }), 'The buildings, by name'),
            ...errorResponses(400, 401, 403, 404),
          },
        }),
        async (c) =>
          c.json({ items: await service.listTopicBuildings(c.get('db'), actorOf(c), c.req.valid('param').id) }, 200),
      )
      .openapi(
        createRoute({
          method: 'put',
          path: '/topics/{id}/ballot',
          tags: ['topics'],
          summary: 'A resident of the community votes, or changes the vote, within the voting window',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { params: idParams, body: jsonBody(ballotSchema) },
          responses: { 200: jsonResponse(ballotResultSchema, 'The ballot'), ...writeErrors },
        }),
        async (c) =>
          c.json(
            await service.castBallot(
              c.get('db'),
              clock,
              actorOf(c),
              c.req.valid('param').id,
              c.req.valid('json').optionIds,
            ),
            200,
          ),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/topics/{id}/results',
          tags: ['topics'],
          summary: 'Counts per option and turnout; an after_close topic shows them to residents only once closed',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { params: idParams },
          responses: { 200: jsonResponse(topicResultsSchema, 'The tally'), ...errorResponses(400, 401, 403, 404) },
        }),
        async (c) => c.json(await service.getResults(c.get('db'), actorOf(c), c.req.valid('param').id), 200),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/topics/{id}/comments',
          tags: ['topics'],
          summary: 'Comment on an open topic, or reply to a top-level comment',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { params: idParams, body: jsonBody(createCommentSchema) },
          responses: { 201: jsonResponse(commentSchema, 'Posted'), ...writeErrors },
        }),
        async (c) =>
          c.json(
            await service.addComment(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
            201,
          ),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/topics/{id}/comments',
          tags: ['topics'],
          summary: 'Top-level comments, oldest first, each with its replies',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { params: idParams, query: pageQuerySchema },
          responses: {
            200: jsonResponse(pageSchema(commentThreadSchema), 'Comments'),
            ...errorResponses(400, 401, 404),
          },
        }),
        async (c) =>
          c.json(
            await service.listComments(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query')),
            200,
          ),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/comments/{id}/reports',
          tags: ['topics'],
          summary: 'A resident reports a comment; 3 reports from different residents hide it until staff decide',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { params: idParams, body: jsonBody(reportCommentSchema) },
          responses: { 201: jsonResponse(reportResultSchema, 'Reported'), ...writeErrors },
        }),
        async (c) =>
          c.json(
            await service.reportComment(
              c.get('db'),
              clock,
              actorOf(c),
              c.req.valid('param').id,
              c.req.valid('json').reason,
            ),
            201,
          ),
      )
      // Declared before the `/comments/{id}/…` routes; its path has no `{id}` segment to take "reported" for one.
      .openapi(
        createRoute({
          method: 'get',
          path: '/comments/reported',
          tags: ['topics'],
          summary: "Staff: reported comments not yet decided in the staff member's communities, latest report first",
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { query: reportedCommentsQuerySchema },
          responses: {
            200: jsonResponse(pageSchema(reportedCommentSchema), 'Reported comments'),
            ...errorResponses(400, 401, 403),
          },
        }),
        async (c) => c.json(await service.listReportedComments(c.get('db'), actorOf(c), c.req.valid('query')), 200),
      )
      .openapi(moderation('hide', 'Staff hide a comment (or keep hidden one that reports hid)'), async (c) =>
        c.json(
          await service.moderateComment(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            true,
            c.req.valid('json').reason,
          ),
          200,
        ),
      )
      .openapi(moderation('restore', 'Staff restore a hidden comment'), async (c) =>
        c.json(
          await service.moderateComment(
            c.get('db'),
            clock,
            actorOf(c),
            c.req.valid('param').id,
            false,
            c.req.valid('json').reason,
          ),
          200,
        ),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/topics/{id}/close',
          tags: ['topics'],
          summary: 'Staff close voting; the tally is frozen',
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams },
          responses: { ...topicReply, ...writeErrors },
        }),
        async (c) => c.json(await service.closeTopic(c.get('db'), clock, actorOf(c), c.req.valid('param').id), 200),
      )
      .openapi(
        staffAction('outcome', 'Staff publish the outcome of a closed topic; participants are notified', outcomeSchema),
        async (c) =>
          c.json(
            await service.publishOutcome(
              c.get('db'),
              clock,
              actorOf(c),
              c.req.valid('param').id,
              c.req.valid('json').summary,
            ),
            200,
          ),
      )
      .openapi(
        staffAction(
          'updates',
          'Staff post progress (0–100 %) after the outcome; participants are notified',
          progressUpdateSchema,
        ),
        async (c) =>
          c.json(
            await service.postUpdate(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
            200,
          ),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/topics/{id}/timeline',
          tags: ['topics'],
          summary: 'Every staff decision on the topic, with who and when (居务公开)',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { params: idParams },
          responses: {
            200: jsonResponse(z.object({ items: z.array(topicEventSchema) }), 'Events, oldest first'),
            ...errorResponses(400, 401, 404),
          },
        }),
        async (c) =>
          c.json({ items: await service.listTimeline(c.get('db'), actorOf(c), c.req.valid('param').id) }, 200),
      )
  )
}
