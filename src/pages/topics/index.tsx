import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { BudgetsEntry } from '@/components/budgets-entry'
import { CommunityBanner } from '@/components/community-banner'
import { FilterChips, type Chip } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { TopicCard } from '@/components/topic-card'
import { useMyCommunity } from '@/hooks/use-communities'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { useTopicClock } from '@/hooks/use-topic-clock'
import { useTopicList } from '@/hooks/use-topics'
import { openNewTopic, openTopic } from '@/utils/navigation'
import { useMe } from '@/hooks/use-session'
import { askToVerify, isVerifiedIn } from '@/utils/membership'
import { TOPIC_FILTER_LABELS, TOPIC_FILTERS, type TopicFilter } from '@/utils/topic'
import './index.scss'

const CHIPS: Chip<TopicFilter>[] = TOPIC_FILTERS.map((f) => ({ value: f, label: TOPIC_FILTER_LABELS[f] }))

const EMPTY: Record<TopicFilter, { title: string; description: string }> = {
  all: { title: '社区里还没有议题', description: '停车、垃圾分类、加装电梯……有想和邻居商量的事，就提一个议题吧。' },
  collecting: { title: '没有正在征集意见的议题', description: '看看“投票中”的议题，或者提出您关心的事。' },
  voting: { title: '现在没有正在投票的议题', description: '有新的投票时会显示在这里。' },
  ended: { title: '还没有结束的议题', description: '投票结束后，结果和办理进展会显示在这里。' },
  mine: {
    title: '您还没有提出过议题',
    description: '您提出的议题都在这里，包括等待审核的（审核通过前只有您自己能看到）。',
  },
}

export default function TopicsPage() {
  const home = useMyCommunity()
  const [filter, setFilter] = useState<TopicFilter>('all')
  const communityId = home.community?.id
  const list = useTopicList(communityId, filter)
  const now = useTopicClock()

  usePullRefresh(async () => {
    await home.reload()
    await list.reload()
  })
  // Back from a topic or from proposing one: counts and phases may have moved on.
  useReloadOnReturn(list.reload, Boolean(communityId))
  const { me } = useMe()
  // Verified members propose, and staff of the community in office (issue #19); anyone else is told how to join.
  const propose = () =>
    isVerifiedIn(me, communityId) ||
    me?.role === 'admin' ||
    (communityId && me?.staffCommunityIds.includes(communityId))
      ? openNewTopic()
      : void askToVerify('提出议题')

  const empty = EMPTY[filter]
  return (
    <PageShell>
      <PageHeader title="议事协商" lead="社区的事，大家商量着办" />
      <AsyncContent loading={home.loading} error={home.error} onRetry={() => void home.reload()}>
        <CommunityBanner community={home.community} needsCommunity={home.needsCommunity} />
        {home.community ? (
          <View>
            <BudgetsEntry />
            <ActionButton block className="topics__propose" onClick={propose}>
              提出议题
            </ActionButton>
            <FilterChips chips={CHIPS} value={filter} onChange={setFilter} />
            <PagedListView
              list={list}
              renderItem={(topic) => (
                <TopicCard key={topic.id} topic={topic} now={now} onOpen={() => openTopic(topic.id)} />
              )}
              empty={
                <EmptyState icon="议" title={empty.title} description={empty.description}>
                  {filter === 'all' || filter === 'mine' ? (
                    <ActionButton className="state__action" onClick={propose}>
                      提出议题
                    </ActionButton>
                  ) : null}
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
