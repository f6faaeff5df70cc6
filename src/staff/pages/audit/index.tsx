import { useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { SelectBox } from '@/components/field'
import { FilterChips } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useMe } from '@/hooks/use-session'
import { shanghaiDate } from '@/shared/stations'
import { AuditEntry } from '../../components/audit-entry'
import { AUDIT_ADMIN_CHIPS, AUDIT_KIND_CHIPS } from '../../components/audit-entry/phrases'
import { StaffOnly } from '../../components/staff-only'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { useAuditLog } from '../../hooks/use-workbench'
import { control } from '@/components/aria'
import './index.scss'

/** 2025-11-22 → 11月22日 */
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`

export default function AuditPage() {
  const scope = useStaffScope()
  const { me } = useMe()
  const [communityId, setCommunityId] = useState('')
  const [action, setAction] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const log = useAuditLog({ communityId, action, from, to }, scope.allowed && scope.communities.length > 0)
  const { reload } = log
  usePullRefresh(async () => {
    await scope.reload()
    await reload()
  })
  useReachBottom(() => void log.loadMore())

  const today = shanghaiDate(new Date())
  const names = new Map(scope.communities.map((c) => [c.id, c.name]))
  const several = scope.communities.length > 1
  const kinds = me?.role === 'admin' ? [...AUDIT_KIND_CHIPS, ...AUDIT_ADMIN_CHIPS] : AUDIT_KIND_CHIPS
  const filtered = Boolean(communityId || action || from || to)

  return (
    <PageShell>
      <PageHeader title="操作记录" lead="工作人员的每一次审核、修改和处理都记录在这里：谁、做了什么、什么时候" />
      <StaffOnly scope={scope}>
        <View className="audit__filters">
          {several ? (
            <FilterChips
              chips={[
                { value: '', label: '全部社区' },
                ...scope.communities.map((c) => ({ value: c.id, label: c.name })),
              ]}
              value={communityId}
              onChange={setCommunityId}
            />
          ) : null}
          <FilterChips chips={kinds} value={action} onChange={setAction} />
          <View className="audit__dates">
            <Picker mode="date" value={from || today} end={to || today} onChange={(e) => setFrom(e.detail.value)}>
              <SelectBox text={from ? `从 ${monthDay(from)}` : null} placeholder="开始日期" />
            </Picker>
            <View className="audit__dates-to">至</View>
            <Picker mode="date" value={to || today} start={from} end={today} onChange={(e) => setTo(e.detail.value)}>
              <SelectBox text={to ? `到 ${monthDay(to)}` : null} placeholder="结束日期" />
            </Picker>
          </View>
          {from || to ? (
            <View
              className="audit__clear"
              {...control()}
              onClick={() => {
                setFrom('')
                setTo('')
              }}
            >
              不限日期
            </View>
          ) : null}
        </View>
        <AsyncContent loading={log.loading} error={log.error} onRetry={() => void reload()}>
          {log.items.length === 0 ? (
            <EmptyState
              icon="○"
              title={filtered ? '没有符合条件的记录' : '还没有操作记录'}
              description={
                filtered ? '换一个类别或日期再看看。' : '审核心愿、处理举报、修改驿站等操作后，会记录在这里。'
              }
            />
          ) : (
            <View>
              {log.items.map((entry) => (
                <AuditEntry
                  key={entry.id}
                  entry={entry}
                  communityName={several && entry.communityId ? (names.get(entry.communityId) ?? null) : null}
                />
              ))}
              {log.moreError ? <View className="audit__error">{log.moreError}</View> : null}
              {log.hasMore ? (
                <ActionButton block variant="plain" loading={log.loadingMore} onClick={() => void log.loadMore()}>
                  加载更多
                </ActionButton>
              ) : (
                <View className="audit__end">没有更早的记录了</View>
              )}
            </View>
          )}
        </AsyncContent>
      </StaffOnly>
    </PageShell>
  )
}
