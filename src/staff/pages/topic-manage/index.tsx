import { useState } from 'react'
import { View } from '@tarojs/components'
import { useReachBottom, useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { FilterChips } from '@/components/filter-chips'
import { InfoRow } from '@/components/info-row'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section, Tag } from '@/components/section'
import { AsyncContent, EmptyState, ErrorState, LoadingState } from '@/components/state-views'
import { ResultBars } from '@/components/topic-result-bars'
import { TopicProgress } from '@/components/topic-progress'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import type { TopicDetailDto, TopicStatus } from '@/shared/topics'
import { formatDateTime } from '@/utils/format'
import { StaffOnly } from '../../components/staff-only'
import { TopicCommentList } from '../../components/topic-comment-list'
import { OutcomeForm, ProgressForm } from '../../components/topic-follow-up'
import { TopicRow } from '../../components/topic-row'
import { useStaffScope, type StaffScope } from '../../hooks/use-staff-scope'
import { useCommunityTopics, useManagedTopic, useTopicActions, useTopicComments } from '../../hooks/use-staff-topics'
import { openResidentTopic, openTopicManage, openTopicReview } from '../../utils/topic-navigation'
import { topicStateLabel, VISIBILITY_EXPLAINED, windowText } from '../../utils/topics'
import { control } from '@/components/aria'
import './index.scss'

const MANAGED: readonly TopicStatus[] = ['open', 'closed']
type Filter = 'open' | 'closed'
const FILTERS = [
  { value: 'open' as const, label: '进行中' },
  { value: 'closed' as const, label: '已结束' },
]

/** No id given: the open and closed topics to choose one from. */
function TopicChoice({ scope }: { scope: StaffScope }) {
  const list = useCommunityTopics(scope.communities, MANAGED, scope.allowed)
  const [filter, setFilter] = useState<Filter>('open')
  const { reload } = list
  usePullRefresh(async () => {
    await scope.reload()
    await reload()
  })
  useReloadOnReturn(reload)
  const shown = list.topics.filter((t) => t.status === filter)

  return (
    <AsyncContent loading={list.loading} error={list.error} onRetry={() => void reload()}>
      <FilterChips chips={FILTERS} value={filter} onChange={setFilter} />
      {shown.length === 0 ? (
        <EmptyState
          icon="○"
          title={filter === 'open' ? '没有进行中的议题' : '还没有已结束的议题'}
          description={
            filter === 'open'
              ? '审核通过的议题会出现在这里。居民新提出的议题请到「审核议题」处理。'
              : '结束投票后的议题会出现在这里，可以公布处理结果和办理进展。'
          }
        >
          {filter === 'open' ? (
            <ActionButton className="topic-manage__empty-action" variant="secondary" onClick={() => openTopicReview()}>
              去审核议题
            </ActionButton>
          ) : null}
        </EmptyState>
      ) : (
        shown.map((t) => (
          <TopicRow
            key={t.id}
            topic={t}
            showCommunity={scope.communities.length > 1}
            action="管理"
            onOpen={() => openTopicManage(t.id)}
          />
        ))
      )}
    </AsyncContent>
  )
}

/** The facts of a topic: state, window, choices, visibility, and what staff can do next. */
function TopicFacts({ topic }: { topic: TopicDetailDto }) {
  const state = topicStateLabel(topic)
  const window = windowText(topic.votingOpensAt, topic.votingClosesAt, formatDateTime)
  return (
    <Section title={topic.title} extra={<Tag tone={state.tone}>{state.text}</Tag>}>
      <View className="topic-manage__meta">
        {topic.authorName} 提出于 {formatDateTime(topic.createdAt)}
      </View>
      <View className="topic-manage__body">{topic.body}</View>
      {window ? <InfoRow label="投票时间">{window}</InfoRow> : null}
      {topic.maxChoices ? (
        <InfoRow label="可选">{topic.maxChoices === 1 ? '单选' : `每人最多选${topic.maxChoices}项`}</InfoRow>
      ) : null}
      {topic.resultsVisibility ? (
        <InfoRow label="票数公开">{VISIBILITY_EXPLAINED[topic.resultsVisibility].title}</InfoRow>
      ) : null}
      {topic.closedAt ? <InfoRow label="结束于">{formatDateTime(topic.closedAt)}</InfoRow> : null}
      {topic.status === 'rejected' && topic.rejectReason ? (
        <InfoRow label="未通过原因">{topic.rejectReason}</InfoRow>
      ) : null}
      {topic.status === 'pending_review' ? (
        <View className="topic-manage__link" {...control()} onClick={() => openTopicReview(topic.id)}>
          这个议题还没有审核，去审核 ›
        </View>
      ) : (
        <View className="topic-manage__link" {...control()} onClick={() => openResidentTopic(topic.id)}>
          查看居民看到的页面 ›
        </View>
      )}
    </Section>
  )
}

