import { useCallback, useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ApplicationCard, ReviewCard } from '@/components/application-card'
import { PageHeader, PageShell } from '@/components/page-shell'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { useMe } from '@/hooks/use-session'
import { ROUTES } from '@/routes'
import { WISH_CATEGORY_LABELS } from '@/shared/wishes'
import { formatDateTime } from '@/utils/format'
import { callPhone, openStaffNotices, openWish } from '@/utils/navigation'
import { EntryLinks, type Entry } from '../../components/entry-links'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { useTopicWorkload } from '../../hooks/use-staff-topics'
import { useVolunteerReview } from '../../hooks/use-volunteer-review'
import { useWishReview } from '../../hooks/use-wish-review'
import { useQueueTotal } from '../../hooks/use-workbench'
import {
  openActivityCheckIn,
  openActivityManage,
  openActivityNew,
  openCheckIn,
  openStationBookings,
  openStationManage,
} from '../../utils/navigation'
import { openCommentReports, openTopicManage, openTopicReview } from '../../utils/topic-navigation'
import { control } from '@/components/aria'
import './index.scss'

/** The pending wishes of the staff member's community, each with 通过 / 不通过. */
function WishQueue({ review }: { review: ReturnType<typeof useWishReview> }) {
  if (!review.hasCommunity) return null
  return (
    <View className="workbench__group">
      <View className="workbench__heading">待审核的心愿</View>
      <AsyncContent loading={review.loading} error={review.error} onRetry={() => void review.reload()}>
        {review.items.length === 0 ? (
          <View className="workbench__none">暂时没有待审核的心愿。</View>
        ) : (
          review.items.map((wish) => (
            <ReviewCard
              key={wish.id}
              busy={review.busy === wish.id}
              error={review.errors[wish.id]}
              onApprove={() => void review.approve(wish.id)}
              onReject={(reason) => review.reject(wish.id, reason)}
              reasonHint="发布心愿的居民会看到这段话"
              reasonPlaceholder="例如：超出志愿服务范围"
            >
              <View className="application__head" {...control()} onClick={() => openWish(wish.id)}>
                <View className="application__name">{wish.title}</View>
              </View>
              <View className="application__line">
                {WISH_CATEGORY_LABELS[wish.category]} · {wish.ownerName}
              </View>
              <View className="application__line application__line--soft">发布于 {formatDateTime(wish.createdAt)}</View>
              <View className="application__line workbench__link" {...control()} onClick={() => openWish(wish.id)}>
                查看详情 ›
              </View>
            </ReviewCard>
          ))
        )}
      </AsyncContent>
    </View>
  )
}

/** 驿站: the station pages, check-in first since a resident is waiting at the desk for it. */
const STATION_ENTRIES: readonly Entry[] = [
  { icon: '签', title: '签到', description: '扫居民的签到码，或输入8位数字', onClick: openCheckIn },
  { icon: '站', title: '驿站管理', description: '驿站信息、服务时段、闭站安排', onClick: () => openStationManage() },
  { icon: '约', title: '今日预约', description: '按时段查看预约名单，到站签到', onClick: () => openStationBookings() },
]

const MEMBERSHIP_ENTRIES: readonly Entry[] = [
  {
    icon: '认',
    title: '认证审核',
    description: '核实居民填写的楼栋房号，通过后才能发布、评论和投票',
    onClick: () => void Taro.navigateTo({ url: ROUTES.staffMemberships }),
  },
]

const ACTIVITY_ENTRIES: readonly Entry[] = [
  { icon: '发', title: '发布活动', description: '时间、地点、名额、报名截止和志愿岗位', onClick: openActivityNew },
  { icon: '活', title: '活动管理', description: '报名和岗位情况，活动结束后登记完成', onClick: openActivityManage },
  { icon: '到', title: '活动签到', description: '扫居民的活动签到码，或输入8位数字', onClick: openActivityCheckIn },
]

