import type { Page } from '@/shared/api'
import type {
  AuditEntryDto,
  AuditQuery,
  ExportKind,
  PeriodQuery,
  QueuePageDto,
  QueueQuery,
  StatsDto,
  WordListDto,
  WordsInput,
} from '@/shared/workbench'
import { http } from './http'

/** The staff workbench's API calls (issue #6). */

/** A page of a list: `limit` and the `cursor` of the page before. */
type Paging = { limit?: number; cursor?: string }

/** Everything waiting for the staff member, oldest first, with counts per kind. */
export function getQueue(query: Omit<QueueQuery, 'limit'> & Paging = {}): Promise<QueuePageDto> {
  return http.get<QueuePageDto>('/api/staff/queue', { query: { ...query } })
}

export function getStats(query: PeriodQuery): Promise<StatsDto> {
  return http.get<StatsDto>('/api/staff/stats', { query: { ...query } })
}

/** The path of a CSV export, for a download (the token goes in the Authorization header). */
export function exportPath(kind: ExportKind, query: PeriodQuery): string {
  const params = new URLSearchParams({ communityId: query.communityId, from: query.from, to: query.to })
  return `/api/staff/export/${kind}.csv?${params.toString()}`
}

export function listAudit(query: Omit<AuditQuery, 'limit'> & Paging = {}): Promise<Page<AuditEntryDto>> {
  return http.get<Page<AuditEntryDto>>('/api/audit', { query: { ...query } })
}

/** The sensitive words of a community (kept by its staff), or the platform's (the admin's) when null. */
const wordsPath = (communityId: string | null) =>
  communityId ? `/api/communities/${encodeURIComponent(communityId)}/words` : '/api/admin/words'

export function getWords(communityId: string | null): Promise<WordListDto> {
  return http.get<WordListDto>(wordsPath(communityId))
}

export function saveWords(
  communityId: string | null,
  input: WordsInput,
  idempotencyKey?: string,
): Promise<WordListDto> {
  return http.put<WordListDto>(wordsPath(communityId), input, { idempotencyKey })
}
