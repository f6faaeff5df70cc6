import { Section } from '@/components/section'
import { AsyncContent } from '@/components/state-views'
import { useAsync } from '@/hooks/use-async'
import { getRatingFigures } from '@/services/ratings'
import type { MeanFigure } from '@/shared/ratings'
import type { PeriodQuery } from '@/shared/workbench'
import { DashboardFigures } from '../dashboard-figures'

/** A mean score in words: "4.25" (out of 5), or 暂无 when nobody rated. */
const meanText = (f: MeanFigure) => (f.mean === null ? '暂无' : f.mean.toFixed(2))
const countHint = (f: MeanFigure, what: string) => (f.count > 0 ? `${f.count}${what}，满分5分` : `没有${what}`)

/** 满意度 on the dashboard: the community's mean ratings of the period, where they were given. */
export function RatingMeans({ query }: { query: PeriodQuery }) {
  const figures = useAsync(
    () => getRatingFigures(query.communityId, { from: query.from, to: query.to }),
    [query.communityId, query.from, query.to],
  )
  const f = figures.data
  return (
    <Section title="群众满意度">
      <AsyncContent loading={figures.loading && !f} error={figures.error} onRetry={() => void figures.reload()}>
        {f ? (
          <DashboardFigures
            figures={[
              { label: '驿站服务', value: meanText(f.bookings), unit: '分', hint: countHint(f.bookings, '人次评价') },
              { label: '议事协商', value: meanText(f.topics), unit: '分', hint: countHint(f.topics, '人次评价') },
              {
                label: '微心愿',
                value: meanText(f.wishes),
                unit: '分',
                hint: countHint(f.wishes, '位居民评价（工作人员代确认的不计）'),
              },
              {
                label: '满意度测评',
                value: meanText(f.surveys),
                unit: '分',
                hint: countHint(f.surveys, '项评分（期内截止的测评）'),
              },
            ]}
          />
        ) : null}
      </AsyncContent>
    </Section>
  )
}
