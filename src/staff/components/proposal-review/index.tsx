import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { CardHead } from '@/components/card'
import { Field, TextArea, TextInput } from '@/components/field'
import { Section, Tag } from '@/components/section'
import type { ReviewProposalInput } from '@/services/budgets'
import { PROPOSAL_STATUS_LABELS, formatYuan, type ProposalDto } from '@/shared/budgets'
import { formatDateTime } from '@/utils/format'
import './index.scss'

interface Props {
  proposal: ProposalDto
  busy: boolean
  error?: string
  onReview: (input: ReviewProposalInput) => void
}

/** One pending proposal: 可行 with staff's cost (the estimate to start from), or 不通过 with the reason. */
export function ProposalReview({ proposal, busy, error, onReview }: Props) {
  const [cost, setCost] = useState(String(proposal.estimatedCost))
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  return (
    <Section className="proposal-review">
      <CardHead title={proposal.title} tag={<Tag tone="warning">{PROPOSAL_STATUS_LABELS[proposal.status]}</Tag>} />
      <View className="proposal-review__meta">
        {proposal.proposerName} · {formatDateTime(proposal.createdAt)} · 预计 {formatYuan(proposal.estimatedCost)}
      </View>
      <View className="proposal-review__desc">{proposal.description}</View>
      {rejecting ? (
        <Field label="不通过的原因" hint="提议的居民会看到这段话">
          <TextArea
            value={reason}
            onChange={setReason}
            maxlength={500}
            placeholder="例如：属于物业维修范围，已转物业"
          />
        </Field>
      ) : (
        <Field label="核定费用（元）" hint="投票和选出项目按这个费用计算">
          <TextInput
            value={cost}
            onChange={setCost}
            type="number"
            maxlength={9}
            label={`${proposal.title}的核定费用（元）`}
          />
        </Field>
      )}
      {error ? (
        <View className="proposal-review__error" role="alert">
          {error}
        </View>
      ) : null}
      <View className="proposal-review__buttons">
        {rejecting ? (
          <>
            <ActionButton variant="secondary" onClick={() => setRejecting(false)}>
              返回
            </ActionButton>
            <ActionButton
              loading={busy}
              label={`确定${proposal.title}不通过`}
              onClick={() => onReview({ feasible: false, reason: reason.trim() || undefined })}
            >
              确定不通过
            </ActionButton>
          </>
        ) : (
          <>
            <ActionButton variant="secondary" label={`${proposal.title}不通过`} onClick={() => setRejecting(true)}>
              不通过
            </ActionButton>
            <ActionButton
              loading={busy}
              label={`${proposal.title}可行`}
              onClick={() => onReview({ feasible: true, cost: cost.trim() === '' ? Number.NaN : Number(cost) })}
            >
              可行
            </ActionButton>
          </>
        )}
      </View>
    </Section>
  )
}
