import { View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { PageHeader, PageShell } from '@/components/page-shell'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { REPORTS_TO_HIDE } from '@/shared/topics'
import { StaffOnly } from '../../components/staff-only'
import { TopicReportedCard } from '../../components/topic-reported-card'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { useReportedComments } from '../../hooks/use-staff-topics'
import { openTopicManage } from '../../utils/topic-navigation'
import './index.scss'

export default function CommentReportsPage() {
  const scope = useStaffScope()
  const queue = useReportedComments(scope.allowed && scope.communities.length > 0)
  const { moderation } = queue
  const { reload } = queue
  usePullRefresh(async () => {
    await scope.reload()
    await reload()
  })
  useReachBottom(() => void queue.loadMore())

  const waiting = queue.items.filter((c) => !moderation.decided[c.id]).length

  return (
    <PageShell>
      <PageHeader
        title="举报处理"
        lead={`居民举报的评论。被${REPORTS_TO_HIDE}位居民举报的评论会先自动隐藏，等您决定保持隐藏还是恢复显示`}
      />
      <StaffOnly scope={scope}>
        <AsyncContent loading={queue.loading} error={queue.error} onRetry={() => void reload()}>
          {queue.items.length === 0 ? (
            <EmptyState icon="✓" title="没有待处理的举报" description="居民举报的评论会出现在这里，下拉可以刷新。" />
          ) : (
            <View>
              <View className="comment-reports__count">
                {waiting > 0 ? `共 ${waiting} 条评论等待处理` : '这些举报都处理完了，下拉刷新看看有没有新的'}
              </View>
              {queue.items.map((comment) => (
                <TopicReportedCard
                  key={comment.id}
                  comment={comment}
                  decided={moderation.decided[comment.id]}
                  busy={moderation.busy === comment.id}
                  error={moderation.errors[comment.id]}
                  onModerate={(kind, reason) => moderation.moderate(comment.id, kind, reason)}
                  onOpenTopic={() => openTopicManage(comment.topicId)}
                />
              ))}
              {queue.moreError ? <View className="comment-reports__error">{queue.moreError}</View> : null}
              {queue.hasMore ? (
                <ActionButton block variant="plain" loading={queue.loadingMore} onClick={() => void queue.loadMore()}>
                  加载更多
                </ActionButton>
              ) : null}
            </View>
          )}
        </AsyncContent>
      </StaffOnly>
    </PageShell>
  )
}
