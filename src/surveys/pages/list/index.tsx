import { View } from '@tarojs/components'
import { Card, CardHead, CardFoot } from '@/components/card'
import { PageHeader, PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { Tag } from '@/components/section'
import { EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { useSession } from '@/hooks/use-session'
import { SURVEY_STATUS_LABELS, type SurveySummaryDto } from '@/shared/surveys'
import { formatDateTime } from '@/utils/format'
import { useSurveyList } from '../../hooks/use-surveys'
import { openSurvey } from '../../navigation'
import './index.scss'

const TONES = { upcoming: 'warning', open: 'success', closed: 'neutral' } as const

function SurveyCard({ survey }: { survey: SurveySummaryDto }) {
  const action =
    survey.status === 'open'
      ? survey.answered
        ? '修改我的评分'
        : '去打分'
      : survey.status === 'closed'
        ? '看结果'
        : '查看'
  return (
    <Card
      className="survey-list__card"
      gap="list"
      onClick={() => openSurvey(survey.id)}
      aria-label={`${survey.title}，${action}`}
    >
      <CardHead
        title={survey.title}
        tag={<Tag tone={TONES[survey.status]}>{SURVEY_STATUS_LABELS[survey.status]}</Tag>}
      />
      <View className="survey-list__meta">
        {survey.items.length}项 · {formatDateTime(survey.opensAt)} 至 {formatDateTime(survey.closesAt)}
      </View>
      <CardFoot note={survey.answered ? '您已参与' : survey.status === 'open' ? '您还没有打分' : ''} action={action} />
    </Card>
  )
}

/** 群众满意度测评: the community's surveys, the open ones to answer and the closed ones' results (评价结果公开). */
export default function SurveyListPage() {
  const { me } = useSession()
  const communityId = me?.membership?.status === 'verified' ? me.membership.communityId : (me?.communityId ?? null)
  const list = useSurveyList(communityId)
  usePullRefresh(list.reload)
  useReloadOnReturn(list.reload, Boolean(communityId))
  return (
    <PageShell>
      <PageHeader title="满意度测评" lead="为社区的工作打个分，测评结束后结果向全体居民公开" />
      {communityId ? (
        <PagedListView
          list={list}
          renderItem={(s) => <SurveyCard key={s.id} survey={s} />}
          empty={<EmptyState icon="评" title="社区还没有发起测评" description="发起后会通知您，到时请来打分。" />}
        />
      ) : (
        <EmptyState
          icon="评"
          title="请先选择您所在的社区"
          description={'在"我的"里选择社区并完成住户认证后，就可以参与测评了。'}
        />
      )}
    </PageShell>
  )
}
