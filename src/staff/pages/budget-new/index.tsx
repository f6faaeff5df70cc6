import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { choice } from '@/components/aria'
import { Field, TextInput } from '@/components/field'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { useSubmit } from '@/hooks/use-submit'
import { ROUTES } from '@/routes'
import { createBudget, type CreateBudgetInput } from '@/services/budgets'
import { createBudgetSchema } from '@/shared/budgets'
import { addDays, shanghaiDate } from '@/shared/stations'
import { BALLOT_RULES, type BallotRule } from '@/shared/topics'
import { fieldIssues } from '@/utils/validation'
import { StaffOnly } from '../../components/staff-only'
import { WhenPicker } from '../../components/when-picker'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { shanghaiIso } from '../../utils/topics'
import './index.scss'

const RULES: Record<BallotRule, { title: string; description: string }> = {
  per_resident: { title: '每人一票', description: '每位认证住户各投一张选票' },
  per_household: { title: '每户一票', description: '同一户的成员都可以投，以这户最后一次提交为准' },
}

type Window = 'proposalsOpenAt' | 'proposalsCloseAt' | 'votingOpensAt' | 'votingClosesAt'
const WINDOWS: { key: Window; label: string }[] = [
  { key: 'proposalsOpenAt', label: '征集开始' },
  { key: 'proposalsCloseAt', label: '征集截止' },
  { key: 'votingOpensAt', label: '投票开始' },
  { key: 'votingClosesAt', label: '投票截止' },
]

/** The next whole hour in Beijing time, HH:00 (the start of proposals may not be in the past). */
function nextHour(): string {
  const hour = (new Date().getUTCHours() + 8 + 1) % 24
  return `${hour < 10 ? '0' : ''}${hour}:00`
}

/** 发起微实事: the fund, the four windows (proposals, review, voting) and how ballots count. */
export default function BudgetNewPage() {
  const scope = useStaffScope()
  const communityId = scope.communities[0]?.id ?? ''
  const today = shanghaiDate(new Date())
  const start = nextHour()
  // Past 23:00 the next hour is tomorrow's.
  const startDate = start === '00:00' ? addDays(today, 1) : today
  const [title, setTitle] = useState(`${today.slice(0, 4)}年社区微实事`)
  const [amount, setAmount] = useState('')
  const [ballotRule, setBallotRule] = useState<BallotRule>('per_resident')
  const [when, setWhen] = useState<Record<Window, { date: string; time: string }>>({
    proposalsOpenAt: { date: startDate, time: start },
    proposalsCloseAt: { date: addDays(startDate, 14), time: '18:00' },
    votingOpensAt: { date: addDays(startDate, 17), time: '09:00' },
    votingClosesAt: { date: addDays(startDate, 24), time: '18:00' },
  })
  const [errors, setErrors] = useState<Partial<Record<keyof CreateBudgetInput, string>>>({})
  const setWindow = (key: Window, change: Partial<{ date: string; time: string }>) =>
    setWhen((w) => ({ ...w, [key]: { ...w[key], ...change } }))

  const form = useSubmit((input: CreateBudgetInput, key: string) => createBudget(communityId, input, key), {
    validate: (input) => {
      const issues = fieldIssues<keyof CreateBudgetInput>(createBudgetSchema, input)
      setErrors(issues)
      return Object.keys(issues).length ? '请按红字提示修改后再发起' : null
    },
    onSuccess: (budget) => {
      void Taro.showToast({ title: '已发起', icon: 'success' })
      void Taro.redirectTo({ url: `${ROUTES.budgetRound}?id=${budget.id}` }).catch(() => undefined)
    },
  })

  const submit = () =>
    void form.submit({
      title,
      amount: amount.trim() === '' ? Number.NaN : Number(amount),
      ballotRule,
      proposalsOpenAt: shanghaiIso(when.proposalsOpenAt.date, when.proposalsOpenAt.time),
      proposalsCloseAt: shanghaiIso(when.proposalsCloseAt.date, when.proposalsCloseAt.time),
      votingOpensAt: shanghaiIso(when.votingOpensAt.date, when.votingOpensAt.time),
      votingClosesAt: shanghaiIso(when.votingClosesAt.date, when.votingClosesAt.time),
    })

  return (
    <PageShell>
      <PageHeader title="发起微实事" lead="居民提项目、你们审核、居民在资金内投票；结果按票数和资金自动选出" />
      <StaffOnly scope={scope}>
        <Section>
          <Field label="标题" error={errors.title} hint="2-60个字">
            <TextInput value={title} onChange={setTitle} maxlength={60} label="标题" />
          </Field>
          <Field label="资金总额（元）" error={errors.amount} hint="整数，单位元">
            <TextInput
              value={amount}
              onChange={setAmount}
              type="number"
              maxlength={9}
              placeholder="例如：200000"
              label="资金总额（元）"
            />
          </Field>
        </Section>
        <Section title="时间">
          <View className="budget-new__note">
            征集截止到投票开始之间，请审核收到的项目（可行并核定费用，或不通过并写明原因）。
          </View>
          {WINDOWS.map((w) => (
            <Field key={w.key} label={w.label} error={errors[w.key]}>
              <WhenPicker
                date={when[w.key].date}
                time={when[w.key].time}
                onDate={(date) => setWindow(w.key, { date })}
                onTime={(time) => setWindow(w.key, { time })}
                label={`${w.label}时间`}
              />
            </Field>
          ))}
        </Section>
        <Section title="计票方式">
          <View role="radiogroup" aria-label="计票方式">
            {BALLOT_RULES.map((rule) => (
              <View
                key={rule}
                className={ballotRule === rule ? 'budget-new__rule budget-new__rule--on' : 'budget-new__rule'}
                {...choice('radio', ballotRule === rule, `${RULES[rule].title}：${RULES[rule].description}`)}
                onClick={() => setBallotRule(rule)}
              >
                <View className="budget-new__rule-title">
                  {ballotRule === rule ? '◉ ' : '○ '}
                  {RULES[rule].title}
                </View>
                <View className="budget-new__rule-desc">{RULES[rule].description}</View>
              </View>
            ))}
          </View>
        </Section>
        {form.error ? (
          <View className="budget-new__error" role="alert">
            {form.error}
          </View>
        ) : null}
        <ActionButton block loading={form.submitting} onClick={submit}>
          发起微实事
        </ActionButton>
      </StaffOnly>
    </PageShell>
  )
}
