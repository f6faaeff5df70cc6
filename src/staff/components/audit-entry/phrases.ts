import { ROUTES } from '@/routes'
import { BOOKING_STATUS_LABELS } from '@/shared/stations'
import { ROLE_LABELS, VOLUNTEER_STATUS_LABELS } from '@/shared/identity'
import { TOPIC_STATUS_LABELS } from '@/shared/topics'
import { WISH_STATUS_LABELS } from '@/shared/wishes'
import { AUDIT_ACTION_PHRASES } from '@/shared/workbench'

/** Pure helpers of 操作记录 (no Taro, so unit tests run them in Node). */

/**
 * The phrase of an action, said after the actor's name: 陈主任 审核通过了心愿. The table is AUDIT_ACTION_PHRASES; an
 * action this version does not know still reads as Chinese, never as its code.
 */
export function auditActionPhrase(action: string): string {
  return (AUDIT_ACTION_PHRASES as Record<string, string>)[action] ?? '进行了一项操作'
}

/** Who did it: 陈主任（社区工作者）; the system's own actions (automatic hiding, timeouts) say 系统. */
export function auditActor(entry: { actorName: string | null; actorRole: string }): string {
  if (entry.actorRole === 'system' || (!entry.actorName && !entry.actorRole)) return '系统'
  const role = (ROLE_LABELS as Record<string, string>)[entry.actorRole] ?? entry.actorRole
  if (!entry.actorName) return role
  // The admin's name is often its role: 平台管理员, not 平台管理员（平台管理员）.
  return entry.actorName === role ? role : `${entry.actorName}（${role}）`
}

/** Where the thing acted on can be looked at, with the words of the link; null for what has no page. */
export function auditEntityLink(entry: {
  entityType: string
  entityId: string | null
}): { url: string; label: string } | null {
  if (!entry.entityId) return null
  const id = encodeURIComponent(entry.entityId)
  switch (entry.entityType) {
    case 'wish':
      return { url: `${ROUTES.wishDetail}?id=${id}`, label: '查看这个心愿' }
    case 'topic':
      return { url: `${ROUTES.topicDetail}?id=${id}`, label: '查看这个议题' }
    case 'station':
      return { url: `${ROUTES.staffStationManage}?stationId=${id}`, label: '查看这个驿站' }
    case 'notice':
      return { url: `${ROUTES.noticeDetail}?id=${id}`, label: '查看这则公告' }
    default:
      return null
  }
}

/** The kinds of action staff filter on: each an action prefix the server matches. */
export const AUDIT_KIND_CHIPS = [
  { value: '', label: '全部' },
  { value: 'wish.', label: '心愿' },
  { value: 'topic.', label: '议题' },
  { value: 'comment.', label: '评论' },
  { value: 'station.', label: '驿站' },
  { value: 'service.', label: '驿站服务' },
  { value: 'booking.', label: '签到' },
  { value: 'volunteer.', label: '志愿者' },
] as const

/** The admin also sees who was given which community, and the changes to the word list. */
export const AUDIT_ADMIN_CHIPS = [
  { value: 'staff.', label: '工作人员' },
  { value: 'words.', label: '敏感词' },
] as const

const FIELD_LABELS: Record<string, string> = {
  status: '状态',
  reason: '原因',
  note: '说明',
  hidden: '是否隐藏',
  reports: '举报次数',
  name: '名称',
  address: '地址',
  lat: '纬度',
  lng: '经度',
  phone: '电话',
  intro: '介绍',
  active: '是否启用',
  date: '日期',
  summary: '处理结果',
  progress: '办理进度',
  slot_minutes: '每个时段（分钟）',
  slotMinutes: '每个时段（分钟）',
  capacity: '每个时段名额',
  booking_window_days: '可提前预约（天）',
  bookingWindowDays: '可提前预约（天）',
  cancel_cutoff_minutes: '取消截止（开始前分钟）',
  cancelCutoffMinutes: '取消截止（开始前分钟）',
  schedule: '每周开放时间',
  words: '敏感词',
  count: '词数',
  added: '新增的词',
  removed: '删除的词',
  title: '标题',
  options: '投票选项',
}

/** Fields that say nothing to a person reading the record. */
const SKIPPED = new Set(['id', 'community_id', 'communityId', 'station_id', 'stationId', 'created_at', 'updated_at'])

const STATUS_LABELS: Record<string, Record<string, string>> = {
  wish: WISH_STATUS_LABELS,
  topic: TOPIC_STATUS_LABELS,
  volunteer: VOLUNTEER_STATUS_LABELS,
  booking: BOOKING_STATUS_LABELS,
}

const TEXT_MAX = 60

function clip(text: string): string {
  return text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX)}…` : text
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

/** One value in words: 是 / 否, a status in Chinese, a list joined, anything else short. */
export function auditValue(value: unknown, field = '', entityType = ''): string {
  if (value === null || value === undefined || value === '') return '（空）'
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (typeof value === 'string') {
    if (field === 'status') return STATUS_LABELS[entityType]?.[value] ?? value
    return clip(value)
  }
  if (typeof value === 'number') return field === 'progress' ? `${value}%` : String(value)
  if (isStringList(value)) return value.length ? clip(value.join('、')) : '（空）'
  if (Array.isArray(value)) return `${value.length}项`
  return clip(JSON.stringify(value))
}

export interface AuditChange {
  field: string
  label: string
  /** Null when the record has no "before" (something new). */
  before: string | null
  after: string
}

const asObject = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null

/** For a list of words edited: what was added and taken away, rather than two walls of words. */
function listDiff(before: string[], after: string[]): string {
  const had = new Set(before)
  const has = new Set(after)
  const added = after.filter((w) => !had.has(w))
  const removed = before.filter((w) => !has.has(w))
  const parts = [
    added.length ? `新增 ${clip(added.join('、'))}` : '',
    removed.length ? `删除 ${clip(removed.join('、'))}` : '',
  ].filter(Boolean)
  return parts.length ? parts.join('；') : '没有变化'
}

/**
 * What changed, field by field, for the expandable summary of an entry: only the fields whose value differs
 * (all of them when there is no "before"), with Chinese names, ids and timestamps left out.
 */
export function auditChanges(before: unknown, after: unknown, entityType: string): AuditChange[] {
  const b = asObject(before)
  const a = asObject(after)
  if (!a && !b) return []
  const fields = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((f) => !SKIPPED.has(f))
  const changes: AuditChange[] = []
  for (const field of fields) {
    const label = FIELD_LABELS[field] ?? field
    const was = b?.[field]
    const now = a?.[field]
    if (b && a && field in b && field in a) {
      // Empty on both sides (null, or missing) is no change.
      if (JSON.stringify(was ?? null) === JSON.stringify(now ?? null)) continue
      if (isStringList(was) && isStringList(now)) {
        changes.push({ field, label, before: null, after: listDiff(was, now) })
      } else {
        changes.push({
          field,
          label,
          before: auditValue(was, field, entityType),
          after: auditValue(now, field, entityType),
        })
      }
      continue
    }
    // On one side only: a value recorded with the action (a reason, the words added), said as it is.
    const value = a && field in a ? now : was
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) continue
    changes.push({ field, label, before: null, after: auditValue(value, field, entityType) })
  }
  return changes
}