/** One topic: its tally, 结束投票, 处理结果, 办理进展, and the discussion with 隐藏. */
function ManageTopic({ id }: { id: string }) {
  const manage = useManagedTopic(id)
  const { topic } = manage
  const actions = useTopicActions(topic, manage.apply)
  const isPublic = topic?.status === 'open' || topic?.status === 'closed'
  const comments = useTopicComments(isPublic ? id : null)
  const { reload } = manage
  const { reload: reloadComments } = comments
  usePullRefresh(async () => {
    await Promise.all([reload(), reloadComments()])
  })
  useReachBottom(() => void comments.loadMore())

  return (
    <AsyncContent loading={manage.loading} error={manage.error} onRetry={() => void reload()}>
      {!topic ? null : (
        <View>
          <TopicFacts topic={topic} />

          {isPublic ? (
            <Section title="投票结果" extra={topic.status === 'closed' ? <Tag>已冻结</Tag> : null}>
              {manage.resultsError ? (
                <ErrorState message={manage.resultsError.message} onRetry={() => void manage.reloadResults()} />
              ) : manage.resultsLoading || !manage.results ? (
                <LoadingState text="正在统计票数…" />
              ) : (
                <ResultBars results={manage.results} />
              )}
              {topic.actions.includes('close') ? (
                <View className="topic-manage__close">
                  <View className="topic-manage__hint">
                    {topic.phase === 'ended'
                      ? '投票时间已过。结束投票后计票结果冻结，就可以公布处理结果。'
                      : '结束投票后居民不能再投票或改票，计票结果冻结。'}
                  </View>
                  {actions.errors.close ? <View className="topic-manage__error">{actions.errors.close}</View> : null}
                  <ActionButton
                    block
                    variant="danger"
                    loading={actions.busy === 'close'}
                    onClick={() => void actions.close()}
                  >
                    结束投票
                  </ActionButton>
                </View>
              ) : null}
            </Section>
          ) : null}

          {topic.actions.includes('outcome') ? (
            <Section title="填写处理结果">
              <OutcomeForm
                busy={actions.busy === 'outcome'}
                error={actions.errors.outcome}
                onPublish={actions.publishOutcome}
              />
            </Section>
          ) : null}

          <TopicProgress topic={topic} />

          {topic.actions.includes('update') ? (
            <Section title="更新办理进展">
              <ProgressForm
                current={topic.progress ?? 0}
                busy={actions.busy === 'update'}
                error={actions.errors.update}
                onPost={actions.postProgress}
              />
            </Section>
          ) : null}

          {isPublic ? (
            <Section title={`居民讨论（${topic.comments}）`}>
              <AsyncContent
                loading={comments.loading}
                error={comments.error}
                onRetry={() => void reloadComments()}
                loadingText="正在加载评论…"
              >
                {comments.items.length === 0 ? (
                  <View className="topic-manage__none">还没有居民评论。</View>
                ) : (
                  <TopicCommentList
                    threads={comments.items}
                    decided={comments.moderation.decided}
                    busy={comments.moderation.busy}
                    errors={comments.moderation.errors}
                    onModerate={comments.moderation.moderate}
                  />
                )}
                {comments.moreError ? <View className="topic-manage__error">{comments.moreError}</View> : null}
                {comments.hasMore ? (
                  <ActionButton
                    block
                    variant="plain"
                    loading={comments.loadingMore}
                    onClick={() => void comments.loadMore()}
                  >
                    加载更多评论
                  </ActionButton>
                ) : null}
              </AsyncContent>
            </Section>
          ) : null}
        </View>
      )}
    </AsyncContent>
  )
}

export default function TopicManagePage() {
  const { id } = useRouter().params
  const scope = useStaffScope()
  return (
    <PageShell>
      <PageHeader
        title="议题管理"
        lead={id ? '查看票数，结束投票，公布处理结果和办理进展' : '选择一个议题，查看票数、结束投票或发布进展'}
      />
      <StaffOnly scope={scope}>{id ? <ManageTopic id={id} /> : <TopicChoice scope={scope} />}</StaffOnly>
    </PageShell>
  )
}
