import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import type { StatsDto } from '@/shared/workbench'
import { DashboardExports } from '../../components/dashboard-exports'
import { DashboardFigures } from '../../components/dashboard-figures'
import { StationBars, TopicBars } from '../../components/dashboard-bars'
import { DashboardPeriod } from '../../components/dashboard-period'
import { PartyParticipation } from '../../components/party-participation'
import { ProblemStats } from '../../components/problem-stats'
import { RatingMeans } from '../../components/rating-means'
import { StaffOnly } from '../../components/staff-only'
import { useDashboard, type Dashboard } from '../../hooks/use-dashboard'
import { useStaffScope, type StaffScope } from '../../hooks/use-staff-scope'
import { durationText, hoursPerVolunteer, hoursText, isEmptyStats } from '../../utils/dashboard'
import { PERIOD_PRESET_LABELS } from '../../utils/period'
import './index.scss'

/** The figures of one community and period: wishes, volunteer hours, stations, topics. */
function Figures({ stats }: { stats: StatsDto }) {
  const { wishes, volunteerHours, stations, topics } = stats
  const perVolunteer = hoursPerVolunteer(volunteerHours.total, volunteerHours.volunteers)
  return (
    <View>
      <Section title="微心愿">
        <DashboardFigures
          figures={[
            { label: '新发布', value: String(wishes.posted), unit: '个' },
            { label: '已完成', value: String(wishes.completed), unit: '个', hint: '居民确认完成的' },
            {
              label: '认领用时',
              value: durationText(wishes.medianHoursToClaim),
              hint: '一半的心愿在审核通过后这么久内有志愿者认领',
            },
            {
              label: '完成用时',
              value: durationText(wishes.medianHoursToComplete),
              hint: '一半的心愿在认领后这么久内完成，并经居民确认',
            },
          ]}
        />
      </Section>
      <Section title="志愿服务">
        <DashboardFigures
          figures={[
            { label: '服务时长', value: hoursText(volunteerHours.total), hint: '居民确认后记入的时长' },
            {
              label: '参与志愿者',
              value: String(volunteerHours.volunteers),
              unit: '人',
              hint: perVolunteer === null ? undefined : `平均每人 ${hoursText(perVolunteer)}`,
            },
          ]}
        />
      </Section>
      <Section title="驿站预约">
        {stations.length === 0 ? (
          <View className="dashboard__none">本社区还没有驿站。</View>
        ) : (
          <StationBars stations={stations} />
        )}
      </Section>
      <Section title="议事协商">
        {topics.length === 0 ? (
          <View className="dashboard__none">这段时间没有在投票的议题。</View>
        ) : (
          <TopicBars topics={topics} />
        )}
      </Section>
    </View>
  )
}

function DashboardBody({ scope, board, readOnly }: { scope: StaffScope; board: Dashboard; readOnly: boolean }) {
  const { community, stats } = board
  return (
    <View>
      <DashboardPeriod
        communities={readOnly && community ? [community] : scope.communities}
        communityId={community?.id ?? ''}
        onCommunity={board.chooseCommunity}
        preset={board.preset}
        onPreset={board.choosePreset}
        period={board.period}
        onFrom={board.setFrom}
        onTo={board.setTo}
        problem={board.problem}
      />
      {board.problem ? null : (
        <AsyncContent
          loading={board.loading}
          error={board.error}
          onRetry={() => void board.reload()}
          loadingText="正在统计，请稍候…"
        >
          {!stats ? null : isEmptyStats(stats) ? (
            <EmptyState
              icon="○"
              title={`${board.preset === 'custom' ? '这段时间' : PERIOD_PRESET_LABELS[board.preset]}还没有数据`}
              description="这段时间没有新的心愿、志愿服务、驿站预约或投票。换个时间段看看，比如「今年」。"
            />
          ) : (
            <Figures stats={stats} />
          )}
        </AsyncContent>
      )}
      {community ? <PartyParticipation communityId={community.id} /> : null}
      {board.query ? <ProblemStats query={board.query} readOnly={readOnly} /> : null}
      {board.query ? <RatingMeans query={board.query} /> : null}
      {readOnly ? null : (
        <Section title="导出表格">
          <DashboardExports
            query={board.query}
            exporting={board.exporting}
            notice={board.notice}
            onExport={(kind) => void board.exportCsv(kind)}
            onDismiss={board.dismissNotice}
          />
        </Section>
      )}
    </View>
  )
}

export default function DashboardPage() {
  const { communityId, from, to, readonly } = useRouter().params
  // Opened from the street's view: one community's figures to read, without its exports.
  const readOnly = readonly === '1'
  const scope = useStaffScope()
  const board = useDashboard(scope, { communityId, from, to })
  const { reload } = board
  usePullRefresh(async () => {
    await scope.reload()
    await reload()
  })

  return (
    <PageShell>
      <PageHeader
        title="数据统计"
        lead={
          readOnly
            ? '社区的心愿、志愿服务、驿站预约和议事参与情况（街道查看，只读）'
            : '社区的心愿、志愿服务、驿站预约和议事参与情况，可导出表格'
        }
      />
      <StaffOnly scope={scope}>
        <DashboardBody scope={scope} board={board} readOnly={readOnly} />
      </StaffOnly>
    </PageShell>
  )
}
