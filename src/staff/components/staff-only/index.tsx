import type { ReactNode } from 'react'
import { AsyncContent, EmptyState } from '@/components/state-views'
import type { StaffScope } from '../../hooks/use-staff-scope'

interface Props {
  scope: StaffScope
  children: ReactNode
}

/** The staff pages' gate: their content only for staff with a community, a plain explanation for anyone else. */
export function StaffOnly({ scope, children }: Props) {
  return (
    <AsyncContent loading={scope.loading} error={scope.error} onRetry={() => void scope.reload()}>
      {!scope.allowed ? (
        <EmptyState icon="!" title="这里只对社区工作人员开放" description="如需开通，请联系街道管理员。" />
      ) : scope.communities.length === 0 ? (
        <EmptyState icon="!" title="您还没有负责的社区" description="请联系街道管理员为您分配社区后再来。" />
      ) : (
        children
      )}
    </AsyncContent>
  )
}
