import { useState } from 'react'
import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { Field, TextArea, TextInput } from '@/components/field'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { formatDateTime } from '@/utils/format'
import { useBudget, usePropose, useRoundRoles } from '../../hooks/use-budgets'
import './index.scss'

/** 提出项目: a verified member proposes a project for the round, in its proposal window; staff review it. */
export default function ProposePage() {
  const id = useRouter().params.id ?? ''
  const detail = useBudget(id)
  const budget = detail.data
  const { member } = useRoundRoles(budget?.communityId)
  const form = usePropose(id)
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [cost, setCost] = useState('')
  const errors = form.fieldErrors

  return (
    <PageShell>
      <PageHeader title="提出项目" lead="说清楚想办什么实事、在哪里、大概要花多少钱" />
      <AsyncContent
        loading={detail.loading && !budget}
        error={budget ? null : detail.error}
        onRetry={() => void detail.reload()}
        detail={{ what: '微实事', id }}
      >
        {budget && budget.phase !== 'proposing' ? (
          <EmptyState
            icon="!"
            title="现在不在征集期"
            description={`征集期：${formatDateTime(budget.proposalsOpenAt)} 至 ${formatDateTime(budget.proposalsCloseAt)}`}
          />
        ) : budget && !member ? (
          <EmptyState icon="!" title="认证住户才能提项目" description='请先在"我的"里完成住户认证。' />
        ) : budget ? (
          <View>
            <Section>
              <View className="propose__note">
                「{budget.title}」征集到 {formatDateTime(budget.proposalsCloseAt)}
                。提交后由工作人员审核是否可行并核定费用，通过后才公开给大家投票。
              </View>
              <Field label="项目名称" error={errors.title} hint="2-60个字">
                <TextInput
                  value={title}
                  onChange={setTitle}
                  maxlength={60}
                  placeholder="例如：小广场加装路灯"
                  label="项目名称"
                />
              </Field>
              <Field label="项目说明" error={errors.description}>
                <TextArea
                  value={description}
                  onChange={setDescription}
                  maxlength={2000}
                  placeholder="在哪里、为什么要办、办成什么样"
                />
              </Field>
              <Field label="预计费用（元）" error={errors.estimatedCost} hint="大概就行，工作人员会核定">
                <TextInput
                  value={cost}
                  onChange={setCost}
                  type="number"
                  maxlength={9}
                  placeholder="例如：8000"
                  label="预计费用（元）"
                />
              </Field>
            </Section>
            {form.error ? (
              <View className="propose__error" role="alert">
                {form.error}
              </View>
            ) : null}
            <ActionButton
              block
              loading={form.submitting}
              onClick={() =>
                void form.submit({
                  title,
                  description,
                  estimatedCost: cost.trim() === '' ? Number.NaN : Number(cost),
                })
              }
            >
              提交项目
            </ActionButton>
          </View>
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
