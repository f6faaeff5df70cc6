import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Card, CardHead } from '@/components/card'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Tag } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { ROUTES } from '@/routes'
import { PROPOSAL_STATUS_LABELS, formatYuan } from '@/shared/budgets'
import { formatDateTime } from '@/utils/format'
import { ProposalReview } from '../../components/proposal-review'
import { useBudgetReview } from '../../hooks/use-budget-review'
import './index.scss'

const openProposal = (id: string) =>
  void Taro.navigateTo({ url: `${ROUTES.budgetProposal}?id=${encodeURIComponent(id)}` }).catch(() => undefined)

/** 审核项目: a round's pending proposals, each feasible with a cost or rejected with a reason; then those reviewed. */
export default function BudgetReviewPage() {
  const id = useRouter().params.id ?? ''
  const r = useBudgetReview(id)
  usePullRefresh(r.reload)
  return (
    <PageShell>
      <PageHeader
        title="审核项目"
        lead={r.budget ? `${r.budget.title}：投票开始（${formatDateTime(r.budget.votingOpensAt)}）前审核完` : undefined}
      />
      <AsyncContent loading={r.loading} error={r.error} onRetry={() => void r.reload()} detail={{ what: '微实事', id }}>
        <View className="budget-review__heading">待审核（{r.pending.length}）</View>
        {r.pending.length === 0 ? (
          <EmptyState icon="✓" title="没有待审核的项目" description="居民提交的新项目会出现在这里，下拉可以刷新。" />
        ) : (
          r.pending.map((p) => (
            <ProposalReview
              key={p.id}
              proposal={p}
              busy={r.busy === p.id}
              error={r.errors[p.id]}
              onReview={(input) => void r.review(p.id, input)}
            />
          ))
        )}
        {r.reviewed.length ? <View className="budget-review__heading">已审核（{r.reviewed.length}）</View> : null}
        {r.reviewed.map((p) => (
          <Card key={p.id} gap="list" onClick={() => openProposal(p.id)} hoverClass="card--pressed">
            <CardHead
              title={p.title}
              tag={<Tag tone={p.status === 'feasible' ? 'success' : 'danger'}>{PROPOSAL_STATUS_LABELS[p.status]}</Tag>}
            />
            <View className="budget-review__line">
              {p.status === 'feasible' ? `核定 ${formatYuan(p.cost ?? 0)}` : `原因：${p.rejectReason ?? ''}`}
            </View>
          </Card>
        ))}
      </AsyncContent>
    </PageShell>
  )
}
