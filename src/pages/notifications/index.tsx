import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { Card } from '@/components/card'
import { PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { EmptyState } from '@/components/state-views'
import { useInbox } from '@/hooks/use-notifications'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import type { NotificationDto } from '@/shared/notifications'
import { formatAge, targetOf } from '@/utils/notification'
import './index.scss'

export default function NotificationsPage() {
  const { list, isRead, markRead, markAll, markingAll, unread } = useInbox()
  usePullRefresh(list.reload)
  const now = new Date()

  const open = (n: NotificationDto) => {
    markRead(n)
    const url = targetOf(n)
    if (url) void Taro.navigateTo({ url }).catch(() => undefined)
  }

  return (
    <PageShell>
      <PagedListView
        list={list}
        head={
          unread > 0 ? (
            <View className="inbox__head">
              <View className="inbox__count">{unread}条未读</View>
              <ActionButton small variant="plain" loading={markingAll} onClick={() => void markAll()}>
                全部标为已读
              </ActionButton>
            </View>
          ) : null
        }
        renderItem={(n) => {
          const read = isRead(n)
          return (
            <Card
              key={n.id}
              className={read ? 'inbox__item' : 'inbox__item inbox__item--unread'}
              gap="row"
              highlight={!read}
              onClick={() => open(n)}
            >
              <View className="inbox__title">
                {read ? null : <View className="inbox__dot" />}
                {n.title}
              </View>
              <View className="inbox__body">{n.body}</View>
              <View className="inbox__meta">
                {formatAge(n.createdAt, now)}
                {targetOf(n) ? <View className="inbox__open">查看 ›</View> : null}
              </View>
            </Card>
          )
        }}
        empty={
          <EmptyState
            icon="信"
            title="还没有消息"
            description="心愿有人认领、预约有变化、议题公布结果时，会在这里告诉您。"
          />
        }
      />
    </PageShell>
  )
}
