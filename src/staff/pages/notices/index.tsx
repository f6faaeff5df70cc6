import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { Field, TextArea, TextInput } from '@/components/field'
import { FilterChips, type Chip } from '@/components/filter-chips'
import { NoticeCard } from '@/components/notice-card'
import { PageHeader, PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { PhotoPicker } from '@/components/photo-picker'
import { Section } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { useAsync } from '@/hooks/use-async'
import { usePagedList } from '@/hooks/use-paged-list'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { useSubmit } from '@/hooks/use-submit'
import { getNotice, listNotices, publishNotice, type PublishNoticeInput } from '@/services/notices'
import { isId } from '@/shared/api'
import {
  createNoticeSchema,
  MAX_NOTICE_ATTACHMENTS,
  NOTICE_KINDS,
  NOTICE_KIND_LABELS,
  type NoticeKind,
} from '@/shared/notices'
import { addDays, shanghaiDate } from '@/shared/stations'
import { openNotice } from '@/utils/navigation'
import { fieldIssues } from '@/utils/validation'
import { StaffOnly } from '../../components/staff-only'
import { WhenPicker } from '../../components/when-picker'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { shanghaiIso } from '../../utils/topics'
import './index.scss'

const KIND_CHIPS: Chip<NoticeKind>[] = NOTICE_KINDS.map((k) => ({ value: k, label: NOTICE_KIND_LABELS[k] }))
type Window = 'none' | 'until'
const WINDOW_CHIPS: Chip<Window>[] = [
  { value: 'none', label: '不设公示期' },
  { value: 'until', label: '设公示期，接受居民意见' },
]
type Errors = Partial<Record<keyof PublishNoticeInput, string>>

/**
 * 公开栏 for staff: publish a notice (kind, title, text, photos and PDFs, an optional 公示期), or — opened from a
 * notice's 更正 — a correction of it, filled in from it. A published notice is never edited. Below, the community's
 * notices, to open one and reply to objections or correct it.
 */
export default function StaffNoticesPage() {
  const scope = useStaffScope()
  const supersedesParam = useRouter().params.supersedesId ?? ''
  const supersedesId = isId(supersedesParam) ? supersedesParam : null
  const corrected = useAsync(() => getNotice(supersedesId!), [supersedesId], Boolean(supersedesId))
  const [chosenCommunity, setChosenCommunity] = useState('')
  const communityId = corrected.data?.communityId ?? (chosenCommunity || scope.communities[0]?.id || '')

  const [kind, setKind] = useState<NoticeKind>('notice')
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [files, setFiles] = useState<{ ids: string[]; unfinished: number }>({ ids: [], unfinished: 0 })
  const [period, setPeriod] = useState<Window>('none')
  const [untilDate, setUntilDate] = useState(addDays(shanghaiDate(new Date()), 7))
  const [untilTime, setUntilTime] = useState('18:00')
  const [errors, setErrors] = useState<Errors>({})

  // A correction starts from what it corrects.
  useEffect(() => {
    const old = corrected.data
    if (!old) return
    setKind(old.kind)
    setTitle(`${old.title}（更正）`.slice(0, 60))
    setBody(old.body)
  }, [corrected.data])

  const form = useSubmit((input: PublishNoticeInput, key: string) => publishNotice(communityId, input, key), {
    validate: (input) => {
      const issues = fieldIssues<keyof PublishNoticeInput>(createNoticeSchema, input)
      setErrors(issues)
      if (files.unfinished > 0) return '还有附件没有上传完成，请等待或删除后再发布'
      return Object.keys(issues).length ? '请按红字提示修改后再发布' : null
    },
    onSuccess: (notice) => openNotice(notice.id, { replace: true }),
  })
  const submit = () =>
    void form.submit({
      kind,
      title: title.trim(),
      body: body.trim(),
      attachmentIds: files.ids.length ? files.ids : undefined,
      objectionsUntil: period === 'until' ? shanghaiIso(untilDate, untilTime) : undefined,
      supersedesId: supersedesId ?? undefined,
    })

  const list = usePagedList(
    (cursor) => listNotices(communityId, { cursor }),
    `staff-notices:${communityId}`,
    Boolean(communityId),
  )
  usePullRefresh(list.reload)
  useReloadOnReturn(list.reload, Boolean(communityId))
  const communityChips: Chip<string>[] = scope.communities.map((c) => ({ value: c.id, label: c.name }))

  return (
    <PageShell>
      <PageHeader
        title={supersedesId ? '更正公告' : '公开栏'}
        lead="公告发布后不能修改；内容有误时发一则更正公告，原公告仍然可见并标明已被更正"
      />
      <StaffOnly scope={scope}>
        <AsyncContent loading={corrected.loading} error={corrected.error} onRetry={() => void corrected.reload()}>
          {communityChips.length > 1 && !supersedesId ? (
            <FilterChips chips={communityChips} value={communityId} onChange={setChosenCommunity} />
          ) : null}
          <Section title={supersedesId ? '发布更正公告' : '发布公告'}>
            {corrected.data ? (
              <View className="staff-notices__corrects">更正的是：「{corrected.data.title}」</View>
            ) : null}
            <Field label="类别" error={errors.kind}>
              <FilterChips chips={KIND_CHIPS} value={kind} onChange={setKind} />
            </Field>
            <Field label="标题" error={errors.title}>
              <TextInput value={title} onChange={setTitle} maxlength={60} placeholder="2–60个字" label="公告标题" />
            </Field>
            <Field label="内容" error={errors.body}>
              <TextArea value={body} onChange={setBody} maxlength={5000} placeholder="公告正文，最多5000字" />
            </Field>
            <Field
              label="附件"
              hint={`照片或PDF，最多${MAX_NOTICE_ATTACHMENTS}个，每个不超过5MB`}
              error={errors.attachmentIds}
            >
              <PhotoPicker
                documents
                max={MAX_NOTICE_ATTACHMENTS}
                onChange={(ids, unfinished) => setFiles({ ids, unfinished })}
              />
            </Field>
            <Field label="公示期" error={errors.objectionsUntil}>
              <FilterChips chips={WINDOW_CHIPS} value={period} onChange={setPeriod} />
              {period === 'until' ? (
                <WhenPicker
                  label="公示截止时间"
                  date={untilDate}
                  time={untilTime}
                  onDate={setUntilDate}
                  onTime={setUntilTime}
                />
              ) : null}
            </Field>
            {form.error ? <View className="staff-notices__error">{form.error}</View> : null}
            <ActionButton block loading={form.submitting} onClick={submit}>
              {supersedesId ? '发布更正' : '发布'}
            </ActionButton>
          </Section>
          {supersedesId ? null : (
            <Section title="已发布的公告">
              <View className="staff-notices__hint">打开公告可以答复居民意见，或发布更正。</View>
              <PagedListView
                list={list}
                renderItem={(n) => <NoticeCard key={n.id} notice={n} onOpen={() => openNotice(n.id)} />}
                empty={<EmptyState icon="公" title="还没有发布公告" description="发布的公告会通知本社区的认证住户。" />}
              />
            </Section>
          )}
        </AsyncContent>
      </StaffOnly>
    </PageShell>
  )
}
