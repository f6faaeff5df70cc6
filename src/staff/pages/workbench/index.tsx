import { ApplicationCard } from '@/components/application-card'
import { PageHeader, PageShell } from '@/components/page-shell'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useVolunteerReview } from '@/hooks/use-volunteer-review'
import { callPhone } from '@/utils/navigation'
import './index.scss'

export default function WorkbenchPage() {
  const review = useVolunteerReview()
  usePullRefresh(review.reload)

  return (
    <PageShell>
      <PageHeader title="社区工作台" lead="待审核的志愿者申请" />
      <AsyncContent loading={review.loading} error={review.error} onRetry={() => void review.reload()}>
        {!review.allowed ? (
          <EmptyState icon="!" title="这里只对社区工作人员开放" description="如需开通，请联系街道管理员。" />
        ) : review.items.length === 0 ? (
          <EmptyState
            icon="✓"
            title="暂时没有待审核的申请"
            description="有新的志愿者申请时会出现在这里，下拉可以刷新。"
          />
        ) : (
          review.items.map((application) => (
            <ApplicationCard
              key={application.userId}
              application={application}
              busy={review.busy === application.userId}
              error={review.errors[application.userId]}
              onApprove={() => void review.approve(application.userId)}
              onReject={(reason) => review.reject(application.userId, reason)}
              onCall={() => callPhone(application.phone)}
            />
          ))
        )}
      </AsyncContent>
    </PageShell>
  )
}
