import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { Field, TextArea, TextInput } from '@/components/field'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent } from '@/components/state-views'
import { useAsync } from '@/hooks/use-async'
import { useSubmit } from '@/hooks/use-submit'
import { ROUTES } from '@/routes'
import {
  addExpense,
  addProgress,
  getProposal,
  type CreateExpenseInput,
  type CreateProgressInput,
} from '@/services/budgets'
import { isId } from '@/shared/api'
import { createExpenseSchema, createProgressSchema, formatYuan } from '@/shared/budgets'
import { firstIssue } from '@/utils/validation'
import { PhotoPicker } from '@/components/photo-picker'
import './index.scss'

/** Receipts one expense may carry (createExpenseSchema). */
const RECEIPTS_MAX = 9
const toNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text))

/**
 * 记支出和进度 of a selected project: an expense (amount, payee, note, receipt photos; a correction is a negative
 * amount, never an edit) and a progress update. Both are public on the project's page.
 */
export default function BudgetSpendPage() {
  const id = useRouter().params.id ?? ''
  const proposal = useAsync(() => getProposal(id), [id], isId(id))
  const p = proposal.data
  const [amount, setAmount] = useState('')
  const [payee, setPayee] = useState('')
  const [note, setNote] = useState('')
  const [receipts, setReceipts] = useState<{ ids: string[]; unfinished: number }>({ ids: [], unfinished: 0 })
  const [pickerKey, setPickerKey] = useState(0)
  const [progress, setProgress] = useState('')
  const [progressNote, setProgressNote] = useState('')

  const expense = useSubmit((input: CreateExpenseInput, key: string) => addExpense(id, input, key), {
    validate: (input) =>
      receipts.unfinished ? '还有票据照片没有上传完，请稍候或删除后再提交' : firstIssue(createExpenseSchema, input),
    onSuccess: () => {
      void Taro.showToast({ title: '已记录', icon: 'success' })
      setAmount('')
      setPayee('')
      setNote('')
      setReceipts({ ids: [], unfinished: 0 })
      setPickerKey((k) => k + 1)
      void proposal.reload()
    },
  })
  const update = useSubmit((input: CreateProgressInput, key: string) => addProgress(id, input, key), {
    validate: (input) => firstIssue(createProgressSchema, input),
    onSuccess: () => {
      void Taro.showToast({ title: '已更新', icon: 'success' })
      setProgressNote('')
      void proposal.reload()
    },
  })

  return (
    <PageShell>
      <PageHeader title="记支出和进度" lead="记录后居民马上能看到；记错了请记一笔负数更正，不能修改" />
      <AsyncContent
        loading={proposal.loading && !p}
        error={p ? null : proposal.error}
        onRetry={() => void proposal.reload()}
        detail={{ what: '项目', id }}
      >
        {p ? (
          <View>
            <Section title={p.title}>
              <View className="budget-spend__figures">
                预算 {formatYuan(p.cost ?? 0)} · 已支出 {formatYuan(p.spent ?? 0)} · 进度 {p.progress ?? 0}%
              </View>
              <ActionButton
                block
                variant="secondary"
                onClick={() =>
                  void Taro.navigateTo({ url: `${ROUTES.budgetProposal}?id=${p.id}` }).catch(() => undefined)
                }
              >
                查看公开的支出明细
              </ActionButton>
            </Section>
            <Section title="记一笔支出">
              <Field label="金额（元）" hint="整数；更正多记的钱请填负数，如 -200">
                <TextInput
                  value={amount}
                  onChange={setAmount}
                  maxlength={10}
                  placeholder="例如：3200"
                  label="金额（元）"
                />
              </Field>
              <Field label="收款方">
                <TextInput
                  value={payee}
                  onChange={setPayee}
                  maxlength={100}
                  placeholder="例如：幸福五金店"
                  label="收款方"
                />
              </Field>
              <Field label="用途说明">
                <TextArea value={note} onChange={setNote} maxlength={500} placeholder="买了什么、做了什么" />
              </Field>
              <Field label="票据照片（选填）" hint={`发票、收据，最多${RECEIPTS_MAX}张`}>
                <PhotoPicker
                  key={pickerKey}
                  max={RECEIPTS_MAX}
                  onChange={(ids, unfinished) => setReceipts({ ids, unfinished })}
                />
              </Field>
              {expense.error ? (
                <View className="budget-spend__error" role="alert">
                  {expense.error}
                </View>
              ) : null}
              <ActionButton
                block
                loading={expense.submitting}
                onClick={() =>
                  void expense.submit({
                    amount: toNumber(amount),
                    payee,
                    note,
                    receiptIds: receipts.ids.length ? receipts.ids : undefined,
                  })
                }
              >
                记录支出
              </ActionButton>
            </Section>
            <Section title="更新进度">
              <Field label="完成进度（0-100）">
                <TextInput
                  value={progress}
                  onChange={setProgress}
                  type="number"
                  maxlength={3}
                  placeholder={String(p.progress ?? 0)}
                  label="完成进度（0-100）"
                />
              </Field>
              <Field label="进展说明">
                <TextArea
                  value={progressNote}
                  onChange={setProgressNote}
                  maxlength={500}
                  placeholder="例如：灯杆已经立好"
                />
              </Field>
              {update.error ? (
                <View className="budget-spend__error" role="alert">
                  {update.error}
                </View>
              ) : null}
              <ActionButton
                block
                loading={update.submitting}
                onClick={() => void update.submit({ progress: toNumber(progress), note: progressNote })}
              >
                提交进度
              </ActionButton>
            </Section>
          </View>
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
