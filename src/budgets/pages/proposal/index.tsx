import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { CardHead } from '@/components/card'
import { InfoRow } from '@/components/info-row'
import { PageShell } from '@/components/page-shell'
import { Section, Tag } from '@/components/section'
import { AsyncContent } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { formatYuan } from '@/shared/budgets'
import { formatDateTime } from '@/utils/format'
import { ProjectSpending } from '../../components/project-spending'
import { useProposal, useRoundRoles } from '../../hooks/use-budgets'
import { openRound, openSpend } from '../../navigation'
import { proposalTag } from '../../phase'
import './index.scss'

/** One proposal: what it is and its review (the proposer reads why it was rejected); a selected one's spending. */
export default function ProposalPage() {
  const id = useRouter().params.id ?? ''
  const detail = useProposal(id)
  const p = detail.data
  const { staff } = useRoundRoles(p?.budget.communityId)
  usePullRefresh(detail.reload)
  useReloadOnReturn(detail.reload, Boolean(p))
  const tag = p ? proposalTag(p) : null

  return (
    <PageShell>
      <AsyncContent
        loading={detail.loading && !p}
        error={p ? null : detail.error}
        onRetry={() => void detail.reload()}
        detail={{ what: '项目', id }}
      >
        {p && tag ? (
          <View>
            <Section>
              <CardHead large title={p.title} tag={<Tag tone={tag.tone}>{tag.text}</Tag>} />
              <View className="proposal__meta">
                {p.mine ? '我' : p.proposerName} 提议 · {formatDateTime(p.createdAt)}
              </View>
              <View className="proposal__desc">{p.description}</View>
              <InfoRow label="预计费用">{formatYuan(p.estimatedCost)}</InfoRow>
              {p.cost !== null ? <InfoRow label="核定费用">{formatYuan(p.cost)}</InfoRow> : null}
            </Section>
            <ActionButton block variant="secondary" className="proposal__round" onClick={() => openRound(p.budget.id)}>
              {`查看「${p.budget.title}」`}
            </ActionButton>
            {p.status === 'rejected' ? (
              <Section title="未通过可行性审核">
                <View className="proposal__reason" role="note">
                  原因：{p.rejectReason}
                </View>
                {p.mine ? <View className="proposal__meta">如有疑问，可以联系社区工作人员。</View> : null}
              </Section>
            ) : null}
            {p.status === 'pending_review' ? (
              <Section title="等待审核">
                <View className="proposal__meta">
                  工作人员会在投票开始（{formatDateTime(p.budget.votingOpensAt)}
                  ）前审核，并通过消息告诉您结果。审核通过前只有您和工作人员能看到。
                </View>
              </Section>
            ) : null}
            {p.selected === false && p.status === 'feasible' ? (
              <Section title="未入选">
                <View className="proposal__meta">投票结果和每个项目的原因见本期微实事页面。</View>
              </Section>
            ) : null}
            {p.selected ? <ProjectSpending proposal={p} detailed /> : null}
            {p.selected && staff ? (
              <ActionButton block onClick={() => openSpend(p.id)}>
                记支出、更新进度
              </ActionButton>
            ) : null}
          </View>
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
