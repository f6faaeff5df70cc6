import { View } from '@tarojs/components'
import { Field } from '@/components/field'
import { choice } from '@/components/aria'
import { useAsync } from '@/hooks/use-async'
import { listTopicBuildings } from '@/services/topics'
import { BALLOT_RULES, PASS_RULES, type BallotRule, type PassRule } from '@/shared/topics'
import {
  chooseBallotRule,
  choosePassRule,
  toggleBuilding,
  type ReviewErrors,
  type ReviewFormValues,
} from '../../utils/topics'
import './index.scss'

const BALLOT_EXPLAINED: Record<BallotRule, { title: string; description: string }> = {
  per_resident: { title: '每人一票', description: '每位认证住户各投一票' },
  per_household: { title: '每户一票', description: '同一户的成员都可以投，以这户最后一次投票为准' },
}

const PASS_EXPLAINED: Record<PassRule, { title: string; description: string }> = {
  none: { title: '只看票数', description: '不判定通过与否，由居委会按结果办理' },
  civil_code_ordinary: {
    title: '一般事项（民法典第278条）',
    description: '业主（户数）和面积都有三分之二以上参与；参与的户数和面积都过半数同意才通过。只有业主可以投票',
  },
  civil_code_major: {
    title: '重大事项（民法典第278条）',
    description:
      '如加装电梯、使用维修资金、改建。业主（户数）和面积都有三分之二以上参与；参与的户数和面积都达四分之三以上同意才通过',
  },
}

/** One row of a set of radios or checkboxes, in the review form's look. */
function Choice(props: {
  on: boolean
  role: 'radio' | 'checkbox'
  title: string
  description?: string
  onPick: () => void
}) {
  return (
    <View
      className={['review-form__choice', props.on ? 'review-form__choice--on' : ''].filter(Boolean).join(' ')}
      {...choice(props.role, props.on)}
      onClick={props.onPick}
    >
      <View className={props.role === 'radio' ? 'review-form__radio' : 'rules-form__box'}>
        {props.on ? (
          <View className={props.role === 'radio' ? 'review-form__radio-dot' : 'rules-form__tick'}>
            {props.role === 'radio' ? '' : '✓'}
          </View>
        ) : null}
      </View>
      <View className="review-form__choice-text">
        <View className="review-form__choice-title">{props.title}</View>
        {props.description ? <View className="review-form__choice-desc">{props.description}</View> : null}
      </View>
    </View>
  )
}

interface Props {
  topicId: string
  values: ReviewFormValues
  errors: ReviewErrors['fields']
  onChange: (values: ReviewFormValues) => void
}

/** 谁可以投票、怎么计票、怎么算通过: the rules staff set when they open a topic. */
export function TopicRulesFields({ topicId, values, errors, onChange }: Props) {
  const buildings = useAsync(() => listTopicBuildings(topicId), [topicId])
  const items = buildings.data?.items ?? []
  const chosen = items.filter((b) => values.buildingIds.includes(b.id))
  const missing = (chosen.length ? chosen : items).reduce((n, b) => n + b.missingArea, 0)
  return (
    <View className="rules-form">
      <Field
        label="谁可以投票"
        error={errors.eligibility}
        hint={
          values.buildingIds.length
            ? `只有所选${values.buildingIds.length}栋楼的认证住户可以投票`
            : '不选楼栋：全社区认证住户都可以投票'
        }
      >
        {buildings.loading && !buildings.data ? <View className="rules-form__note">正在读取楼栋…</View> : null}
        {buildings.error ? <View className="rules-form__note">楼栋读取失败，下拉页面可以重试</View> : null}
        {!buildings.loading && !buildings.error && items.length === 0 ? (
          <View className="rules-form__note">社区还没有登记楼栋，只能全社区投票</View>
        ) : null}
        <View className="rules-form__buildings" role="group" aria-label="可以投票的楼栋">
          {items.map((b) => {
            const on = values.buildingIds.includes(b.id)
            return (
              <View
                key={b.id}
                className={['rules-form__building', on ? 'rules-form__building--on' : ''].filter(Boolean).join(' ')}
                {...choice('checkbox', on, `${b.name}，${b.households}户`)}
                onClick={() => onChange(toggleBuilding(values, b.id))}
              >
                {on ? '✓ ' : ''}
                {b.name}
                <View className="rules-form__building-count">{b.households}户</View>
              </View>
            )
          })}
        </View>
      </Field>

      <Field label="计票方式" error={errors.ballotRule}>
        <View role="radiogroup" aria-label="计票方式">
          {BALLOT_RULES.map((rule) => (
            <Choice
              key={rule}
              role="radio"
              on={values.ballotRule === rule}
              title={BALLOT_EXPLAINED[rule].title}
              description={BALLOT_EXPLAINED[rule].description}
              onPick={() => onChange(chooseBallotRule(values, rule))}
            />
          ))}
        </View>
      </Field>

      <Field label="通过规则" error={errors.passRule}>
        <View role="radiogroup" aria-label="通过规则">
          {PASS_RULES.map((rule) => (
            <Choice
              key={rule}
              role="radio"
              on={values.passRule === rule}
              title={PASS_EXPLAINED[rule].title}
              description={PASS_EXPLAINED[rule].description}
              onPick={() => onChange(choosePassRule(values, rule))}
            />
          ))}
        </View>
        {values.passRule !== 'none' && missing > 0 ? (
          <View className="rules-form__warn" role="note">
            有{missing}户没有登记面积，计算面积时按0计，请先到住户管理补齐
          </View>
        ) : null}
      </Field>

      {values.passRule !== 'none' ? (
        <Field label="哪个选项表示“同意”" error={errors.approveOptionIndex}>
          <View role="radiogroup" aria-label="表示同意的选项">
            {values.options.map((row, i) => (
              <Choice
                key={row.key}
                role="radio"
                on={values.approveOptionIndex === i}
                title={row.label.trim() || `选项${i + 1}`}
                onPick={() => onChange({ ...values, approveOptionIndex: i })}
              />
            ))}
          </View>
        </Field>
      ) : null}
    </View>
  )
}
