import type { MonthReportDto } from '@/shared/reports'
import type { StreetStatsDto } from '@/shared/street'
import { http } from './http'

/** 居务公开 and the street's view: the API calls (issue #21). */

/** A community's month in figures and decisions. */
export function getMonthReport(communityId: string, month: string): Promise<MonthReportDto> {
  return http.get<MonthReportDto>(`/api/communities/${encodeURIComponent(communityId)}/report`, { query: { month } })
}

export interface StreetPeriod {
  from: string
  to: string
}

/** A street's communities side by side for a period. */
export function getStreetStats(streetId: string, period: StreetPeriod): Promise<StreetStatsDto> {
  return http.get<StreetStatsDto>(`/api/streets/${encodeURIComponent(streetId)}/stats`, { query: { ...period } })
}

/** The path of the street's CSV export, for a download (the token goes in the Authorization header). */
export function streetExportPath(streetId: string, period: StreetPeriod): string {
  const params = new URLSearchParams({ from: period.from, to: period.to })
  return `/api/streets/${encodeURIComponent(streetId)}/export.csv?${params.toString()}`
}
