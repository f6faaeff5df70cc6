import { View } from '@tarojs/components'
import { useRouter, useShareAppMessage } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { ROUTES } from '@/routes'
import { NOTICE_KIND_LABELS } from '@/shared/notices'
import type { MeanFigure } from '@/shared/ratings'
import { isEmptyReport, monthLabel, type MonthReportDto } from '@/shared/reports'
import { formatDateTime } from '@/utils/format'
import { goToMe } from '@/utils/navigation'
import { rateText } from '@/utils/problem'
import { MonthSwitcher } from '../../components/month-switcher'
import { ReportFigures } from '../../components/report-figures'
import { useMonthReport } from '../../hooks/use-month-report'
import './index.scss'

const yuan = (n: number) => `${n.toLocaleString('zh-CN')}元`

/** A mean of 1–5 scores as a figure: the score out of 5 and how many gave one, or a dash when nobody did. */
const meanFigure = (f: MeanFigure) =>
  f.mean === null
    ? { value: '—', hint: '本月还没有评分' }
    : { value: f.mean.toFixed(1), unit: '分', hint: `满分5分，共${f.count}个评分` }

/** A list of what was decided or done, one item per line with its facts under it. */
function Items({ items }: { items: { key: string; title: string; lines: string[] }[] }) {
  return (
    <View className="report__items" role="list">
      {items.map((item) => (
        <View key={item.key} className="report__item" role="listitem">
          <View className="report__item-title">{item.title}</View>
          {item.lines.map((line) => (
            <View key={line} className="report__item-line">
              {line}
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}

/** The month's figures and decisions, section by section (nothing personal: figures and titles only). */
function Report({ r }: { r: MonthReportDto }) {
  const { wishes, volunteerHours: hours, bookings, problems, activities, topics, budgets } = r
  return (
    <View>
      <Section title="微心愿与志愿服务">
        <ReportFigures
          figures={[
            { label: '新发布心愿', value: String(wishes.posted), unit: '个' },
            { label: '完成心愿', value: String(wishes.completed), unit: '个', hint: '居民确认完成的' },
            {
              label: '志愿服务',
              value: String(hours.total),
              unit: '小时',
              hint: `心愿 ${hours.fromWishes} 小时，活动岗位 ${hours.fromActivities} 小时`,
            },
            { label: '参与志愿者', value: String(hours.volunteers), unit: '人' },
          ]}
        />
      </Section>
      <Section title="驿站预约">
        <ReportFigures
          figures={[
            { label: '预约', value: String(bookings.booked), unit: '次' },
            { label: '到场', value: String(bookings.checkedIn), unit: '次' },
            { label: '预约未到', value: String(bookings.noShows), unit: '次', hint: '没来也没取消的' },
          ]}
        />
      </Section>
      <Section title="问题反馈">
        <ReportFigures
          figures={[
            { label: '收到问题', value: String(problems.received), unit: '件' },
            { label: '已办结', value: String(problems.resolved), unit: '件' },
            {
              label: '按时办结',
              value: String(problems.resolvedOnTime),
              unit: '件',
              hint: `按时办结率 ${rateText(problems.onTimeRate)}`,
            },
            { label: '满意率', value: rateText(problems.satisfactionRate), hint: '满意和基本满意，未评价的不计入' },
          ]}
        />
      </Section>
      <Section title="议事协商">
        {topics.decided.length === 0 && topics.voted.length === 0 ? (
          <View className="report__none">这个月没有议题投票，也没有公布处理结果。</View>
        ) : null}
        {topics.decided.length > 0 ? (
          <View>
            <View className="report__subhead">公布的处理结果</View>
            <Items
              items={topics.decided.map((t) => ({
                key: t.topicId,
                title: t.title,
                lines: [t.outcome, `公布于 ${formatDateTime(t.outcomeAt)}`],
              }))}
            />
          </View>
        ) : null}
        {topics.voted.length > 0 ? (
          <View>
            <View className="report__subhead">投票的议题</View>
            <Items
              items={topics.voted.map((t) => ({
                key: t.topicId,
                title: t.title,
                lines: [`${t.ballots} 人投票，可投票 ${t.eligible} 人，参与率 ${rateText(t.turnout)}`],
              }))}
            />
          </View>
        ) : null}
      </Section>
      <Section title="社区活动">
        <ReportFigures
          figures={[
            { label: '举办活动', value: String(activities.held), unit: '场' },
            { label: '报名', value: String(activities.signedUp), unit: '人' },
            { label: '签到', value: String(activities.checkedIn), unit: '人' },
          ]}
        />
        {activities.list.length > 0 ? (
          <Items
            items={activities.list.map((a) => ({
              key: a.activityId,
              title: a.title,
              lines: [`${formatDateTime(a.startsAt)} · 报名 ${a.signedUp} 人，签到 ${a.checkedIn} 人`],
            }))}
          />
        ) : null}
      </Section>
      <Section title="社区微实事">
        {budgets.length === 0 ? (
          <View className="report__none">这个月没有进行中的微实事，也没有新的支出。</View>
        ) : (
          <Items
            items={budgets.map((b) => ({
              key: b.budgetId,
              title: b.title,
              lines: [
                `资金 ${yuan(b.amount)}，本月支出 ${yuan(b.spentInMonth)}，累计支出 ${yuan(b.spentToDate)}`,
                b.selected.length > 0
                  ? `入选项目：${b.selected.map((s) => `${s.title}（${yuan(s.cost)}）`).join('、')}`
                  : '投票还没有结束，入选项目待公布',
              ],
            }))}
          />
        )}
      </Section>
      <Section title="公开栏">
        {r.notices.published === 0 ? (
          <View className="report__none">这个月没有发布公告。</View>
        ) : (
          <Items
            items={r.notices.list.map((n) => ({
              key: n.noticeId,
              title: n.title,
              lines: [
                `${NOTICE_KIND_LABELS[n.kind]} · ${formatDateTime(n.publishedAt)}${n.correctsId ? ' · 更正了之前的公告' : ''}`,
              ],
            }))}
          />
        )}
      </Section>
      <Section title="居民满意度">
        <ReportFigures
          figures={[
            { label: '驿站服务评分', ...meanFigure(r.satisfaction.bookings) },
            { label: '议题结果评分', ...meanFigure(r.satisfaction.topics) },
            { label: '心愿完成评分', ...meanFigure(r.satisfaction.wishes) },
            { label: '满意度测评', ...meanFigure(r.satisfaction.surveys) },
          ]}
        />
      </Section>
      <View className="report__share">点右上角「···」可以把本月报告分享给邻居</View>
    </View>
  )
}

/** 居务公开: a community's month in figures and decisions, for anyone signed in, shareable as a WeChat card. */
export default function MonthReportPage() {
  const params = useRouter().params
  const page = useMonthReport({ communityId: params.communityId, month: params.month })
  const { report } = page
  const name = report.data?.communityName ?? '社区'
  usePullRefresh(report.reload)
  // 分享卡片: the community and the month, opening the same month.
  useShareAppMessage(() => ({
    title: `${name}${monthLabel(page.month)}居务公开`,
    path: `${ROUTES.report}?communityId=${encodeURIComponent(page.communityId ?? '')}&month=${page.month}`,
  }))

  return (
    <PageShell>
      <PageHeader title={`${report.data ? name : '社区'}月报`} lead="每个月做了什么、定了什么，向全体居民公开" />
      {page.noCommunity ? (
        <EmptyState icon="社" title="您还没有选择社区" description="选好您住的社区，就能看到社区每个月的公开报告。">
          <ActionButton className="report__choose" onClick={goToMe}>
            去选择社区
          </ActionButton>
        </EmptyState>
      ) : (
        <View>
          <MonthSwitcher month={page.month} latest={page.latest} onPrevious={page.previous} onNext={page.next} />
          <AsyncContent
            loading={page.choosing || (report.loading && !report.data)}
            error={report.error}
            onRetry={() => void report.reload()}
            loadingText="正在统计这个月，请稍候…"
          >
            {report.data ? (
              isEmptyReport(report.data) ? (
                <EmptyState
                  icon="○"
                  title={`${monthLabel(page.month)}还没有记录`}
                  description="这个月社区还没有心愿、预约、议事、问题反馈或活动。看看上个月吧。"
                />
              ) : (
                <Report r={report.data} />
              )
            ) : null}
          </AsyncContent>
        </View>
      )}
    </PageShell>
  )
}
