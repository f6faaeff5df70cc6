import { useState } from 'react'
import { View } from '@tarojs/components'
import { FilterChips } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useMe } from '@/hooks/use-session'
import { formatDateTime } from '@/utils/format'
import { StaffOnly } from '../../components/staff-only'
import { WordsEditor } from '../../components/words-editor'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { useWordList } from '../../hooks/use-workbench'
import './index.scss'

/**
 * 敏感词: the admin keeps the platform's list, which applies in every community; staff keep their community's own,
 * which applies to what is written there, on top of the platform's (issue #18).
 */
export default function WordsPage() {
  const me = useMe()
  const scope = useStaffScope()
  const isAdmin = me.me?.role === 'admin'
  const [chosen, setChosen] = useState<string | null>(null)
  const community = isAdmin ? null : (scope.communities.find((c) => c.id === chosen) ?? scope.communities[0] ?? null)
  const words = useWordList(community?.id ?? null, scope.allowed && (isAdmin || community !== null))
  const { reload } = words
  usePullRefresh(async () => {
    await scope.reload()
    await reload()
  })

  const list = words.list
  return (
    <PageShell>
      <PageHeader
        title="敏感词"
        lead={
          isAdmin
            ? '平台词表对所有社区生效：居民发布心愿、议题和评论时，含有这些词的内容会被拦下并提示修改。保存后立即生效'
            : '本社区词表只对本社区生效，平台管理员维护的通用词表（辱骂、诈骗、赌博等）对所有社区都生效。保存后立即生效'
        }
      />
      <StaffOnly scope={scope}>
        {!isAdmin && scope.communities.length > 1 ? (
          <FilterChips
            chips={scope.communities.map((c) => ({ value: c.id, label: c.name }))}
            value={community?.id ?? ''}
            onChange={setChosen}
          />
        ) : null}
        <AsyncContent loading={words.loading} error={words.error} onRetry={() => void reload()}>
          {list ? (
            <View>
              <View className="words__meta">
                {community ? `「${community.name}」自己的敏感词。` : ''}
                {list.updatedBy && list.updatedAt
                  ? `最近修改：${list.updatedBy}，${formatDateTime(list.updatedAt)}`
                  : list.updatedAt
                    ? `最近修改：${formatDateTime(list.updatedAt)}`
                    : community
                      ? '还没有添加过，需要时在下面添加。'
                      : '这是系统自带的词表，还没有人修改过'}
              </View>
              <Section>
                <WordsEditor
                  key={`${community?.id ?? 'platform'}:${list.updatedAt ?? 'shipped'}`}
                  saved={list.words}
                  saving={words.saving}
                  saveError={words.saveError}
                  onSave={words.save}
                  emptyText={
                    community ? '本社区还没有自己的敏感词，平台词表照常生效。在上面输入词语后点「添加」。' : undefined
                  }
                />
              </Section>
            </View>
          ) : null}
        </AsyncContent>
      </StaffOnly>
    </PageShell>
  )
}
