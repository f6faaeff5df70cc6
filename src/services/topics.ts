import type { Page } from '@/shared/api'
import type {
  BallotResultDto,
  CommentDto,
  CommentThreadDto,
  CreateCommentInput,
  CreateTopicInput,
  ReportedCommentDto,
  ReportedCommentsQuery,
  ReviewTopicInput,
  TopicBuildingDto,
  TopicDetailDto,
  TopicEventDto,
  TopicListQuery,
  TopicResultsDto,
  TopicSummaryDto,
} from '@/shared/topics'
import { http } from './http'

/** 议事协商 API calls: one function per endpoint. Writes take the action's Idempotency-Key. */

const enc = encodeURIComponent

/** A page of a list: `limit` and the `cursor` of the page before. */
type Paging = { limit?: number; cursor?: string }

export function listTopics(query: Omit<TopicListQuery, 'limit'> & Paging = {}): Promise<Page<TopicSummaryDto>> {
  return http.get<Page<TopicSummaryDto>>('/api/topics', { query: { ...query } })
}

export function getTopic(id: string): Promise<TopicDetailDto> {
  return http.get<TopicDetailDto>(`/api/topics/${enc(id)}`)
}

/** A resident proposes a topic (waiting for review); staff may open it at once with `opening`. */
export function createTopic(input: CreateTopicInput, idempotencyKey?: string): Promise<TopicDetailDto> {
  return http.post<TopicDetailDto>('/api/topics', input, { idempotencyKey })
}

/** Staff: the buildings of the topic's community, to choose who votes. */
export function listTopicBuildings(id: string): Promise<{ items: TopicBuildingDto[] }> {
  return http.get<{ items: TopicBuildingDto[] }>(`/api/topics/${enc(id)}/buildings`)
}

export function castBallot(topicId: string, optionIds: string[], idempotencyKey?: string): Promise<BallotResultDto> {
  return http.put<BallotResultDto>(`/api/topics/${enc(topicId)}/ballot`, { optionIds }, { idempotencyKey })
}

/** Counts per option and turnout; 403 for a resident while an after_close topic is still open. */
export function getResults(topicId: string): Promise<TopicResultsDto> {
  return http.get<TopicResultsDto>(`/api/topics/${enc(topicId)}/results`)
}

export function listComments(topicId: string, query: Paging = {}): Promise<Page<CommentThreadDto>> {
  return http.get<Page<CommentThreadDto>>(`/api/topics/${enc(topicId)}/comments`, { query: { ...query } })
}

export function addComment(topicId: string, input: CreateCommentInput, idempotencyKey?: string) {
  return http.post<CommentDto>(`/api/topics/${enc(topicId)}/comments`, input, { idempotencyKey })
}

export function reportComment(commentId: string, reason: string, idempotencyKey?: string) {
  return http.post<{ commentId: string; reported: true }>(
    `/api/comments/${enc(commentId)}/reports`,
    { reason },
    { idempotencyKey },
  )
}

export function listTimeline(topicId: string): Promise<{ items: TopicEventDto[] }> {
  return http.get<{ items: TopicEventDto[] }>(`/api/topics/${enc(topicId)}/timeline`)
}

/* Staff */

export function reviewTopic(id: string, input: ReviewTopicInput, idempotencyKey?: string): Promise<TopicDetailDto> {
  return http.post<TopicDetailDto>(`/api/topics/${enc(id)}/review`, input, { idempotencyKey })
}

export function closeTopic(id: string, idempotencyKey?: string): Promise<TopicDetailDto> {
  return http.post<TopicDetailDto>(`/api/topics/${enc(id)}/close`, {}, { idempotencyKey })
}

export function publishOutcome(id: string, summary: string, idempotencyKey?: string): Promise<TopicDetailDto> {
  return http.post<TopicDetailDto>(`/api/topics/${enc(id)}/outcome`, { summary }, { idempotencyKey })
}

export function postProgress(id: string, input: { note: string; progress: number }, idempotencyKey?: string) {
  return http.post<TopicDetailDto>(`/api/topics/${enc(id)}/updates`, input, { idempotencyKey })
}

/** Comments residents reported in the staff member's communities, most recently reported first. */
export function listReportedComments(
  query: Omit<ReportedCommentsQuery, 'limit'> & Paging = {},
): Promise<Page<ReportedCommentDto>> {
  return http.get<Page<ReportedCommentDto>>('/api/comments/reported', { query: { ...query } })
}

export function hideComment(id: string, reason: string, idempotencyKey?: string): Promise<CommentDto> {
  return http.post<CommentDto>(`/api/comments/${enc(id)}/hide`, { reason }, { idempotencyKey })
}

export function restoreComment(id: string, reason: string, idempotencyKey?: string): Promise<CommentDto> {
  return http.post<CommentDto>(`/api/comments/${enc(id)}/restore`, { reason }, { idempotencyKey })
}
