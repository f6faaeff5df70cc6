import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { choice } from '@/components/aria'
import { Card, CardHead } from '@/components/card'
import { InfoRow } from '@/components/info-row'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section, Tag } from '@/components/section'
import { EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import type { ActivitySummaryDto } from '@/shared/activities'
import { StaffOnly } from '../../components/staff-only'
import { useActivityManage } from '../../hooks/use-activity-manage'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { openActivityCheckIn, openActivityNew } from '../../utils/navigation'
import './index.scss'

const when = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000)
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${d.toISOString().slice(11, 16)}`
}

function Row({ a, onOpen, opened }: { a: ActivitySummaryDto; onOpen: () => void; opened: boolean }) {
  return (
    <Card gap="list" highlight={opened} hoverClass="card--pressed" onClick={onOpen} className="activity-manage__row">
      <CardHead
        title={a.title}
        tag={a.status === 'completed' ? <Tag tone="success">已完成</Tag> : <Tag>{when(a.startsAt)}</Tag>}
      />
      <View className="activity-manage__meta">
        报名 {a.seatsTaken}
        {a.capacity === null ? '人' : `/${a.capacity}人`} · 岗位空缺 {a.postsLeft}
      </View>
    </Card>
  )
}

/** 活动管理: each activity's sign-ups and posts; after it has started, 登记完成 records the present holders' hours. */
export default function ActivityManagePage() {
  const scope = useStaffScope()
  const m = useActivityManage(scope.communities[0]?.id ?? '')
  usePullRefresh(m.reload)
  const open = m.open
  const canComplete = open?.actions.includes('complete') ?? false
  const list = [...(m.upcoming.data?.items ?? []), ...(m.past.data?.items ?? [])]
  return (
    <PageShell>
      <PageHeader title="活动管理" lead="查看报名和岗位，活动开始后登记完成、记录志愿时长" />
      <StaffOnly scope={scope}>
        <View className="activity-manage__buttons">
          <ActionButton block onClick={openActivityNew}>
            发布活动
          </ActionButton>
          <ActionButton block variant="secondary" onClick={openActivityCheckIn}>
            活动签到
          </ActionButton>
        </View>
        {list.length === 0 && !m.upcoming.loading ? (
          <EmptyState icon="活" title="还没有活动" description="点上面的按钮发布第一个活动。" />
        ) : null}
        {list.map((a) => (
          <View key={a.id}>
            <Row a={a} opened={open?.id === a.id} onOpen={() => void m.select(a.id)} />
            {open?.id === a.id ? (
              <Section title="岗位与志愿者">
                <InfoRow label="报名">
                  {open.seatsTaken}人{open.capacity === null ? '（不限名额）' : `，名额${open.capacity}人`}
                </InfoRow>
                {open.posts.length === 0 ? <View className="activity-manage__hint">这个活动没有志愿岗位。</View> : null}
                {open.posts.map((post) => (
                  <View key={post.id} className="activity-manage__post">
                    <View className="activity-manage__post-name">
                      {post.name} {post.taken}/{post.count}人 · {post.hours}小时
                    </View>
                    {post.holders.map((h) => {
                      const isAbsent = h.absent || m.absent.includes(h.volunteerId)
                      return canComplete ? (
                        <View
                          key={h.volunteerId}
                          className={
                            isAbsent
                              ? 'activity-manage__holder activity-manage__holder--absent'
                              : 'activity-manage__holder'
                          }
                          {...choice('checkbox', isAbsent, `${h.name}缺席`)}
                          onClick={() => m.toggleAbsent(h.volunteerId)}
                        >
                          {isAbsent ? '☑ 缺席' : '☐ 缺席'} · {h.name}
                        </View>
                      ) : (
                        <View key={h.volunteerId} className="activity-manage__holder">
                          {h.name}
                          {h.absent ? '（缺席，未记时长）' : open.status === 'completed' ? '（已记时长）' : ''}
                        </View>
                      )
                    })}
                  </View>
                ))}
                {m.error ? (
                  <View className="activity-manage__error" role="alert">
                    {m.error}
                  </View>
                ) : null}
                {canComplete ? (
                  <ActionButton block loading={m.busy} onClick={() => void m.complete()}>
                    登记完成，记录志愿时长
                  </ActionButton>
                ) : open.status === 'published' ? (
                  <View className="activity-manage__hint">活动开始后可以登记完成。</View>
                ) : null}
              </Section>
            ) : null}
          </View>
        ))}
      </StaffOnly>
    </PageShell>
  )
}
