import { useCallback, useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { BookingCard, WaitlistCard } from '@/components/booking-card'
import { FilterChips, type Chip } from '@/components/filter-chips'
import { PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { useBookingActions, useMyBookings, useMyWaitlist, type BookingScope } from '@/hooks/use-stations'
import { goToStations } from '@/utils/navigation'
import { control } from '@/components/aria'
import './index.scss'

const TABS: Chip<BookingScope>[] = [
  { value: 'upcoming', label: '待使用' },
  { value: 'past', label: '历史' },
]

export default function MyBookingsPage() {
  const [scope, setScope] = useState<BookingScope>('upcoming')
  const upcoming = scope === 'upcoming'
  const list = useMyBookings(scope)
  const waitlist = useMyWaitlist(upcoming)

  const { reload: reloadList } = list
  const { reload: reloadWaitlist } = waitlist
  const reload = useCallback(async () => {
    await Promise.all([reloadList(), upcoming ? reloadWaitlist() : null])
  }, [reloadList, reloadWaitlist, upcoming])
  const actions = useBookingActions(reload)

  usePullRefresh(reload)
  // Back on the page: a waitlist place may have turned into a booking meanwhile.
  useReloadOnReturn(reload)

  const waiting = upcoming ? waitlist.items.filter((w) => w.status === 'waiting') : []

  return (
    <PageShell>
      <FilterChips chips={TABS} value={scope} onChange={setScope} />
      {/* Upcoming ones are at most three: the footer shows only when there is more to load. */}
      <PagedListView
        list={list}
        renderItem={(booking) => (
          <BookingCard
            key={booking.id}
            booking={booking}
            upcoming={upcoming}
            busy={actions.busy === booking.id}
            error={actions.errors[booking.id]}
            onCancel={() => void actions.cancel(booking)}
          />
        )}
        empty={
          // The waitlist below may still have places: then the page is not empty.
          waiting.length === 0 ? (
            <EmptyState
              icon="约"
              title={upcoming ? '没有待使用的预约' : '还没有预约记录'}
              description={upcoming ? '在驿站选一个时段，预约后签到码会显示在这里。' : '用过或取消的预约会显示在这里。'}
            >
              {upcoming ? (
                <ActionButton className="state__action" onClick={goToStations}>
                  去驿站预约
                </ActionButton>
              ) : null}
            </EmptyState>
          ) : null
        }
      >
        {waiting.length > 0 ? (
          <View className="my-bookings-page__waitlist">
            <View className="my-bookings-page__heading">候补中</View>
            {waiting.map((entry) => (
              <WaitlistCard
                key={entry.id}
                entry={entry}
                busy={actions.busy === entry.id}
                error={actions.errors[entry.id]}
                onLeave={() => void actions.leave(entry)}
              />
            ))}
          </View>
        ) : null}
        {upcoming && waitlist.error ? (
          <View className="state__more" {...control()} onClick={() => void waitlist.reload()}>
            候补名单没有加载出来：{waitlist.error.message}（点这里重试）
          </View>
        ) : null}
      </PagedListView>
    </PageShell>
  )
}
