import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { FilterChips, type Chip } from '@/components/filter-chips'
import { NoticeCard } from '@/components/notice-card'
import { PageHeader, PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { useSession } from '@/hooks/use-session'
import { isId } from '@/shared/api'
import { NOTICE_KINDS, NOTICE_KIND_LABELS, type NoticeKind } from '@/shared/notices'
import { openNotice } from '@/utils/navigation'
import { useNoticeList } from '../../hooks/use-notices'

type KindFilter = NoticeKind | 'all'
const KIND_CHIPS: Chip<KindFilter>[] = [
  { value: 'all', label: '全部' },
  ...NOTICE_KINDS.map((k) => ({ value: k, label: NOTICE_KIND_LABELS[k] })),
]

/** 公开栏: the community's notices, 居务 and 财务 in public, newest first; a correction never hides what it corrects. */
export default function NoticesListPage() {
  const param = useRouter().params.communityId ?? ''
  const { me } = useSession()
  const communityId = isId(param) ? param : (me?.communityId ?? null)
  const [kind, setKind] = useState<KindFilter>('all')
  const list = useNoticeList(communityId, kind === 'all' ? null : kind)
  usePullRefresh(list.reload)
  useReloadOnReturn(list.reload, Boolean(communityId))

  return (
    <PageShell>
      <PageHeader title="公开栏" lead="社区的通知、居务、财务和结果公示；发布后不能修改，更正会另发公告" />
      {communityId ? (
        <>
          <FilterChips chips={KIND_CHIPS} value={kind} onChange={setKind} />
          <PagedListView
            list={list}
            renderItem={(n) => <NoticeCard key={n.id} notice={n} onOpen={() => openNotice(n.id)} />}
            end="没有更早的公告了"
            empty={
              <EmptyState
                icon="公"
                title={kind === 'all' ? '社区还没有发布公告' : `还没有${NOTICE_KIND_LABELS[kind]}`}
                description="社区发布新公告时，会发消息告诉认证住户。"
              />
            }
          />
        </>
      ) : (
        <EmptyState
          icon="!"
          title="请先选择您所在的社区"
          description={'在"我的"里选择社区后，就能看到社区的公开栏。'}
        />
      )}
    </PageShell>
  )
}
