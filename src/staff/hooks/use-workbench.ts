import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import type { AuditEntryDto, AuditQuery, QueueItemDto, QueueKind, WordListDto } from '@/shared/workbench'
import { useAsync } from '@/hooks/use-async'
import { usePagedList } from '@/hooks/use-paged-list'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { useSubmit } from '@/hooks/use-submit'
import { getQueue, getWords, listAudit, saveWords } from '@/services/workbench'
import type { QueueFilter } from '../components/queue-item/waited'
import { wordsIssue } from '../components/words-editor/word-list'

/** 待办 of the staff member's communities and the workbench's count; 操作记录; 敏感词 (issue #6). */

export interface QueueSummary {
  counts: Record<QueueKind, number>
  total: number
}

/**
 * 待办: everything waiting, oldest first, one kind or all, paged. The counts come with every page and do not depend
 * on the filter, so the chips keep theirs. Reloaded on coming back from where an item was dealt with, so a done
 * item leaves the list.
 */
export function useQueue(filter: QueueFilter, enabled: boolean) {
  const [summary, setSummary] = useState<QueueSummary | null>(null)
  const list = usePagedList<QueueItemDto>(
    async (cursor) => {
      const page = await getQueue({ kind: filter === 'all' ? undefined : filter, cursor })
      setSummary({ counts: page.counts, total: page.total })
      return page
    },
    filter,
    enabled,
  )
  useReloadOnReturn(list.reload)
  return { ...list, summary }
}

/**
 * The number on the workbench's 待办 entry: null while unknown or when it could not be loaded. Asked again whenever
 * `decisions` changes (a decision taken on the workbench itself); the page reloads it when it shows again.
 */
export function useQueueTotal(enabled: boolean, decisions: number) {
  const state = useAsync(() => getQueue({ limit: 1 }), [decisions], enabled)
  return { total: state.data && !state.error ? state.data.total : null, reload: state.reload }
}

export type AuditFilters = Pick<AuditQuery, 'communityId' | 'action' | 'from' | 'to'>

/** 操作记录, newest first, with the filters chosen; a change of filter starts over. */
export function useAuditLog(filters: AuditFilters, enabled: boolean) {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as AuditFilters
  return usePagedList<AuditEntryDto>((cursor) => listAudit({ ...query, cursor }), JSON.stringify(query), enabled)
}

/**
 * 敏感词: a community's own list (communityId), or the platform's (null, the admin's), as saved, and saving a new
 * one (checked with the shared schema first; a retry of the same list reuses its Idempotency-Key). After saving, the
 * server's answer is the saved list.
 */
export function useWordList(communityId: string | null, enabled: boolean) {
  const state = useAsync(() => getWords(communityId), [communityId], enabled)
  const [saved, setSaved] = useState<WordListDto | null>(null)
  // What was saved belongs to the list it was saved to: another community's starts from the server's.
  useEffect(() => setSaved(null), [communityId])
  const list = saved ?? state.data ?? null

  const send = useCallback((words: string[], key: string) => saveWords(communityId, { words }, key), [communityId])
  const onSuccess = useCallback((result: WordListDto) => {
    setSaved(result)
    void Taro.showToast({ title: '已保存，立即生效', icon: 'success' })
  }, [])
  const submit = useSubmit(send, { validate: wordsIssue, onSuccess })

  const { reload: reloadList } = state
  const reload = useCallback(async () => {
    await reloadList()
    setSaved(null)
  }, [reloadList])

  return {
    list,
    loading: state.loading && !list,
    error: list ? null : state.error,
    reload,
    save: submit.submit,
    saving: submit.submitting,
    saveError: submit.error,
    clearSaveError: submit.clearError,
  }
}
