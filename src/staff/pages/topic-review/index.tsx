import { useCallback, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { useAsync } from '@/hooks/use-async'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { getTopic } from '@/services/topics'
import type { TopicDetailDto, TopicStatus } from '@/shared/topics'
import { formatDateTime } from '@/utils/format'
import { StaffOnly } from '../../components/staff-only'
import { TopicReviewForm } from '../../components/topic-review-form'
import { TopicRow } from '../../components/topic-row'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { useCommunityTopics, useTopicReview } from '../../hooks/use-staff-topics'
import { openTopicManage } from '../../utils/topic-navigation'
import { newReviewForm, windowText } from '../../utils/topics'
import { control } from '@/components/aria'
import './index.scss'

const PENDING: readonly TopicStatus[] = ['pending_review']

const toTop = () => void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)

/** What was just decided, on top of the queue, with the way on to managing an opened topic. */
function DecisionNotice({ topic, approved }: { topic: TopicDetailDto; approved: boolean }) {
  return (
    <View className="topic-review__notice" role="status">
      {approved ? (
        <View>
          「{topic.title}」已公开，投票时间 {windowText(topic.votingOpensAt, topic.votingClosesAt, formatDateTime)}。
          <View className="topic-review__notice-link" {...control()} onClick={() => openTopicManage(topic.id)}>
            去管理这个议题 ›
          </View>
        </View>
      ) : (
        `已退回「${topic.title}」，提出议题的居民会看到您写的原因。`
      )}
    </View>
  )
}

export default function TopicReviewPage() {
  const params = useRouter().params
  const scope = useStaffScope()
  const list = useCommunityTopics(scope.communities, PENDING, scope.allowed)
  const [reviewingId, setReviewingId] = useState<string | null>(params.id ?? null)
  const detail = useAsync(() => getTopic(reviewingId ?? ''), [reviewingId], Boolean(reviewingId))
  const [values, setValues] = useState(() => newReviewForm(new Date()))
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set())
  const [notice, setNotice] = useState<{ topic: TopicDetailDto; approved: boolean } | null>(null)

  const onDone = useCallback((topic: TopicDetailDto, approved: boolean) => {
    setDecided((d) => new Set(d).add(topic.id))
    setNotice({ topic, approved })
    setReviewingId(null)
    toTop()
  }, [])
  const review = useTopicReview(onDone)
  const { clear } = review

  const start = (id: string) => {
    setReviewingId(id)
    // Voting from now for a week: the time of opening the form, not of loading the page.
    setValues(newReviewForm(new Date()))
    setNotice(null)
    clear()
    toTop()
  }

  const { reload: reloadList } = list
  const { reload: reloadDetail } = detail
  usePullRefresh(async () => {
    await scope.reload()
    setDecided(new Set())
    await Promise.all([reloadList(), reviewingId ? reloadDetail() : null])
  })

  const pending = list.topics.filter((t) => !decided.has(t.id))
  const topic = detail.data && detail.data.id === reviewingId ? detail.data : null

  return (
    <PageShell>
      <PageHeader title="审核议题" lead="居民提出的议题，审核通过后本社区居民可以讨论和投票" />
      <StaffOnly scope={scope}>
        {reviewingId ? (
          <AsyncContent loading={detail.loading && !topic} error={detail.error} onRetry={() => void reloadDetail()}>
            {!topic ? null : topic.status !== 'pending_review' ? (
              <EmptyState
                icon="✓"
                title="这个议题已经审核过了"
                description={`目前状态：${topic.status === 'rejected' ? '未通过' : '已公开'}。可以返回列表审核其他议题。`}
              >
                <View className="topic-review__back" {...control()} onClick={() => setReviewingId(null)}>
                  ‹ 返回待审核列表
                </View>
              </EmptyState>
            ) : (
              <View>
                <Section title={topic.title}>
                  <View className="topic-review__meta">
                    {topic.authorName} 提出于 {formatDateTime(topic.createdAt)}
                  </View>
                  <View className="topic-review__body">{topic.body}</View>
                </Section>
                <Section title="审核">
                  <TopicReviewForm
                    key={topic.id}
                    topicId={topic.id}
                    review={review}
                    values={values}
                    onChange={setValues}
                    onCancel={() => setReviewingId(null)}
                  />
                </Section>
              </View>
            )}
          </AsyncContent>
        ) : (
          <AsyncContent loading={list.loading} error={list.error} onRetry={() => void reloadList()}>
            {notice ? <DecisionNotice topic={notice.topic} approved={notice.approved} /> : null}
            {pending.length === 0 ? (
              <EmptyState
                icon="✓"
                title="暂时没有待审核的议题"
                description="居民提出的议题会出现在这里，下拉可以刷新。"
              />
            ) : (
              <View>
                <View className="topic-review__count">共 {pending.length} 个议题等待审核，先提出的排在前面</View>
                {pending.map((t) => (
                  <TopicRow
                    key={t.id}
                    topic={t}
                    showCommunity={scope.communities.length > 1}
                    action="去审核"
                    onOpen={() => start(t.id)}
                  />
                ))}
              </View>
            )}
          </AsyncContent>
        )}
      </StaffOnly>
    </PageShell>
  )
}
