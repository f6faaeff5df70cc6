import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { ActivitiesEntry } from '@/components/activities-entry'
import { CommunityCard } from '@/components/community-card'
import { ElderModeCard } from '@/components/elder-mode-card'
import { PageShell } from '@/components/page-shell'
import { ProfileCard } from '@/components/profile-card'
import { Section, Tag } from '@/components/section'
import { AsyncContent } from '@/components/state-views'
import { VolunteerCard } from '@/components/volunteer-card'
import { MyWishesCard } from '@/components/my-wishes-card'
import { MyBookingsCard } from '@/components/my-bookings-card'
import { InboxCard } from '@/components/inbox-card'
import { NeighbourhoodCard } from '@/components/neighbourhood-card'
import { useAsync } from '@/hooks/use-async'
import { useMyProfile } from '@/hooks/use-profile'
import { useMyWishes } from '@/hooks/use-wishes'
import { useUnreadCount } from '@/hooks/use-notifications'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { useUpcomingBookings } from '@/hooks/use-stations'
import { getMyParty } from '@/services/contacts'
import { getQueue } from '@/services/workbench'
import { ROUTES } from '@/routes'
import { openInviteAccept, openNotices, openStaffWorkbench } from '@/utils/navigation'
import { openMembership } from '@/utils/membership'
import { MEMBERSHIP_STATUS_LABELS } from '@/shared/memberships'
import './index.scss'

const openPage = (url: string) => void Taro.navigateTo({ url }).catch(() => undefined)

export default function MePage() {
  const { me, communities, elderMode, isStaff, loading, error, reload, logOut } = useMyProfile()
  const mine = useMyWishes(me)
  const bookings = useUpcomingBookings(me?.id ?? null)
  const unread = useUnreadCount(me?.id ?? null)
  // Staff: how many things wait for them (the 待办 of the workbench), as a badge on its entry.
  const queue = useAsync(() => getQueue({ limit: 1 }), [me?.id], isStaff)
  const waiting = queue.data?.total
  // 楼道联系牌 and 党员报到 are for verified residents.
  const member = me?.membership?.status === 'verified'
  const party = useAsync(getMyParty, [me?.id], member)
  usePullRefresh(async () => {
    await reload()
    await Promise.all([
      mine.reload(),
      bookings.reload(),
      unread.reload(),
      isStaff && queue.reload(),
      member && party.reload(),
    ])
  })
  // Back from booking, cancelling or reading messages elsewhere: show them as they are now.
  useReloadOnReturn(
    () => Promise.all([bookings.reload(), unread.reload(), isStaff && queue.reload(), member && party.reload()]),
    Boolean(me),
  )

  return (
    <PageShell>
      <AsyncContent loading={loading} error={error} onRetry={() => void reload()}>
        {me ? (
          <View>
            <ProfileCard me={me} />
            <InboxCard unread={unread} />
            <CommunityCard key={me.communityId ?? 'none'} me={me} communities={communities} />
            <ElderModeCard elderMode={elderMode} />
            <Section
              title="住户认证"
              extra={
                <Tag tone={me.membership?.status === 'verified' ? 'success' : 'warning'}>
                  {me.membership ? MEMBERSHIP_STATUS_LABELS[me.membership.status] : '未认证'}
                </Tag>
              }
            >
              <View className="me__staff-desc">
                {me.membership?.status === 'verified'
                  ? '您是认证住户，可以发布心愿、参与议事和投票'
                  : '认证为社区住户后，才能发布心愿、参与议事和投票'}
              </View>
              <ActionButton block variant="secondary" onClick={openMembership}>
                {me.membership ? '查看认证' : '去认证'}
              </ActionButton>
            </Section>
            {member ? <NeighbourhoodCard party={party} /> : null}
            <VolunteerCard me={me} />
            <MyBookingsCard upcoming={bookings} />
            <MyWishesCard mine={mine} />
            <ActivitiesEntry />
            <Section title="问题反馈">
              <View className="me__staff-desc">小区里的问题告诉社区，限时办理，办完请您评价</View>
              <ActionButton block variant="secondary" onClick={() => openPage(ROUTES.problems)}>
                {me.handlerOrgIds.length > 0 ? '问题反馈' : '反映问题'}
              </ActionButton>
              {me.handlerOrgIds.length > 0 ? (
                <ActionButton block className="me__handler" onClick={() => openPage(ROUTES.handlerQueue)}>
                  待我处理的问题
                </ActionButton>
              ) : null}
            </Section>
            <Section title="公开栏">
              <View className="me__staff-desc">社区的通知、居务、财务和结果公示，公示期内可以提意见</View>
              <ActionButton block variant="secondary" onClick={() => openNotices()}>
                查看公开栏
              </ActionButton>
            </Section>
            <Section title="满意度测评">
              <View className="me__staff-desc">为社区的工作打分，测评结束后结果向全体居民公开</View>
              <ActionButton block variant="secondary" onClick={() => openPage(ROUTES.surveys)}>
                参与满意度测评
              </ActionButton>
            </Section>
            {isStaff ? (
              <Section title="社区工作台" extra={waiting ? <Tag tone="danger">{waiting}项待办</Tag> : null}>
                <View className="me__staff-desc">审核志愿者申请和居民心愿等待办事项</View>
                <ActionButton block onClick={openStaffWorkbench}>
                  进入工作台
                </ActionButton>
              </Section>
            ) : null}
            <ActionButton block variant="secondary" className="me__invite" onClick={openInviteAccept}>
              输入邀请码
            </ActionButton>
            <ActionButton block variant="plain" className="me__logout" onClick={logOut}>
              退出登录
            </ActionButton>
          </View>
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
