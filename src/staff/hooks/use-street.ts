import { useCallback, useMemo, useState } from 'react'
import { useAsync } from '@/hooks/use-async'
import { useMe } from '@/hooks/use-session'
import { toApiError } from '@/services/http'
import { listStreets } from '@/services/places'
import { getStreetStats, streetExportPath } from '@/services/reports'
import type { StreetDto } from '@/shared/places'
import { shanghaiDate } from '@/shared/stations'
import type { StreetFigure } from '@/shared/street'
import { downloadCsv } from '../utils/download'
import { presetPeriod, type PeriodPreset } from '../utils/period'

/** The presets the street's view offers (whole periods; no custom dates on a phone-sized table). */
export const STREET_PRESETS = ['this_month', 'last_month', 'last_30_days', 'this_year'] as const
export type StreetPreset = (typeof STREET_PRESETS)[number] & PeriodPreset

/**
 * The street's view: the streets the user may see (their own as street staff; every street for the admin), the
 * chosen street and period, its table, the figure the chart shows, and the CSV export.
 */
export function useStreet() {
  const me = useMe()
  const isAdmin = me.me?.role === 'admin'
  const streetIds = useMemo(() => me.me?.streetIds ?? [], [me.me])
  const list = useAsync(() => listStreets(), [me.me?.id], Boolean(me.me))
  const streets: StreetDto[] = useMemo(() => {
    const all = list.data?.items ?? []
    return isAdmin ? all : all.filter((s) => streetIds.includes(s.id))
  }, [list.data, isAdmin, streetIds])
  const [chosen, setChosen] = useState<string | null>(null)
  const street = streets.find((s) => s.id === chosen) ?? streets[0] ?? null

  const today = useMemo(() => shanghaiDate(new Date()), [])
  const [preset, setPreset] = useState<StreetPreset>('this_month')
  const period = useMemo(() => presetPeriod(preset, today), [preset, today])
  const stats = useAsync(
    () => getStreetStats(street!.id, period),
    [street?.id, period.from, period.to],
    street !== null,
  )
  const [figure, setFigure] = useState<StreetFigure>('volunteerHours')

  const [exporting, setExporting] = useState(false)
  const [notice, setNotice] = useState<{ tone: 'done' | 'error'; text: string } | null>(null)
  const exportCsv = useCallback(async () => {
    if (!street || exporting) return
    setExporting(true)
    setNotice(null)
    const fileName = `街道统计_${street.name}_${period.from}至${period.to}.csv`
    try {
      const outcome = await downloadCsv(streetExportPath(street.id, period), fileName)
      setNotice({
        tone: 'done',
        text: outcome.kind === 'cannot-open' ? `已下载 ${fileName}，请在电脑上用 Excel 打开` : `已导出 ${fileName}`,
      })
    } catch (e) {
      setNotice({ tone: 'error', text: toApiError(e).message })
    } finally {
      setExporting(false)
    }
  }, [street, period, exporting])

  const reload = useCallback(async () => {
    await Promise.all([me.reload(), list.reload(), street ? stats.reload() : Promise.resolve()])
  }, [me, list, stats, street])

  return {
    loading: me.loading || (list.loading && !list.data),
    error: me.error ?? list.error,
    /** Street staff or the admin: everyone else is told the page is not for them. */
    allowed: isAdmin || streetIds.length > 0,
    streets,
    street,
    chooseStreet: setChosen,
    preset,
    setPreset,
    period,
    stats,
    figure,
    setFigure,
    exporting,
    notice,
    exportCsv,
    reload,
  }
}
