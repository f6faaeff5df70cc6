import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { CardHead } from '@/components/card'
import { Field, TextArea } from '@/components/field'
import { MembershipNote } from '@/components/membership-note'
import { PageShell } from '@/components/page-shell'
import { ScorePicker } from '@/components/score-picker'
import { Section, Tag } from '@/components/section'
import { AsyncContent } from '@/components/state-views'
import { SurveyResults } from '@/components/survey-results'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useSession } from '@/hooks/use-session'
import { SURVEY_COMMENT_MAX, SURVEY_STATUS_LABELS } from '@/shared/surveys'
import { formatDateTime } from '@/utils/format'
import { useSurvey } from '../../hooks/use-surveys'
import './index.scss'

type State = ReturnType<typeof useSurvey>

/** While open: one large row of stars per item, a few words, and 提交 (or 修改). */
function Answer({ state }: { state: State }) {
  const survey = state.survey.data!
  const answered = survey.myResponse !== null
  return (
    <Section title={answered ? '我的评分（截止前可以修改）' : '请为每一项打分'}>
      {survey.items.map((item, i) => (
        <View key={i} className="survey__item">
          <View className="survey__item-text">
            {i + 1}. {item.text}
          </View>
          <ScorePicker value={state.scores[i] ?? null} onChange={(n) => state.choose(i, n)} label={item.text} />
        </View>
      ))}
      <Field label="意见和建议（选填）">
        <TextArea
          value={state.comment}
          onChange={state.setComment}
          maxlength={SURVEY_COMMENT_MAX}
          placeholder="哪里做得好、哪里还要改进"
        />
      </Field>
      {state.form.error ? (
        <View className="survey__error" role="alert">
          {state.form.error}
        </View>
      ) : null}
      <ActionButton block loading={state.form.submitting} onClick={state.submit}>
        {answered ? '修改评分' : '提交评分'}
      </ActionButton>
      {answered ? (
        <View className="survey__note">
          您在 {formatDateTime(survey.myResponse!.updatedAt)} 提交过，以最后一次为准。
        </View>
      ) : null}
    </Section>
  )
}

/** One 群众满意度测评: answer it while open (members); its results after close, for everyone. */
export default function SurveyDetailPage() {
  const id = useRouter().params.id ?? ''
  const state = useSurvey(id)
  const { me } = useSession()
  const survey = state.survey.data
  usePullRefresh(async () => {
    await Promise.all([state.survey.reload(), survey?.status === 'closed' ? state.results.reload() : null])
  })
  const member = me?.membership?.status === 'verified' && me.membership.communityId === survey?.communityId

  return (
    <PageShell>
      <AsyncContent
        loading={state.survey.loading && !survey}
        error={state.survey.error}
        onRetry={() => void state.survey.reload()}
        detail={{ what: '测评', id }}
      >
        {survey ? (
          <View>
            <Section>
              <CardHead
                large
                title={survey.title}
                tag={
                  <Tag tone={survey.status === 'open' ? 'success' : 'neutral'}>
                    {SURVEY_STATUS_LABELS[survey.status]}
                  </Tag>
                }
              />
              <View className="survey__meta">
                {formatDateTime(survey.opensAt)} 开始 · {formatDateTime(survey.closesAt)} 截止
              </View>
              <View className="survey__meta">1分很不满意，5分很满意。结果在截止后向全体居民公开。</View>
            </Section>
            {survey.status === 'upcoming' ? (
              <Section>
                <View className="survey__note">测评还没有开始，开始后会通知您来打分。</View>
              </Section>
            ) : null}
            {survey.status === 'open' ? (
              member ? (
                <Answer state={state} />
              ) : (
                <Section>
                  <MembershipNote what="参与满意度测评" />
                </Section>
              )
            ) : null}
            {survey.status === 'closed' ? (
              <Section title="测评结果">
                <AsyncContent
                  loading={state.results.loading && !state.results.data}
                  error={state.results.error}
                  onRetry={() => void state.results.reload()}
                >
                  {state.results.data ? (
                    <SurveyResults results={state.results.data} mine={survey.myResponse?.scores} />
                  ) : null}
                </AsyncContent>
              </Section>
            ) : null}
          </View>
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
