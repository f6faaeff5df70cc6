import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent, EmptyState, ErrorState, LoadingState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { askToVerify } from '@/utils/membership'
import { ballotTotal, formatYuan, type BudgetDetailDto } from '@/shared/budgets'
import { ProjectSpending } from '../../components/project-spending'
import { ProposalCard } from '../../components/proposal-card'
import { ResultList } from '../../components/result-list'
import { BudgetFacts } from '../../components/budget-facts'
import { useBudget, useBudgetResults, useRoundRoles } from '../../hooks/use-budgets'
import { openBallot, openProposal, openPropose, openReview } from '../../navigation'
import './index.scss'

/** What a member can do now: propose in the proposal window, vote (or change the vote) in the voting window. */
function RoundActions({ budget, member }: { budget: BudgetDetailDto; member: boolean }) {
  if (budget.phase === 'proposing') {
    return (
      <ActionButton
        block
        className="round__action"
        onClick={() => (member ? openPropose(budget.id) : void askToVerify('提出微实事项目'))}
      >
        我要提项目
      </ActionButton>
    )
  }
  if (budget.phase !== 'voting') return null
  const mine = budget.myBallot ?? []
  const sum = ballotTotal(budget.amount, budget.proposals, mine)
  return (
    <Section title="我的投票">
      <View className="round__ballot">
        {mine.length
          ? `您已选择${mine.length}个项目，合计${formatYuan(sum.total)}；投票截止前可以修改。`
          : '您还没有投票。在资金总额内选出您支持的项目。'}
      </View>
      <ActionButton block onClick={() => (member ? openBallot(budget.id) : void askToVerify('参与微实事投票'))}>
        {mine.length ? '修改我的选择' : '去投票'}
      </ActionButton>
    </Section>
  )
}

/**
 * The proposals of an undecided round. In the voting window the feasible ones are those on the ballot; a proposer's
 * own proposals that are pending or rejected (shown to them and staff only) come after, apart.
 */
function ProposalLists({ budget }: { budget: BudgetDetailDto }) {
  const voting = budget.phase === 'voting'
  const onBallot = voting ? budget.proposals.filter((p) => p.status === 'feasible') : budget.proposals
  const apart = voting ? budget.proposals.filter((p) => p.status !== 'feasible') : []
  return (
    <View>
      <View className="round__heading">
        {voting ? '可投票的项目' : '征集到的项目'}（{onBallot.length}）
      </View>
      {onBallot.length === 0 ? (
        <EmptyState
          icon="实"
          title={budget.phase === 'upcoming' ? '还没有开始征集' : '还没有项目'}
          description="通过审核的项目会显示在这里；您提的项目审核前只有您自己能看到。"
        />
      ) : (
        onBallot.map((p) => <ProposalCard key={p.id} proposal={p} onOpen={() => openProposal(p.id)} />)
      )}
      {apart.length ? (
        <View>
          <View className="round__heading">未进入投票的项目（{apart.length}）</View>
          <View className="round__apart">只有提议人和工作人员能看到</View>
          {apart.map((p) => (
            <ProposalCard key={p.id} proposal={p} onOpen={() => openProposal(p.id)} />
          ))}
        </View>
      ) : null}
    </View>
  )
}

/** A round: its windows and phase, what I can do, its proposals; after close the results and the projects' spending. */
export default function BudgetRoundPage() {
  const id = useRouter().params.id ?? ''
  const detail = useBudget(id)
  const budget = detail.data
  const decided = budget?.phase === 'decided'
  const results = useBudgetResults(id, decided)
  const { member, staff } = useRoundRoles(budget?.communityId)
  const reload = async () => {
    await detail.reload()
    if (decided) await results.reload()
  }
  usePullRefresh(reload)
  useReloadOnReturn(detail.reload, Boolean(budget))

  const selected = budget?.proposals.filter((p) => p.selected) ?? []
  const pending = budget?.proposals.filter((p) => p.status === 'pending_review').length ?? 0
  return (
    <PageShell>
      <AsyncContent
        loading={detail.loading && !budget}
        error={budget ? null : detail.error}
        onRetry={() => void detail.reload()}
        detail={{ what: '微实事', id }}
      >
        {budget ? (
          <View>
            <BudgetFacts budget={budget} />
            <RoundActions budget={budget} member={member} />
            {staff && !decided ? (
              <ActionButton block variant="secondary" className="round__action" onClick={() => openReview(budget.id)}>
                {pending ? `审核项目（${pending}个待审核）` : '审核项目'}
              </ActionButton>
            ) : null}
            {decided ? (
              <View>
                {results.error ? (
                  <ErrorState message={results.error.message} onRetry={() => void results.reload()} />
                ) : results.data ? (
                  <ResultList results={results.data} onOpen={(pid) => openProposal(pid)} />
                ) : (
                  <LoadingState text="正在读取投票结果…" />
                )}
                <View className="round__heading">入选项目的资金使用</View>
                {selected.length === 0 ? (
                  <EmptyState icon="实" title="这一期没有入选项目" />
                ) : (
                  selected.map((p) => <ProjectSpending key={p.id} proposal={p} onOpen={() => openProposal(p.id)} />)
                )}
              </View>
            ) : (
              <ProposalLists budget={budget} />
            )}
          </View>
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