/** 问题反馈 (接诉即办): assign what residents reported, follow what is late or escalated; the 公开栏 to publish. */
const PROBLEM_ENTRIES: readonly Entry[] = [
  {
    icon: '办',
    title: '问题反馈',
    description: '分派居民反映的问题，查看超期和上报街道的',
    onClick: () => void Taro.navigateTo({ url: ROUTES.staffProblems }).catch(() => undefined),
  },
  {
    icon: '公',
    title: '公开栏',
    description: '发布通知、居务和财务公开，答复居民意见，更正公告',
    onClick: () => openStaffNotices(),
  },
  {
    icon: '评',
    title: '满意度测评',
    description: '发起群众满意度测评，查看各项得分',
    onClick: () => void Taro.navigateTo({ url: ROUTES.staffSurveys }).catch(() => undefined),
  },
]

/** 社区微实事: open a round; a round's page leads to reviewing its proposals and recording its spending. */
const BUDGET_ENTRIES: readonly Entry[] = [
  {
    icon: '资',
    title: '发起微实事',
    description: '资金总额、征集和投票时间、计票方式',
    onClick: () => void Taro.navigateTo({ url: ROUTES.staffBudgetNew }).catch(() => undefined),
  },
  {
    icon: '实',
    title: '微实事管理',
    description: '审核居民提的项目，入选后记支出和进度',
    onClick: () => void Taro.navigateTo({ url: ROUTES.budgets }).catch(() => undefined),
  },
]

/** A count in words, or what the line is for while the count is unknown. */
const counted = (n: string | null, some: (n: string) => string, none: string, unknown: string) =>
  n === null ? unknown : n === '0' ? none : some(n)

/** 议事协商: what waits for a decision first (topics to review, reported comments), then the open topics. */
function topicEntries(work: ReturnType<typeof useTopicWorkload>): Entry[] {
  return [
    {
      icon: '审',
      title: '审核议题',
      description: counted(
        work.pending,
        (n) => `${n} 个议题等待审核`,
        '暂时没有待审核的议题',
        '设置投票选项和时间后公开',
      ),
      onClick: () => openTopicReview(),
    },
    {
      icon: '举',
      title: '举报处理',
      description: counted(
        work.reported,
        (n) => `${n} 条被举报的评论等待处理`,
        '没有待处理的举报',
        '居民举报的评论，保持隐藏或恢复显示',
      ),
      onClick: openCommentReports,
    },
    {
      icon: '议',
      title: '议题管理',
      description: counted(
        work.open,
        (n) => `${n} 个议题进行中；结束投票、公布结果和进展`,
        '结束投票、公布处理结果和办理进展',
        '结束投票、公布处理结果和办理进展',
      ),
      onClick: () => openTopicManage(),
    },
  ]
}

const go = (url: string) => () => void Taro.navigateTo({ url }).catch(() => undefined)

/** 待办 first: everything waiting, in one list, with how many. */
const queueEntry = (total: number | null): Entry => ({
  icon: '办',
  title: '待办',
  description: counted(
    total === null ? null : String(total),
    (n) => `${n} 项等待处理，等得最久的排在最前面`,
    '暂时没有待办事项',
    '心愿、议题、举报和志愿者申请，一起按先后处理',
  ),
  onClick: go(ROUTES.staffQueue),
})

/** 代办: residents without WeChat, and the party registrations to confirm. */
const residentsEntry: Entry = {
  icon: '代',
  title: '代办与党员报到',
  description: '为没有微信的居民登记、代发心愿、代约服务；确认党员报到',
  onClick: go(ROUTES.staffResidents),
}
/** 小区与人员: the community's places and households, and invites that name its staff, grid workers and others. */
const PLACE_ENTRIES: Entry[] = [
  {
    icon: '区',
    title: '小区管理',
    description: '网格、楼栋和住户，可批量导入住户表格',
    onClick: go(ROUTES.staffPlaces),
  },
  {
    icon: '邀',
    title: '邀请',
    description: '生成邀请码：社区工作人员、网格员、楼栋长、问题办理人',
    onClick: go(ROUTES.staffInvites),
  },
]

/** 街道: the street's communities side by side, for street staff and the admin. */
const streetEntry: Entry = {
  icon: '街',
  title: '街道数据',
  description: '各社区并排比较：认证居民、心愿、志愿时长、预约、问题办理、议事参与，可导出表格',
  onClick: go(ROUTES.staffStreet),
}

