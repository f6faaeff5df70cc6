import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { CommunityBanner } from '@/components/community-banner'
import { Field, TextArea, TextInput } from '@/components/field'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent } from '@/components/state-views'
import { useMyCommunity } from '@/hooks/use-communities'
import { useCreateTopic } from '@/hooks/use-topics'
import { TOPIC_BODY_MAX, TOPIC_TITLE_MAX, TOPIC_TITLE_MIN } from '@/shared/topics'
import './index.scss'

const STEPS = [
  '社区工作人员审核议题，设置投票选项和时间',
  '审核通过后，全社区居民都能看到、发表意见和投票',
  '投票结束后，社区公布处理结果，并定期更新办理进展',
]

export default function TopicNewPage() {
  const home = useMyCommunity()
  const form = useCreateTopic(home.community?.id)
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const errors = form.fieldErrors

  return (
    <PageShell>
      <PageHeader title="提出议题" lead="有想和邻居商量的事，写下来交给社区" />
      <AsyncContent loading={home.loading} error={home.error} onRetry={() => void home.reload()}>
        {home.community ? (
          <View>
            <Section>
              <Field
                label="议题标题"
                error={errors.title}
                hint={`${TOPIC_TITLE_MIN}-${TOPIC_TITLE_MAX}个字，例如：东门空地改成充电区好不好`}
              >
                <TextInput
                  value={title}
                  onChange={setTitle}
                  maxlength={TOPIC_TITLE_MAX}
                  placeholder="想和邻居商量什么事"
                />
              </Field>
              <Field label="议题说明" error={errors.body} hint="说说现在的情况、您的想法，邻居们看了才好拿主意">
                <TextArea
                  value={body}
                  onChange={setBody}
                  maxlength={TOPIC_BODY_MAX}
                  placeholder="例如：东门旁边的空地一直闲置，晚上常有车乱停……"
                />
              </Field>
            </Section>
            <Section title="提交以后">
              {STEPS.map((step, i) => (
                <View key={step} className="topic-new__step">
                  <View className="topic-new__step-no">{i + 1}</View>
                  <View className="topic-new__step-text">{step}</View>
                </View>
              ))}
            </Section>
            {form.error ? (
              <View className="topic-new__error" role="alert">
                {form.error}
              </View>
            ) : null}
            <ActionButton block loading={form.submitting} onClick={() => void form.submit(title, body)}>
              提交议题
            </ActionButton>
          </View>
        ) : (
          <CommunityBanner community={home.community} needsCommunity={home.needsCommunity} />
        )}
      </AsyncContent>
    </PageShell>
  )
}
