import { describe, expect, it } from 'vitest'
import { ROUTES } from '@/routes'
import { WORD_MAX, WORDS_MAX } from '@/shared/workbench'
import {
  AUDIT_KIND_CHIPS,
  auditActionPhrase,
  auditActor,
  auditChanges,
  auditEntityLink,
  auditValue,
} from '@/staff/components/audit-entry/phrases'
import { queueChips, queueItemUrl, waitedFor, waitedTone } from '@/staff/components/queue-item/waited'
import {
  addWords,
  changesText,
  removeWord,
  splitWords,
  wordChanges,
  wordsIssue,
} from '@/staff/components/words-editor/word-list'

const NOW = new Date('2025-11-22T01:00:00.000Z')
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString()
const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

describe('how long a queue item has waited', () => {
  it('says it in the largest whole unit', () => {
    expect(waitedFor(ago(20_000), NOW)).toBe('刚刚')
    expect(waitedFor(ago(MIN), NOW)).toBe('等了1分钟')
    expect(waitedFor(ago(59 * MIN), NOW)).toBe('等了59分钟')
    expect(waitedFor(ago(HOUR), NOW)).toBe('等了1小时')
    expect(waitedFor(ago(23 * HOUR + 59 * MIN), NOW)).toBe('等了23小时')
    expect(waitedFor(ago(DAY), NOW)).toBe('等了1天')
    expect(waitedFor(ago(10 * DAY + 5 * HOUR), NOW)).toBe('等了10天')
  })

  it('treats a clock a little ahead of the server, or a bad date, as just now', () => {
    expect(waitedFor(ago(-5 * MIN), NOW)).toBe('刚刚')
    expect(waitedFor('not a date', NOW)).toBe('刚刚')
  })

  it('colours a day as worth noticing and three days as late', () => {
    expect(waitedTone(ago(23 * HOUR), NOW)).toBe('neutral')
    expect(waitedTone(ago(DAY), NOW)).toBe('warning')
    expect(waitedTone(ago(3 * DAY), NOW)).toBe('danger')
  })
})

describe('where a queue item is dealt with', () => {
  const id = '7a1b2c3d-1111-4111-8111-aaaaaaaaaaaa'
  it('opens the wish, the topic’s review, the reports or the applications on the workbench', () => {
    expect(queueItemUrl({ kind: 'wish_review', id })).toBe(`${ROUTES.wishDetail}?id=${id}`)
    expect(queueItemUrl({ kind: 'wish_unconfirmed', id })).toBe(`${ROUTES.wishDetail}?id=${id}`)
    expect(queueItemUrl({ kind: 'topic_review', id })).toBe(`${ROUTES.staffTopicReview}?id=${id}`)
    expect(queueItemUrl({ kind: 'reported_comment', id })).toBe(ROUTES.staffCommentReports)
    expect(queueItemUrl({ kind: 'volunteer_application', id })).toBe(ROUTES.staffWorkbench)
    // Staff assign a problem, and the street follows an escalated one, on the problem's own page.
    expect(queueItemUrl({ kind: 'problem_unassigned', id })).toBe(`${ROUTES.problemDetail}?id=${id}`)
    expect(queueItemUrl({ kind: 'problem_escalated', id })).toBe(`${ROUTES.problemDetail}?id=${id}`)
  })
})

describe('the queue’s filter chips', () => {
  const counts = {
    wish_review: 2,
    topic_review: 0,
    reported_comment: 1,
    volunteer_application: 0,
    membership_application: 0,
    wish_unconfirmed: 0,
    problem_unassigned: 0,
    problem_escalated: 0,
  }
  it('show 全部 with the total and each kind that has something waiting', () => {
    expect(queueChips(counts, 3, 'all').map((c) => c.label)).toEqual(['全部 3', '心愿待审核 2', '评论被举报 1'])
  })
  it('keep the chosen kind at 0, so the filter stays visible after its last item', () => {
    expect(queueChips(counts, 3, 'topic_review').map((c) => c.value)).toEqual([
      'all',
      'wish_review',
      'topic_review',
      'reported_comment',
    ])
  })
  it('say only 全部 while the counts are unknown', () => {
    expect(queueChips(null, null, 'all')).toEqual([{ value: 'all', label: '全部' }])
  })
})

