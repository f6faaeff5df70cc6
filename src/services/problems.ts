import type { Page } from '@/shared/api'
import type {
  CreateProblemInput,
  OrgDto,
  ProblemDetailDto,
  ProblemEventDto,
  ProblemListQuery,
  ProblemStatsDto,
  ProblemSummaryDto,
  Satisfaction,
} from '@/shared/problems'
import { http } from './http'

/** 问题反馈 API calls: one function per endpoint. Writes take the action's Idempotency-Key. */

const problemPath = (id: string, action?: string) =>
  `/api/problems/${encodeURIComponent(id)}${action ? `/${action}` : ''}`

export type ProblemQuery = Omit<ProblemListQuery, 'limit' | 'mine' | 'escalated'> & {
  limit?: number
  mine?: boolean
  escalated?: boolean
}

export function listProblems(query: ProblemQuery): Promise<Page<ProblemSummaryDto>> {
  return http.get<Page<ProblemSummaryDto>>('/api/problems', { query: { ...query } })
}

export function createProblem(input: CreateProblemInput, idempotencyKey?: string): Promise<ProblemDetailDto> {
  return http.post<ProblemDetailDto>('/api/problems', input, { idempotencyKey })
}

export function getProblem(id: string): Promise<ProblemDetailDto> {
  return http.get<ProblemDetailDto>(problemPath(id))
}

export function listProblemEvents(id: string): Promise<{ items: ProblemEventDto[] }> {
  return http.get<{ items: ProblemEventDto[] }>(problemPath(id, 'events'))
}

export function handlerQueue(query: { cursor?: string; limit?: number }): Promise<Page<ProblemSummaryDto>> {
  return http.get<Page<ProblemSummaryDto>>('/api/handler/queue', { query: { ...query } })
}

export function listProblemOrgs(communityId: string): Promise<{ items: OrgDto[] }> {
  return http.get<{ items: OrgDto[] }>(`/api/communities/${encodeURIComponent(communityId)}/problem-orgs`)
}

export function getProblemStats(communityId: string, period: { from: string; to: string }): Promise<ProblemStatsDto> {
  return http.get<ProblemStatsDto>(`/api/communities/${encodeURIComponent(communityId)}/problem-stats`, {
    query: { ...period },
  })
}

/** What each action of the detail page sends. */
export type ProblemActionBody =
  | { action: 'assign'; orgId: string; dueAt?: string }
  | { action: 'accept' }
  | { action: 'return'; reason: string }
  | { action: 'resolve'; result: string; photoIds?: string[] }
  | { action: 'rate'; satisfaction: Satisfaction; comment?: string }
  | { action: 'escalate'; reason: string }

export function actOnProblem(id: string, body: ProblemActionBody, idempotencyKey?: string) {
  const { action, ...rest } = body
  return http.post<ProblemDetailDto>(problemPath(id, action), rest, { idempotencyKey })
}
