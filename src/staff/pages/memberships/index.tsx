import { useCallback, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { ReviewCard } from '@/components/application-card'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Tag } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { useAsync } from '@/hooks/use-async'
import { useCommunities } from '@/hooks/use-communities'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useMe } from '@/hooks/use-session'
import { toApiError } from '@/services/http'
import { approveMembership, listPendingMemberships, rejectMembership } from '@/services/memberships'
import { reasonSchema } from '@/shared/identity'
import { RELATION_LABELS, addressOf, type MembershipForStaffDto } from '@/shared/memberships'
import { formatDateTime } from '@/utils/format'
import { firstIssue } from '@/utils/validation'
import { reviewableCommunityIds } from '../../hooks/use-volunteer-review'
import './index.scss'

/** Every pending application of the staff member's communities, oldest first. */
async function loadPending(communityIds: string[]): Promise<MembershipForStaffDto[]> {
  const pages = await Promise.all(communityIds.map((id) => listPendingMemberships(id)))
  return pages.flatMap((p) => p.items).sort((a, b) => a.appliedAt.localeCompare(b.appliedAt))
}

/** 认证审核: staff check the address a resident gave and approve (the household is attached) or reject with a reason. */
export default function MembershipsPage() {
  const { me } = useMe()
  const { communities, loading: listLoading } = useCommunities()
  const ids = useMemo(() => (me ? reviewableCommunityIds(me, communities) : []), [me, communities])
  const ready = Boolean(me) && !listLoading
  const queue = useAsync(() => loadPending(ids), [ids.join(','), ready], ready && ids.length > 0)
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set())
  const [busy, setBusy] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const actions = useKeyedActions()
  usePullRefresh(queue.reload)

  const decide = useCallback(
    async (id: string, reason: string | null) => {
      if (reason !== null) {
        const invalid = firstIssue(reasonSchema, { reason })
        if (invalid) {
          setErrors((e) => ({ ...e, [id]: invalid }))
          return false
        }
      }
      setBusy(id)
      setErrors((e) => ({ ...e, [id]: '' }))
      try {
        await actions.run(`${reason === null ? 'approve' : 'reject'}:${id}`, reason, (key) =>
          reason === null ? approveMembership(id, key) : rejectMembership(id, reason.trim(), key),
        )
        setDecided((d) => new Set(d).add(id))
        void Taro.showToast({ title: reason === null ? '已通过' : '已退回', icon: 'success' })
        return true
      } catch (e) {
        setErrors((errs) => ({ ...errs, [id]: toApiError(e).message }))
        return false
      } finally {
        setBusy(null)
      }
    },
    [actions],
  )

  const items = (queue.data ?? []).filter((m) => !decided.has(m.id))
  const names = new Map(communities.map((c) => [c.id, c.name]))
  return (
    <PageShell>
      <PageHeader title="认证审核" lead="核实居民填写的楼栋、房号和身份，通过后才能发布、评论和投票" />
      <AsyncContent loading={queue.loading && !queue.data} error={queue.error} onRetry={() => void queue.reload()}>
        {items.length === 0 ? (
          <EmptyState
            icon="✓"
            title="暂时没有待审核的认证"
            description="有新的住户认证申请时会出现在这里，下拉可以刷新。"
          />
        ) : (
          items.map((m) => (
            <ReviewCard
              key={m.id}
              busy={busy === m.id}
              error={errors[m.id]}
              onApprove={() => void decide(m.id, null)}
              onReject={(reason) => decide(m.id, reason)}
              reasonHint="申请人会在“住户认证”里看到这个原因"
              reasonPlaceholder="例如：房号与登记不符，请核对"
            >
              <View className="memberships__name">
                {m.realName}（{RELATION_LABELS[m.relation]}）
              </View>
              <View className="memberships__row">
                {names.get(m.communityId) ?? m.communityName} · {addressOf(m)}
              </View>
              <View className="memberships__row">
                <Tag tone={m.householdKnown ? 'success' : 'warning'}>
                  {m.householdKnown ? '该户已登记' : '该户未登记，通过后自动建档'}
                </Tag>
              </View>
              <View className="memberships__row memberships__row--muted">
                微信昵称：{m.nickname} · 申请于 {formatDateTime(m.appliedAt)}
              </View>
            </ReviewCard>
          ))
        )}
      </AsyncContent>
    </PageShell>
  )
}