describe('audit entries in plain Chinese', () => {
  it('phrases the actions of every feature', () => {
    expect(auditActionPhrase('wish.approved')).toBe('审核通过了心愿')
    expect(auditActionPhrase('wish.rejected')).toBe('退回了心愿')
    expect(auditActionPhrase('station.closed')).toBe('设置了驿站闭站')
    expect(auditActionPhrase('comment.hidden')).toBe('隐藏了评论')
    expect(auditActionPhrase('topic.approved')).toBe('审核通过了议题')
    expect(auditActionPhrase('booking.checked_in')).toBe('为居民办理了预约签到')
    expect(auditActionPhrase('volunteer.approve')).toBe('通过了志愿者申请')
  })

  it('links what was acted on, where it has a page', () => {
    const id = '7a1b2c3d-1111-4111-8111-aaaaaaaaaaaa'
    expect(auditEntityLink({ entityType: 'wish', entityId: id })).toEqual({
      url: `${ROUTES.wishDetail}?id=${id}`,
      label: '查看这个心愿',
    })
    expect(auditEntityLink({ entityType: 'topic', entityId: id })?.url).toBe(`${ROUTES.topicDetail}?id=${id}`)
    expect(auditEntityLink({ entityType: 'station', entityId: id })?.url).toBe(
      `${ROUTES.staffStationManage}?stationId=${id}`,
    )
    expect(auditEntityLink({ entityType: 'comment', entityId: id })).toBeNull()
    expect(auditEntityLink({ entityType: 'wish', entityId: null })).toBeNull()
  })

  it('shows an action it does not know in words, not as its code', () => {
    expect(auditActionPhrase('parking.towed')).toBe('进行了一项操作')
  })

  it('names the actor with their role, and the system as 系统', () => {
    expect(auditActor({ actorName: '陈主任', actorRole: 'staff' })).toBe('陈主任（社区工作者）')
    expect(auditActor({ actorName: '平台管理员', actorRole: 'admin' })).toBe('平台管理员')
    expect(auditActor({ actorName: '王局长', actorRole: 'admin' })).toBe('王局长（平台管理员）')
    expect(auditActor({ actorName: null, actorRole: 'system' })).toBe('系统')
    expect(auditActor({ actorName: null, actorRole: 'staff' })).toBe('社区工作者')
  })

  it('filters on the prefixes the server matches', () => {
    expect(AUDIT_KIND_CHIPS.map((c) => c.value)).toContain('wish.')
    expect(AUDIT_KIND_CHIPS.every((c) => c.value === '' || c.value.endsWith('.'))).toBe(true)
  })

  it('summarises what changed with Chinese field names and statuses', () => {
    expect(
      auditChanges({ status: 'pending_review' }, { status: 'open', note: null }, 'wish').map((c) => [
        c.label,
        c.before,
        c.after,
      ]),
    ).toEqual([['状态', '待审核', '待认领']])
    expect(auditChanges({ hidden: false }, { hidden: true, reason: '人身攻击' }, 'comment')).toEqual([
      { field: 'hidden', label: '是否隐藏', before: '否', after: '是' },
      { field: 'reason', label: '原因', before: null, after: '人身攻击' },
    ])
  })

  it('leaves out unchanged fields, ids and timestamps', () => {
    const before = { id: 'x', name: '阳光驿站', phone: '123', updated_at: '2025-01-01' }
    const after = { id: 'x', name: '阳光社区驿站', phone: '123', updated_at: '2025-02-01' }
    expect(auditChanges(before, after, 'station')).toEqual([
      { field: 'name', label: '名称', before: '阳光驿站', after: '阳光社区驿站' },
    ])
  })

  it('lists every field of something new, with no "before"', () => {
    expect(auditChanges(null, { date: '2025-12-01', reason: '装修', phone: null }, 'station')).toEqual([
      { field: 'date', label: '日期', before: null, after: '2025-12-01' },
      { field: 'reason', label: '原因', before: null, after: '装修' },
    ])
  })

  it('summarises a change of the word list as the server records it', () => {
    expect(auditActionPhrase('words.update')).toBe('修改了敏感词表')
    expect(
      auditChanges({ count: 2, removed: ['代开发票'] }, { count: 3, added: ['刷单', '高利贷'] }, 'word_list'),
    ).toEqual([
      { field: 'count', label: '词数', before: '2', after: '3' },
      { field: 'removed', label: '删除的词', before: null, after: '代开发票' },
      { field: 'added', label: '新增的词', before: null, after: '刷单、高利贷' },
    ])
    // Nothing removed: no empty line for it.
    expect(
      auditChanges({ count: 2, removed: [] }, { count: 3, added: ['刷单'] }, 'word_list').map((c) => c.label),
    ).toEqual(['词数', '新增的词'])
  })

  it('says which words were added and removed rather than both lists', () => {
    expect(auditChanges({ words: ['甲', '乙'] }, { words: ['乙', '丙', '丁'] }, 'words')).toEqual([
      { field: 'words', label: '敏感词', before: null, after: '新增 丙、丁；删除 甲' },
    ])
  })

  it('has nothing to expand when nothing was recorded', () => {
    expect(auditChanges(null, null, 'wish')).toEqual([])
    expect(auditChanges('text', 3, 'wish')).toEqual([])
  })

  it('writes values briefly', () => {
    expect(auditValue(30, 'progress')).toBe('30%')
    expect(auditValue([{ weekday: 1 }, { weekday: 2 }])).toBe('2项')
    expect(auditValue('长'.repeat(80))).toBe(`${'长'.repeat(60)}…`)
    expect(auditValue('checked_in', 'status', 'booking')).toBe('已签到')
    expect(auditValue('weird', 'status', 'booking')).toBe('weird')
  })
})

