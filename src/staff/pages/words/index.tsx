import { View } from '@tarojs/components'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useMe } from '@/hooks/use-session'
import { formatDateTime } from '@/utils/format'
import { WordsEditor } from '../../components/words-editor'
import { useWordList } from '../../hooks/use-workbench'
import './index.scss'

export default function WordsPage() {
  const me = useMe()
  const isAdmin = me.me?.role === 'admin'
  const words = useWordList(isAdmin)
  const { reload } = words
  usePullRefresh(async () => {
    await me.reload()
    if (isAdmin) await reload()
  })

  const list = words.list
  return (
    <PageShell>
      <PageHeader
        title="敏感词"
        lead="居民发布心愿、议题和评论时，含有这些词的内容会被拦下并提示修改。保存后立即生效"
      />
      <AsyncContent loading={me.loading} error={me.error} onRetry={() => void me.reload()}>
        {!isAdmin ? (
          <EmptyState
            icon="!"
            title="敏感词表由平台管理员维护"
            description="如需增加或删除敏感词，请联系平台管理员，并说明是哪个词、在哪里出现。"
          />
        ) : (
          <AsyncContent loading={words.loading} error={words.error} onRetry={() => void reload()}>
            {list ? (
              <View>
                <View className="words__meta">
                  {list.updatedBy && list.updatedAt
                    ? `最近修改：${list.updatedBy}，${formatDateTime(list.updatedAt)}`
                    : list.updatedAt
                      ? `最近修改：${formatDateTime(list.updatedAt)}`
                      : '这是系统自带的词表，还没有人修改过'}
                </View>
                <Section>
                  <WordsEditor
                    key={list.updatedAt ?? 'shipped'}
                    saved={list.words}
                    saving={words.saving}
                    saveError={words.saveError}
                    onSave={words.save}
                  />
                </Section>
              </View>
            ) : null}
          </AsyncContent>
        )}
      </AsyncContent>
    </PageShell>
  )
}
