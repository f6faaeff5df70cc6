import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { FilterChips } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { ROUTES } from '@/routes'
import type { StreetCommunityRowDto } from '@/shared/street'
import { StreetChart } from '../../components/street-chart'
import { StreetTable } from '../../components/street-table'
import { STREET_PRESETS, useStreet } from '../../hooks/use-street'
import { PERIOD_PRESET_LABELS } from '../../utils/period'
import './index.scss'

const PRESET_CHIPS = STREET_PRESETS.map((p) => ({ value: p, label: PERIOD_PRESET_LABELS[p] }))

/** The street's view: its communities side by side, a chart of one figure, the CSV, and each community's figures. */
export default function StreetPage() {
  const street = useStreet()
  const { stats, period } = street
  usePullRefresh(street.reload)
  const openCommunity = (row: StreetCommunityRowDto) =>
    void Taro.navigateTo({
      url: `${ROUTES.staffDashboard}?communityId=${row.communityId}&from=${period.from}&to=${period.to}&readonly=1`,
    }).catch(() => undefined)

  return (
    <PageShell>
      <PageHeader title="街道数据" lead="各社区的认证居民、心愿、志愿时长、预约、问题办理和议事参与，并排比较" />
      <AsyncContent loading={street.loading} error={street.error} onRetry={() => void street.reload()}>
        {!street.allowed ? (
          <EmptyState icon="!" title="这里只对街道工作人员开放" description="如需开通，请联系平台管理员。" />
        ) : !street.street ? (
          <EmptyState icon="街" title="还没有街道" description="请联系平台管理员添加街道。" />
        ) : (
          <View>
            {street.streets.length > 1 ? (
              <FilterChips
                chips={street.streets.map((s) => ({ value: s.id, label: s.name }))}
                value={street.street.id}
                onChange={street.chooseStreet}
              />
            ) : null}
            <FilterChips chips={PRESET_CHIPS} value={street.preset} onChange={street.setPreset} />
            <View className="street__period">
              {street.street.name} · {period.from} 至 {period.to}
            </View>
            <AsyncContent
              loading={stats.loading && !stats.data}
              error={stats.error}
              onRetry={() => void stats.reload()}
              loadingText="正在统计各社区，请稍候…"
            >
              {!stats.data ? null : stats.data.communities.length === 0 ? (
                <EmptyState
                  icon="社"
                  title="这个街道还没有社区"
                  description="添加社区后，这里会并排显示各社区的数据。"
                />
              ) : (
                <View>
                  <Section title="各社区对比">
                    <View className="street__hint">左右滑动看更多列；点社区名称查看它的详细数据。</View>
                    <StreetTable rows={stats.data.communities} onOpen={openCommunity} />
                  </Section>
                  <Section title="图表">
                    <StreetChart rows={stats.data.communities} figure={street.figure} onFigure={street.setFigure} />
                  </Section>
                  <Section title="导出">
                    <View className="street__hint">导出为 Excel 可以打开的 CSV 表格，每个社区一行。</View>
                    <ActionButton block loading={street.exporting} onClick={() => void street.exportCsv()}>
                      导出表格
                    </ActionButton>
                    {street.notice ? (
                      <View
                        className={`street__notice street__notice--${street.notice.tone}`}
                        role={street.notice.tone === 'error' ? 'alert' : 'status'}
                      >
                        {street.notice.text}
                      </View>
                    ) : null}
                  </Section>
                </View>
              )}
            </AsyncContent>
          </View>
        )}
      </AsyncContent>
    </PageShell>
  )
}
