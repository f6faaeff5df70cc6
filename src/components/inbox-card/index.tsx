import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { AsyncState } from '@/hooks/use-async'
import { ROUTES } from '@/routes'
import { ActionButton } from '../action-button'
import { Section, Tag } from '../section'
import './index.scss'

const openInbox = () => void Taro.navigateTo({ url: ROUTES.notifications }).catch(() => undefined)

/** 我的: the way to 消息, with how many wait unread. */
export function InboxCard({ unread }: { unread: AsyncState<number> }) {
  const count = unread.data ?? 0
  return (
    <Section title="消息" extra={count > 0 ? <Tag tone="danger">{count}条未读</Tag> : null}>
      <View className="inbox-card__note">
        {unread.error
          ? '消息暂时没有加载出来，点下面的按钮再看看。'
          : count > 0
            ? '有新的消息：心愿、预约或议题有了新进展。'
            : '心愿、预约和议题有新进展时，会在这里告诉您。'}
      </View>
      <ActionButton block variant={count > 0 ? 'primary' : 'secondary'} onClick={openInbox}>
        查看消息
      </ActionButton>
    </Section>
  )
}
