import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Section } from '@/components/section'
import { AsyncContent } from '@/components/state-views'
import { useAsync } from '@/hooks/use-async'
import { toApiError } from '@/services/http'
import { getProblemStats } from '@/services/problems'
import { ORG_KIND_LABELS } from '@/shared/problems'
import type { PeriodQuery } from '@/shared/workbench'
import { hoursText, rateText } from '@/utils/problem'
import { DashboardFigures } from '../dashboard-figures'
import { downloadCsv } from '../../utils/download'
import './index.scss'

/**
 * 问题反馈 on the dashboard: the community's figures for the period, per organisation, and the CSV export (not when
 * the street opens the dashboard read-only).
 */
export function ProblemStats({ query, readOnly = false }: { query: PeriodQuery; readOnly?: boolean }) {
  const stats = useAsync(
    () => getProblemStats(query.communityId, { from: query.from, to: query.to }),
    [query.communityId, query.from, query.to],
  )
  const [exporting, setExporting] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const exportCsv = async () => {
    setExporting(true)
    setNotice(null)
    try {
      const fileName = `问题反馈_${query.from}至${query.to}.csv`
      const path = `/api/communities/${encodeURIComponent(query.communityId)}/problems.csv?from=${query.from}&to=${query.to}`
      const outcome = await downloadCsv(path, fileName)
      setNotice(outcome.kind === 'cannot-open' ? `已下载 ${fileName}，请在电脑上打开` : `已导出 ${fileName}`)
    } catch (e) {
      setNotice(toApiError(e).message)
    } finally {
      setExporting(false)
    }
  }
  const s = stats.data
  return (
    <Section title="问题反馈">
      <AsyncContent loading={stats.loading && !s} error={stats.error} onRetry={() => void stats.reload()}>
        {s ? (
          <View>
            <DashboardFigures
              figures={[
                { label: '收到问题', value: String(s.received), unit: '件' },
                { label: '已办结', value: String(s.resolved), unit: '件' },
                { label: '按时办结率', value: rateText(s.onTimeRate), hint: '办结的问题中在时限内办结的' },
                { label: '满意率', value: rateText(s.satisfactionRate), hint: '满意和基本满意，未评价的不计入' },
                { label: '办结用时', value: hoursText(s.medianHoursToResolve), hint: '一半的问题在这么久内办结' },
              ]}
            />
            {s.byOrg.map((o) => (
              <View key={o.orgId} className="problem-stats__org">
                {o.name}（{ORG_KIND_LABELS[o.kind]}）：分派{o.assigned}件，办结{o.resolved}件，按时
                {rateText(o.onTimeRate)}，满意{rateText(o.satisfactionRate)}
              </View>
            ))}
          </View>
        ) : null}
      </AsyncContent>
      {readOnly ? null : (
        <ActionButton block variant="secondary" loading={exporting} onClick={() => void exportCsv()}>
          导出问题反馈表格
        </ActionButton>
      )}
      {notice ? <View className="problem-stats__notice">{notice}</View> : null}
    </Section>
  )
}
