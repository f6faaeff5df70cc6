import { useCallback, useMemo, useState } from 'react'
import { useAsync } from '@/hooks/use-async'
import { toApiError } from '@/services/http'
import { getStats } from '@/services/workbench'
import { shanghaiDate } from '@/shared/stations'
import type { ExportKind, PeriodQuery, StatsDto } from '@/shared/workbench'
import type { CommunityDto } from '@/shared/identity'
import { exportFileName } from '../utils/dashboard'
import { downloadExport, type ExportOutcome } from '../utils/download'
import { periodProblem, presetPeriod, type Period, type PeriodPreset } from '../utils/period'
import type { StaffScope } from './use-staff-scope'

/** What a link may say the page should show first (the web link the weapp copies carries these). */
export interface DashboardParams {
  communityId?: string
  from?: string
  to?: string
}

/** The result of the last export, shown under the list. */
export type ExportNotice =
  | { tone: 'error'; exportKind: ExportKind; message: string }
  | ({ tone: 'done'; exportKind: ExportKind } & ExportOutcome)

export interface Dashboard {
  today: string
  community: CommunityDto | null
  chooseCommunity: (id: string) => void
  preset: PeriodPreset
  choosePreset: (preset: PeriodPreset) => void
  period: Period
  setFrom: (date: string) => void
  setTo: (date: string) => void
  /** Why the chosen custom period cannot be asked for; null when it can. */
  problem: string | null
  /** The query of the figures and the exports; null while there is no community or the period is wrong. */
  query: PeriodQuery | null
  stats: StatsDto | undefined
  loading: boolean
  error: ReturnType<typeof useAsync>['error']
  reload: () => Promise<void>
  exporting: ExportKind | null
  notice: ExportNotice | null
  dismissNotice: () => void
  exportCsv: (kind: ExportKind) => Promise<void>
}

/** The dashboard's choices (community, period), its figures, and its CSV exports. */
export function useDashboard(scope: StaffScope, params: DashboardParams): Dashboard {
  const today = useMemo(() => shanghaiDate(new Date()), [])
  const linked = params.from && params.to ? { from: params.from, to: params.to } : null
  const linkedOk = linked !== null && periodProblem(linked) === null

  const [communityChoice, setCommunityChoice] = useState<string | null>(params.communityId ?? null)
  const community = scope.communities.find((c) => c.id === communityChoice) ?? scope.communities[0] ?? null
  const [preset, setPreset] = useState<PeriodPreset>(linkedOk ? 'custom' : 'this_month')
  const [custom, setCustom] = useState<Period>(linkedOk ? linked : presetPeriod('this_month', today))
  const period = preset === 'custom' ? custom : presetPeriod(preset, today)
  const problem = periodProblem(period)
  const query = useMemo<PeriodQuery | null>(
    () => (community && !problem ? { communityId: community.id, from: period.from, to: period.to } : null),
    [community, problem, period.from, period.to],
  )

  const stats = useAsync(() => getStats(query!), [query?.communityId, query?.from, query?.to], query !== null)

  const [exporting, setExporting] = useState<ExportKind | null>(null)
  const [notice, setNotice] = useState<ExportNotice | null>(null)

  const chooseCommunity = useCallback((id: string) => {
    setCommunityChoice(id)
    setNotice(null)
  }, [])

  const choosePreset = useCallback(
    (next: PeriodPreset) => {
      // 自定义 starts from the days shown, so only the end that needs changing is changed.
      if (next === 'custom') setCustom(period)
      setPreset(next)
      setNotice(null)
    },
    [period],
  )

  const setFrom = useCallback((from: string) => setCustom((p) => ({ ...p, from })), [])
  const setTo = useCallback((to: string) => setCustom((p) => ({ ...p, to })), [])

  const exportCsv = useCallback(
    async (kind: ExportKind) => {
      if (!query || !community || exporting) return
      setExporting(kind)
      setNotice(null)
      try {
        const outcome = await downloadExport(kind, query, exportFileName(community.name, kind, query))
        setNotice({ tone: 'done', exportKind: kind, ...outcome })
      } catch (e) {
        setNotice({ tone: 'error', exportKind: kind, message: toApiError(e).message })
      } finally {
        setExporting(null)
      }
    },
    [query, community, exporting],
  )

  return {
    today,
    community,
    chooseCommunity,
    preset,
    choosePreset,
    period,
    setFrom,
    setTo,
    problem,
    query,
    stats: stats.data,
    loading: stats.loading,
    error: stats.error,
    reload: stats.reload,
    exporting,
    notice,
    dismissNotice: () => setNotice(null),
    exportCsv,
  }
}