describe('editing the word list', () => {
  it('splits what was typed on spaces, commas and 、', () => {
    expect(splitWords(' 赌博，代开发票、 刷单 ,高利贷 ')).toEqual(['赌博', '代开发票', '刷单', '高利贷'])
    expect(splitWords('  ')).toEqual([])
  })

  it('adds new words at the end, once each', () => {
    expect(addWords(['赌博'], '刷单 高利贷 刷单')).toEqual({
      ok: true,
      words: ['赌博', '刷单', '高利贷'],
      added: ['刷单', '高利贷'],
    })
    expect(addWords(['赌博'], '赌博 刷单')).toEqual({ ok: true, words: ['赌博', '刷单'], added: ['刷单'] })
  })

  it('says why nothing was added', () => {
    expect(addWords([], '  ')).toEqual({ ok: false, message: '请先输入要添加的敏感词' })
    expect(addWords(['赌博'], '赌博')).toEqual({ ok: false, message: '「赌博」已经在词表里了' })
    expect(addWords(['赌博', '刷单'], '赌博,刷单')).toEqual({ ok: false, message: '这些词都已经在词表里了' })
    const long = '长'.repeat(WORD_MAX + 1)
    expect(addWords([], long)).toEqual({
      ok: false,
      message: `「${'长'.repeat(8)}…」有${WORD_MAX + 1}个字，每个敏感词最多${WORD_MAX}个字，请缩短后再添加`,
    })
    const full = Array.from({ length: WORDS_MAX }, (_, i) => `词${i}`)
    expect(addWords(full, '新词')).toEqual({ ok: false, message: `最多${WORDS_MAX}个敏感词，请先删除一些不用的` })
  })

  it('removes a word and tells what the draft changes', () => {
    const draft = removeWord(['赌博', '刷单', '高利贷'], '刷单')
    expect(draft).toEqual(['赌博', '高利贷'])
    const changes = wordChanges(['赌博', '刷单', '高利贷'], [...draft, '代开发票'])
    expect(changes).toEqual({ added: ['代开发票'], removed: ['刷单'] })
    expect(changesText(changes)).toBe('新增 1 个、删除 1 个，还没有保存')
    expect(changesText(wordChanges(['赌博'], ['赌博']))).toBeNull()
  })

  it('checks the list with the shared schema’s messages', () => {
    expect(wordsIssue(['赌博'])).toBeNull()
    expect(wordsIssue([])).toBeNull()
    expect(wordsIssue(['  '])).toBe('敏感词不能为空')
    expect(wordsIssue(['长'.repeat(WORD_MAX + 1)])).toBe(`每个敏感词最多${WORD_MAX}个字`)
  })
})
