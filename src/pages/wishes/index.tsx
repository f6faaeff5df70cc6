import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { CommunityBanner } from '@/components/community-banner'
import { ElderModeEntry } from '@/components/elder-mode-card'
import { FilterChips, type Chip } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { UpcomingActivities } from '@/components/upcoming-activities'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { WishCard } from '@/components/wish-card'
import { useMyCommunity } from '@/hooks/use-communities'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { useWishList } from '@/hooks/use-wishes'
import { WISH_CATEGORIES, WISH_CATEGORY_LABELS, WISH_STATUS_LABELS, type WishCategory } from '@/shared/wishes'
import { openNewWish, openWish } from '@/utils/navigation'
import { useMe } from '@/hooks/use-session'
import { askToVerify, isVerifiedIn } from '@/utils/membership'
import './index.scss'

type CategoryFilter = WishCategory | 'all'
type StatusFilter = 'all' | 'open' | 'claimed' | 'completed'

const CATEGORY_CHIPS: Chip<CategoryFilter>[] = [
  { value: 'all', label: '全部' },
  ...WISH_CATEGORIES.map((c) => ({ value: c, label: WISH_CATEGORY_LABELS[c] })),
]
const STATUS_CHIPS: Chip<StatusFilter>[] = [
  { value: 'all', label: '全部状态' },
  ...(['open', 'claimed', 'completed'] as const).map((s) => ({ value: s, label: WISH_STATUS_LABELS[s] })),
]

export default function WishesPage() {
  const home = useMyCommunity()
  const [category, setCategory] = useState<CategoryFilter>('all')
  const [status, setStatus] = useState<StatusFilter>('all')
  const communityId = home.community?.id
  const wall = useWishList(
    {
      communityId,
      category: category === 'all' ? undefined : category,
      status: status === 'all' ? undefined : status,
    },
    Boolean(communityId),
  )

  usePullRefresh(async () => {
    await home.reload()
    await wall.reload()
  })
  // Back from posting or acting on a wish: show the wall as it is now.
  useReloadOnReturn(wall.reload, Boolean(communityId))
  const { me } = useMe()
  // Only verified members post (issue #19): anyone else is told how to become one.
  const postWish = () => (isVerifiedIn(me, communityId) ? openNewWish() : void askToVerify('发布心愿'))

  const filtered = category !== 'all' || status !== 'all'
  return (
    <PageShell>
      <PageHeader title="微心愿" lead="邻里互助，一个小心愿也有人帮" />
      <ElderModeEntry />
      <AsyncContent loading={home.loading} error={home.error} onRetry={() => void home.reload()}>
        <CommunityBanner community={home.community} needsCommunity={home.needsCommunity} />
        {home.community ? (
          <View>
            <ActionButton block className="wishes__post" onClick={postWish}>
              发布心愿
            </ActionButton>
            <UpcomingActivities communityId={home.community.id} />
            <FilterChips chips={CATEGORY_CHIPS} value={category} onChange={setCategory} />
            <FilterChips chips={STATUS_CHIPS} value={status} onChange={setStatus} />
            <PagedListView
              list={wall}
              renderItem={(wish) => <WishCard key={wish.id} wish={wish} onOpen={() => openWish(wish.id)} />}
              empty={
                <EmptyState
                  icon="心"
                  title={filtered ? '没有符合条件的心愿' : '还没有心愿，来写下第一个吧'}
                  description={filtered ? '换个类别或状态看看。' : '写下一个小心愿，社区审核后就会出现在这里。'}
                >
                  {filtered ? null : (
                    <ActionButton className="state__action" onClick={postWish}>
                      发布心愿
                    </ActionButton>
                  )}
                </EmptyState>
              }
              end="没有更多了"
            />
          </View>
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
