import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { isId } from '@/shared/api'
import type { NoticeDetailDto, NoticeKind, ObjectionDto } from '@/shared/notices'
import { useAsync } from '@/hooks/use-async'
import { usePagedList } from '@/hooks/use-paged-list'
import { useSubmit } from '@/hooks/use-submit'
import * as api from '@/services/notices'

/** A community's 公开栏, of one kind or all, newest first, a page at a time; a change of kind starts over. */
export function useNoticeList(communityId: string | null, kind: NoticeKind | null) {
  return usePagedList(
    (cursor) => api.listNotices(communityId ?? '', { kind: kind ?? undefined, cursor }),
    `${communityId}:${kind}`,
    Boolean(communityId),
  )
}

/**
 * A notice (opening it counts my read), with the writes its page offers: my objection while its 公示期 runs, and
 * staff's reply to an objection. An answer is merged into the notice on screen.
 */
export function useNoticeDetail(id: string) {
  const detail = useAsync(() => api.getNotice(id), [id], isId(id))
  const [objections, setObjections] = useState<ObjectionDto[] | null>(null)
  useEffect(() => setObjections(null), [detail.data])
  const notice: NoticeDetailDto | null = detail.data
    ? { ...detail.data, objections: objections ?? detail.data.objections }
    : null

  const merge = useCallback(
    (o: ObjectionDto) => {
      const current = objections ?? detail.data?.objections ?? []
      const exists = current.some((x) => x.id === o.id)
      setObjections(exists ? current.map((x) => (x.id === o.id ? o : x)) : [...current, o])
    },
    [objections, detail.data],
  )

  const object = useSubmit((body: string, key: string) => api.objectToNotice(id, body, key), {
    validate: (body) => (body.trim().length < 2 ? '意见至少2个字' : null),
    onSuccess: (o) => {
      merge(o)
      void Taro.showToast({ title: '意见已提交', icon: 'success' })
    },
  })
  const reply = useSubmit(
    (input: { objectionId: string; body: string }, key: string) =>
      api.replyToObjection(input.objectionId, input.body, key),
    {
      validate: (input) => (input.body.trim().length < 2 ? '答复至少2个字' : null),
      onSuccess: (o) => {
        merge(o)
        void Taro.showToast({ title: '已答复', icon: 'success' })
      },
    },
  )
  return { ...detail, notice, object, reply }
}
