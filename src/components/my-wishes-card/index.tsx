import { View } from '@tarojs/components'
import type { useMyWishes } from '@/hooks/use-wishes'
import type { AsyncState } from '@/hooks/use-async'
import type { Page } from '@/shared/api'
import type { WishSummaryDto } from '@/shared/wishes'
import { openNewWish, openWish } from '@/utils/navigation'
import { ActionButton } from '../action-button'
import { control } from '../aria'
import { Section } from '../section'
import { WishCard } from '../wish-card'
import './index.scss'

function WishRows({ list, empty }: { list: AsyncState<Page<WishSummaryDto>>; empty: string }) {
  if (list.error) {
    return (
      <View className="my-wishes__note" onClick={() => void list.reload()} {...control()}>
        {list.error.message}（点这里重试）
      </View>
    )
  }
  if (!list.data) return <View className="my-wishes__note">正在加载…</View>
  if (list.data.items.length === 0) return <View className="my-wishes__note">{empty}</View>
  return (
    <View>
      {list.data.items.map((wish) => (
        <WishCard key={wish.id} compact wish={wish} onOpen={() => openWish(wish.id)} />
      ))}
    </View>
  )
}

/** 我的: my latest wishes; for volunteers, my claims and the hours credited so far. */
export function MyWishesCard({ mine }: { mine: ReturnType<typeof useMyWishes> }) {
  return (
    <>
      <Section title="我的心愿">
        <WishRows list={mine.owned} empty="您还没有发布过心愿。" />
        <ActionButton block variant="secondary" onClick={openNewWish}>
          发布心愿
        </ActionButton>
      </Section>
      {mine.isVolunteer ? (
        <Section
          title="我认领的"
          extra={
            mine.hours.data ? <View className="my-wishes__hours">累计 {mine.hours.data.totalHours} 小时</View> : null
          }
        >
          <WishRows list={mine.claimed} empty="还没有认领心愿，去心愿墙看看吧。" />
        </Section>
      ) : null}
    </>
  )
}
