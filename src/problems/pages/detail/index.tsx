import { View } from '@tarojs/components'
import { CardHead } from '@/components/card'
import { InfoRow } from '@/components/info-row'
import { DetailPage } from '@/components/detail-page'
import { PhotoGrid } from '@/components/photo-grid'
import { Section, Tag } from '@/components/section'
import { useDetailPage } from '@/hooks/use-detail-page'
import { PROBLEM_CATEGORY_LABELS, PROBLEM_STATUS_LABELS, SATISFACTION_LABELS } from '@/shared/problems'
import { formatDateTime } from '@/utils/format'
import { ProblemActions } from '../../components/problem-actions'
import { ProblemTimeline } from '../../components/problem-timeline'
import { useProblemDetail } from '../../hooks/use-problems'
import { dueText, problemStatusTone } from '@/utils/problem'
import './index.scss'

/** One problem: what and where, who handles it by when, the result and rating, the timeline, and what I can do. */
export default function ProblemDetailPage() {
  const { detail, head } = useDetailPage('问题', useProblemDetail)
  const { problem } = detail
  const due = problem ? dueText(problem) : null

  return (
    <DetailPage head={head} item={problem}>
      {(problem) => (
        <View>
          <Section>
            <CardHead
              large
              title={PROBLEM_CATEGORY_LABELS[problem.category]}
              tag={<Tag tone={problemStatusTone(problem.status)}>{PROBLEM_STATUS_LABELS[problem.status]}</Tag>}
            />
            <View className="problem-detail__meta">
              {problem.reporterName} · {formatDateTime(problem.createdAt)}
            </View>
            <View className="problem-detail__desc">{problem.description}</View>
            {problem.buildingName ? <InfoRow label="楼栋">{problem.buildingName}</InfoRow> : null}
            {problem.location ? <InfoRow label="位置">{problem.location}</InfoRow> : null}
            <PhotoGrid photos={problem.photos} label="问题照片" />
          </Section>
          {problem.orgName || problem.escalated ? (
            <Section title="办理">
              {problem.orgName ? <InfoRow label="处理单位">{problem.orgName}</InfoRow> : null}
              {problem.handlerName ? <InfoRow label="经办人">{problem.handlerName}</InfoRow> : null}
              {due ? (
                <InfoRow label="办理时限" strong={problem.overdue}>
                  {due}
                </InfoRow>
              ) : null}
              {problem.escalated ? <InfoRow label="已上报街道">{problem.escalationReason ?? ''}</InfoRow> : null}
            </Section>
          ) : null}
          {problem.result ? (
            <Section title="处理结果">
              <View className="problem-detail__desc">{problem.result}</View>
              <PhotoGrid photos={problem.resultPhotos} label="处理后的照片" />
              {problem.resolvedAt ? <InfoRow label="办结时间">{formatDateTime(problem.resolvedAt)}</InfoRow> : null}
              {problem.satisfaction ? (
                <InfoRow label="居民评价">{SATISFACTION_LABELS[problem.satisfaction]}</InfoRow>
              ) : null}
              {problem.ratingComment ? <InfoRow label="评价内容">{problem.ratingComment}</InfoRow> : null}
              {problem.status === 'closed' && !problem.satisfaction ? (
                <View className="problem-detail__meta">办结7天内没有评价，已自动结案</View>
              ) : null}
            </Section>
          ) : null}
          <ProblemActions
            actions={problem.actions}
            category={problem.category}
            orgs={detail.orgs}
            busy={detail.busy}
            error={detail.actionError}
            onRun={detail.run}
          />
          <ProblemTimeline events={detail.events} />
        </View>
      )}
    </DetailPage>
  )
}
