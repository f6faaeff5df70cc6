import { View } from '@tarojs/components'
import { Card, CardHead } from '../card'
import { Tag } from '../section'
import { PROBLEM_CATEGORY_LABELS, PROBLEM_STATUS_LABELS, type ProblemSummaryDto } from '@/shared/problems'
import { formatAge } from '@/utils/wish'
import { dueText, problemStatusTone } from '@/utils/problem'
import './index.scss'

/** One problem in a list: what, where, whose (masked), how long ago, where it stands and by when. */
export function ProblemCard({ problem, onOpen }: { problem: ProblemSummaryDto; onOpen: () => void }) {
  const due = dueText(problem)
  return (
    <Card className="problem-card" gap="list" hoverClass="card--pressed" onClick={onOpen}>
      <CardHead
        title={PROBLEM_CATEGORY_LABELS[problem.category]}
        tag={<Tag tone={problemStatusTone(problem.status)}>{PROBLEM_STATUS_LABELS[problem.status]}</Tag>}
      />
      <View className="problem-card__desc">{problem.description}</View>
      <View className="problem-card__meta">
        {[problem.buildingName, problem.location, problem.reporterName, formatAge(problem.createdAt)]
          .filter(Boolean)
          .join(' · ')}
      </View>
      {problem.orgName ? <View className="problem-card__meta">处理单位：{problem.orgName}</View> : null}
      {due ? (
        <View className={problem.overdue ? 'problem-card__due problem-card__due--late' : 'problem-card__due'}>
          {due}
        </View>
      ) : null}
      {problem.escalated ? <View className="problem-card__due problem-card__due--late">已上报街道</View> : null}
    </Card>
  )
}
