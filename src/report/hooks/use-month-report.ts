import { useState } from 'react'
import { useAsync } from '@/hooks/use-async'
import { useMe } from '@/hooks/use-session'
import { getMonthReport } from '@/services/reports'
import { isId } from '@/shared/api'
import { monthSchema, shiftMonth } from '@/shared/reports'
import { shanghaiDate } from '@/shared/stations'

/** This month in Asia/Shanghai, `YYYY-MM`. */
export const thisMonth = () => shanghaiDate(new Date()).slice(0, 7)

/**
 * The month page's state: the community (the link's, else the user's), the month (the link's when it is one, else
 * this month) with the way back and forth, and the report.
 */
export function useMonthReport(params: { communityId?: string; month?: string }) {
  const me = useMe()
  const communityId = params.communityId ?? me.me?.membership?.communityId ?? me.me?.communityId ?? null
  const latest = thisMonth()
  const linked = params.month && monthSchema.safeParse(params.month).success ? params.month : null
  const [month, setMonth] = useState(linked && linked <= latest ? linked : latest)
  const ready = communityId !== null && isId(communityId)
  const report = useAsync(() => getMonthReport(communityId!, month), [communityId, month], ready)
  return {
    communityId,
    /** Still finding out which community (the profile is loading). */
    choosing: !params.communityId && me.loading,
    noCommunity: !params.communityId && !me.loading && !communityId,
    month,
    latest,
    previous: () => setMonth((m) => shiftMonth(m, -1)),
    next: () => setMonth((m) => (m < latest ? shiftMonth(m, 1) : m)),
    report,
  }
}
