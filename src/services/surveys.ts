import type { Page } from '@/shared/api'
import type { MyResponseDto, SurveyDetailDto, SurveyResultsDto, SurveySummaryDto } from '@/shared/surveys'
import { http } from './http'

/** 群众满意度测评 API calls: one function per endpoint. Writes take the action's Idempotency-Key. */

const surveyPath = (id: string, action?: string) =>
  `/api/surveys/${encodeURIComponent(id)}${action ? `/${action}` : ''}`

export interface CreateSurveyInput {
  title: string
  items: { text: string }[]
  opensAt: string
  closesAt: string
}

export function listSurveys(communityId: string, cursor?: string): Promise<Page<SurveySummaryDto>> {
  return http.get<Page<SurveySummaryDto>>(`/api/communities/${encodeURIComponent(communityId)}/surveys`, {
    query: { cursor },
  })
}

export function createSurvey(communityId: string, input: CreateSurveyInput, idempotencyKey?: string) {
  return http.post<SurveyDetailDto>(`/api/communities/${encodeURIComponent(communityId)}/surveys`, input, {
    idempotencyKey,
  })
}

export function getSurvey(id: string): Promise<SurveyDetailDto> {
  return http.get<SurveyDetailDto>(surveyPath(id))
}

export function answerSurvey(id: string, body: { scores: number[]; comment?: string }, idempotencyKey?: string) {
  return http.put<MyResponseDto>(surveyPath(id, 'response'), body, { idempotencyKey })
}

export function getSurveyResults(id: string): Promise<SurveyResultsDto> {
  return http.get<SurveyResultsDto>(surveyPath(id, 'results'))
}
