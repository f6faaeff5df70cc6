import { View } from '@tarojs/components'
import { Card, CardFoot, CardHead } from '@/components/card'
import { Tag } from '@/components/section'
import { formatYuan, type ProposalDto } from '@/shared/budgets'
import { proposalTag } from '../../phase'
import './index.scss'

/** A proposal in a round's list: title and status, its cost (staff's once reviewed), who proposed it. */
export function ProposalCard({ proposal, onOpen }: { proposal: ProposalDto; onOpen: () => void }) {
  const tag = proposalTag(proposal)
  const cost = proposal.cost ?? proposal.estimatedCost
  return (
    <Card className="proposal-card" gap="list" onClick={onOpen} hoverClass="card--pressed">
      <CardHead title={proposal.title} tag={<Tag tone={tag.tone}>{tag.text}</Tag>} />
      <View className="proposal-card__cost">
        {proposal.cost === null ? '预计费用' : '核定费用'} {formatYuan(cost)}
      </View>
      {proposal.status === 'rejected' && proposal.rejectReason ? (
        <View className="proposal-card__reason">未通过原因：{proposal.rejectReason}</View>
      ) : null}
      <CardFoot note={`${proposal.mine ? '我' : proposal.proposerName} 提议`} action="详情 ›" />
    </Card>
  )
}
