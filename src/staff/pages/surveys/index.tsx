import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { control } from '@/components/aria'
import { Card, CardHead } from '@/components/card'
import { Field, TextInput } from '@/components/field'
import { PageHeader, PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { Section, Tag } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { SurveyResults } from '@/components/survey-results'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { addDays, shanghaiDate, shanghaiTime } from '@/shared/stations'
import { SURVEY_ITEMS_MAX, SURVEY_ITEM_TEXT_MAX, SURVEY_STATUS_LABELS } from '@/shared/surveys'
import { formatDateTime } from '@/utils/format'
import { StaffOnly } from '../../components/staff-only'
import { WhenPicker } from '../../components/when-picker'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { useStaffSurveys } from '../../hooks/use-staff-surveys'
import { shanghaiIso } from '../../utils/topics'
import './index.scss'

interface ItemRow {
  key: number
  text: string
}

let nextKey = 3
const STARTER: ItemRow[] = [
  { key: 0, text: '社区环境卫生' },
  { key: 1, text: '工作人员服务态度' },
  { key: 2, text: '办事效率' },
]

/** 满意度测评 for staff: open one (its items, its window), and read every survey's results, open or closed. */
export default function StaffSurveysPage() {
  const scope = useStaffScope()
  const community = scope.communities[0]
  const state = useStaffSurveys(community?.id ?? '')
  usePullRefresh(state.list.reload)
  // Opens in a few minutes by default: a start in the past is refused.
  const soon = new Date(Math.ceil((Date.now() + 5 * 60_000) / 600_000) * 600_000)
  const today = shanghaiDate(soon)
  const [title, setTitle] = useState('')
  const [items, setItems] = useState<ItemRow[]>(STARTER)
  const [openDate, setOpenDate] = useState(today)
  const [openTime, setOpenTime] = useState(shanghaiTime(soon))
  const [closeDate, setCloseDate] = useState(addDays(today, 14))
  const [closeTime, setCloseTime] = useState('18:00')
  const { errors, form } = state

  const submit = () =>
    void form.submit({
      title,
      items: items.map((i) => ({ text: i.text })),
      opensAt: shanghaiIso(openDate, openTime),
      closesAt: shanghaiIso(closeDate, closeTime),
    })

  return (
    <PageShell>
      <PageHeader
        title="满意度测评"
        lead={`${community?.name ?? '本社区'}的群众满意度测评：居民打分，截止后结果公开`}
      />
      <StaffOnly scope={scope}>
        <Section title="发起测评">
          <Field label="标题" error={errors.title} hint="2-60个字">
            <TextInput
              value={title}
              onChange={setTitle}
              maxlength={60}
              placeholder="例如：第四季度群众满意度测评"
              label="标题"
            />
          </Field>
          <View className="staff-surveys__label">测评项（每项1-5分，最多{SURVEY_ITEMS_MAX}项）</View>
          {items.map((item, index) => (
            <View key={item.key} className="staff-surveys__item">
              <View className="staff-surveys__input">
                <TextInput
                  value={item.text}
                  onChange={(text) => setItems((rows) => rows.map((r) => (r.key === item.key ? { ...r, text } : r)))}
                  maxlength={SURVEY_ITEM_TEXT_MAX}
                  placeholder="例如：楼道卫生"
                  label={`第${index + 1}项`}
                />
              </View>
              {items.length > 1 ? (
                <View
                  className="staff-surveys__remove"
                  {...control('button', `删除第${index + 1}项`)}
                  onClick={() => setItems((rows) => rows.filter((r) => r.key !== item.key))}
                >
                  删除
                </View>
              ) : null}
            </View>
          ))}
          {errors.items ? <View className="staff-surveys__error">{errors.items}</View> : null}
          {items.length < SURVEY_ITEMS_MAX ? (
            <ActionButton
              block
              variant="plain"
              onClick={() => setItems((rows) => [...rows, { key: nextKey++, text: '' }])}
            >
              添加一项
            </ActionButton>
          ) : null}
          <Field label="开始" error={errors.opensAt}>
            <WhenPicker date={openDate} time={openTime} onDate={setOpenDate} onTime={setOpenTime} label="开始时间" />
          </Field>
          <Field label="截止" error={errors.closesAt} hint="截止前居民可以修改评分，截止后结果向全体居民公开">
            <WhenPicker
              date={closeDate}
              time={closeTime}
              onDate={setCloseDate}
              onTime={setCloseTime}
              label="截止时间"
            />
          </Field>
          {form.error ? (
            <View className="staff-surveys__error" role="alert">
              {form.error}
            </View>
          ) : null}
          <ActionButton block loading={form.submitting} onClick={submit}>
            发起测评并通知居民
          </ActionButton>
        </Section>
        <Section title="本社区的测评">
          <PagedListView
            list={state.list}
            renderItem={(s) => (
              <Card key={s.id} className="staff-surveys__card" gap="list">
                <CardHead
                  title={s.title}
                  tag={<Tag tone={s.status === 'open' ? 'success' : 'neutral'}>{SURVEY_STATUS_LABELS[s.status]}</Tag>}
                />
                <View className="staff-surveys__meta">
                  {s.items.length}项 · {formatDateTime(s.opensAt)} 至 {formatDateTime(s.closesAt)}
                </View>
                <ActionButton block variant="secondary" onClick={() => state.toggle(s.id)}>
                  {state.openId === s.id ? '收起结果' : s.status === 'closed' ? '查看结果' : '查看目前的结果'}
                </ActionButton>
                {state.openId === s.id ? (
                  <View className="staff-surveys__results">
                    <AsyncContent
                      loading={state.results.loading}
                      error={state.results.error}
                      onRetry={() => void state.results.reload()}
                    >
                      {state.results.data ? <SurveyResults results={state.results.data} /> : null}
                    </AsyncContent>
                  </View>
                ) : null}
              </Card>
            )}
            empty={<EmptyState icon="评" title="还没有发起过测评" description="在上面填好测评项和时间即可发起。" />}
          />
        </Section>
      </StaffOnly>
    </PageShell>
  )
}