/** 记录与设置: the figures, the audit log and the sensitive words (the platform's for the admin, else the community's). */
const recordEntries = (isAdmin: boolean): Entry[] => [
  {
    icon: '统',
    title: '数据统计',
    description: '心愿、志愿服务时长、驿站预约和议事参与，可导出表格',
    onClick: go(ROUTES.staffDashboard),
  },
  { icon: '记', title: '操作记录', description: '谁在什么时候审核、修改、处理了什么', onClick: go(ROUTES.staffAudit) },
  {
    icon: '词',
    title: '敏感词',
    description: isAdmin
      ? '平台词表：所有社区发布内容时拦截的词语，保存后立即生效'
      : '本社区要拦截的词语，在平台词表之外添加，保存后立即生效',
    onClick: go(ROUTES.staffWords),
  },
]

export default function WorkbenchPage() {
  // A decision taken here (通过 / 不通过 inline) changes the 待办 count at once (issue #18: it stayed stale).
  const [decisions, setDecisions] = useState(0)
  const decided = useCallback(() => setDecisions((n) => n + 1), [])
  const review = useVolunteerReview(decided)
  const { me } = useMe()
  const wishes = useWishReview(review.allowed ? me : null, decided)
  const scope = useStaffScope()
  const topics = useTopicWorkload(scope.communities, scope.allowed && scope.communities.length > 0)
  const queue = useQueueTotal(review.allowed, decisions)
  const refresh = async () => {
    await Promise.all([review.reload(), wishes.reload(), topics.reload(), queue.reload()])
  }
  usePullRefresh(refresh)
  // Back from where an item was dealt with (a wish's page, the review forms, 待办): every count and list again.
  useReloadOnReturn(refresh, review.allowed)

  return (
    <PageShell>
      <PageHeader title="社区工作台" lead="驿站签到和管理，议事协商，待审核的志愿者申请和居民心愿" />
      <AsyncContent loading={review.loading} error={review.error} onRetry={() => void review.reload()}>
        {!review.allowed ? (
          <EmptyState icon="!" title="这里只对社区工作人员开放" description="如需开通，请联系街道管理员。" />
        ) : (
          <View>
            <EntryLinks entries={[queueEntry(queue.total), residentsEntry]} />
            <View className="workbench__heading">驿站</View>
            <EntryLinks entries={STATION_ENTRIES} />
            <View className="workbench__heading">社区活动</View>
            <EntryLinks entries={ACTIVITY_ENTRIES} />
            <View className="workbench__heading">议事协商</View>
            <EntryLinks entries={topicEntries(topics)} />
            <View className="workbench__heading">住户认证</View>
            <EntryLinks entries={MEMBERSHIP_ENTRIES} />
            <View className="workbench__heading">问题反馈与满意度</View>
            <EntryLinks entries={PROBLEM_ENTRIES} />
            <View className="workbench__heading">社区微实事</View>
            <EntryLinks entries={BUDGET_ENTRIES} />
            <View className="workbench__heading">待审核的志愿者申请</View>
            {review.items.length === 0 ? (
              <EmptyState
                icon="✓"
                title="暂时没有待审核的申请"
                description="有新的志愿者申请时会出现在这里，下拉可以刷新。"
              />
            ) : (
              review.items.map((application) => (
                <ApplicationCard
                  key={application.userId}
                  application={application}
                  busy={review.busy === application.userId}
                  error={review.errors[application.userId]}
                  onApprove={() => void review.approve(application.userId)}
                  onReject={(reason) => review.reject(application.userId, reason)}
                  onCall={() => callPhone(application.phone)}
                />
              ))
            )}
            <WishQueue review={wishes} />
            <View className="workbench__heading workbench__group">小区与人员</View>
            <EntryLinks entries={PLACE_ENTRIES} />
            <View className="workbench__heading workbench__group">记录与设置</View>
            <EntryLinks
              entries={[
                ...(me?.role === 'admin' || (me?.streetIds.length ?? 0) > 0 ? [streetEntry] : []),
                ...recordEntries(me?.role === 'admin'),
              ]}
            />
          </View>
        )}
      </AsyncContent>
    </PageShell>
  )
}
