import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { CommunityBanner } from '@/components/community-banner'
import { PageHeader, PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { Section } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { useMyCommunity } from '@/hooks/use-communities'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { BudgetCard } from '../../components/budget-card'
import { useBudgetList, useRoundRoles } from '../../hooks/use-budgets'
import { openNewRound, openRound } from '../../navigation'
import './index.scss'

/** 社区微实事: the community's rounds, newest first; staff open a new one here. */
export default function BudgetsHomePage() {
  const home = useMyCommunity()
  const communityId = home.community?.id
  const list = useBudgetList(communityId)
  const { staff } = useRoundRoles(communityId)
  usePullRefresh(async () => {
    await home.reload()
    await list.reload()
  })
  useReloadOnReturn(list.reload, Boolean(communityId))

  return (
    <PageShell>
      <PageHeader title="社区微实事" lead="社区的钱办哪些实事，居民提项目、投票定；每一笔支出都公开" />
      <AsyncContent loading={home.loading} error={home.error} onRetry={() => void home.reload()}>
        <CommunityBanner community={home.community} needsCommunity={home.needsCommunity} />
        {home.community ? (
          <View>
            <Section className="budgets-home__how" title="怎么参与">
              <View className="budgets-home__step">1. 征集期内，认证住户提出想办的实事和大概费用</View>
              <View className="budgets-home__step">2. 工作人员审核是否可行，核定费用</View>
              <View className="budgets-home__step">3. 投票期内，在资金总额内选出您支持的项目</View>
              <View className="budgets-home__step">4. 按票数从高到低、在资金够用时入选；支出和进展随时公开</View>
            </Section>
            {staff ? (
              <ActionButton block className="budgets-home__new" onClick={openNewRound}>
                发起微实事
              </ActionButton>
            ) : null}
            <PagedListView
              list={list}
              renderItem={(b) => <BudgetCard key={b.id} budget={b} onOpen={() => openRound(b.id)} />}
              empty={
                <EmptyState
                  icon="实"
                  title="社区还没有发起微实事"
                  description="社区发起后，您可以在这里提项目、投票，查看资金怎么花。"
                />
              }
              end="没有更多了"
            />
          </View>
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
