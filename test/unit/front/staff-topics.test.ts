import { describe, expect, it } from 'vitest'
import { OPTIONS_MAX } from '@/shared/topics'
import {
  addOption,
  checkApproval,
  chooseBallotRule,
  choosePassRule,
  toggleBuilding,
  moderationIssue,
  newReviewForm,
  optionRow,
  outcomeIssue,
  percent,
  progressIssue,
  rejectionIssue,
  removeOption,
  shanghaiIso,
  stepProgress,
  topicStateLabel,
  windowText,
  type ReviewFormValues,
} from '@/staff/utils/topics'

// 2025-11-22 09:05:30 in Shanghai.
const NOW = new Date('2025-11-22T01:05:30.000Z')

function filled(over: Partial<ReviewFormValues> = {}): ReviewFormValues {
  return { ...newReviewForm(NOW), options: [optionRow('同意'), optionRow('不同意')], ...over }
}

describe('the review form', () => {
  it('starts with two empty options, one choice, voting from this minute for a week, results after close', () => {
    const form = newReviewForm(NOW)
    expect(form.options.map((o) => o.label)).toEqual(['', ''])
    expect(new Set(form.options.map((o) => o.key)).size).toBe(2)
    expect(form).toMatchObject({
      maxChoices: 1,
      opensDate: '2025-11-22',
      opensTime: '09:05',
      closesDate: '2025-11-29',
      closesTime: '09:05',
      resultsVisibility: 'after_close',
    })
  })

  it('turns the pickers’ Beijing date and time into an ISO time with its offset', () => {
    expect(shanghaiIso('2025-11-22', '09:05')).toBe('2025-11-22T09:05:00+08:00')
    expect(Date.parse(shanghaiIso('2025-11-22', '09:05'))).toBe(Date.parse('2025-11-22T01:05:00Z'))
  })

  it('adds options up to the limit and removes them down to two, keeping maxChoices within the options', () => {
    let form = filled({ maxChoices: 2 })
    for (let i = 0; i < 20; i++) form = addOption(form)
    expect(form.options).toHaveLength(OPTIONS_MAX)
    form = { ...form, maxChoices: 5 }
    for (const row of [...form.options]) form = removeOption(form, row.key)
    expect(form.options).toHaveLength(2)
    expect(form.maxChoices).toBe(2)
  })

  it('gives the approval the API takes, the first minute of voting being now at the latest', () => {
    const checked = checkApproval(filled({ options: [optionRow(' 同意 '), optionRow('不同意')] }), NOW)
    expect(checked).toEqual({
      ok: true,
      input: {
        approve: true,
        options: ['同意', '不同意'],
        maxChoices: 1,
        votingOpensAt: '2025-11-22T09:05:00+08:00',
        votingClosesAt: '2025-11-29T09:05:00+08:00',
        resultsVisibility: 'after_close',
      },
    })
    if (checked.ok) expect(Date.parse(checked.input.votingOpensAt)).toBeLessThanOrEqual(NOW.getTime())
  })

  it('sets who votes and the 民法典 rule: a pass rule brings one ballot per household, one choice and 同意', () => {
    const base = filled({ options: [optionRow('同意'), optionRow('不同意'), optionRow('弃权')], maxChoices: 2 })
    const major = choosePassRule(toggleBuilding(base, 'b3'), 'civil_code_major')
    expect(major).toMatchObject({
      ballotRule: 'per_household',
      maxChoices: 1,
      approveOptionIndex: 0,
      buildingIds: ['b3'],
    })
    const checked = checkApproval({ ...major, buildingIds: ['00000000-0000-4000-8000-0000000000b3'] }, NOW)
    expect(checked.ok ? checked.input : checked.errors).toMatchObject({
      eligibility: { buildingIds: ['00000000-0000-4000-8000-0000000000b3'] },
      ballotRule: 'per_household',
      passRule: 'civil_code_major',
      approveOptionIndex: 0,
    })
    // 同意 follows its row when an earlier row goes, and falls back to the first when its own goes.
    const second = { ...major, approveOptionIndex: 1 }
    expect(removeOption(second, second.options[0]!.key).approveOptionIndex).toBe(0)
    expect(removeOption({ ...major, approveOptionIndex: 2 }, major.options[1]!.key).approveOptionIndex).toBe(1)
    // One ballot per resident drops the pass rule; no pass rule drops 同意; a building chosen twice is unchosen.
    expect(chooseBallotRule(major, 'per_resident')).toMatchObject({ passRule: 'none', approveOptionIndex: null })
    expect(choosePassRule(major, 'none').approveOptionIndex).toBeNull()
    expect(toggleBuilding(toggleBuilding(base, 'b3'), 'b3').buildingIds).toEqual([])
  })

  it('puts the shared schema’s messages on the rows and fields they are about', () => {
    const empty = newReviewForm(NOW)
    const checked = checkApproval(empty, NOW)
    expect(checked.ok).toBe(false)
    if (checked.ok) return
    expect(Object.values(checked.errors.rows)).toEqual(['请填写选项', '请填写选项'])
    expect(Object.keys(checked.errors.rows).map(Number)).toEqual(empty.options.map((o) => o.key))

    const same = checkApproval(filled({ options: [optionRow('同意'), optionRow('同意')] }), NOW)
    expect(same.ok ? null : same.errors.fields.options).toBe('选项不能重复')

    const tooMany = checkApproval(filled({ maxChoices: 3 }), NOW)
    expect(tooMany.ok ? null : tooMany.errors.fields.maxChoices).toBe('每人可选数量不能超过选项数')

    const backwards = checkApproval(filled({ closesDate: '2025-11-22', closesTime: '09:00' }), NOW)
    expect(backwards.ok ? null : backwards.errors.fields.votingClosesAt).toBe('投票截止时间要晚于开始时间')
  })

  it('refuses a window that has already ended, as the server would', () => {
    const past = filled({ opensDate: '2025-11-20', closesDate: '2025-11-21' })
    const checked = checkApproval(past, NOW)
    expect(checked.ok ? null : checked.errors.fields.votingClosesAt).toBe('投票截止时间要晚于现在')
  })

  it('asks for a reason residents can read when the topic is not accepted', () => {
    expect(rejectionIssue('')).toBe('不通过时请写明原因，居民会看到')
    expect(rejectionIssue(' 好 ')).toBe('不通过时请写明原因，居民会看到')
    expect(rejectionIssue('涉及个人纠纷')).toBeNull()
  })
})

describe('closing, outcome, progress and moderation', () => {
  it('checks the texts with the shared schemas', () => {
    expect(outcomeIssue('')).toBe('处理结果请写2-1000个字')
    expect(outcomeIssue('增设20个车位')).toBeNull()
    expect(progressIssue('', 50)).toBe('进展说明请写2-500个字')
    expect(progressIssue('已完成划线', 50)).toBeNull()
    expect(moderationIssue('x')).toBe('原因请写2-200个字')
    expect(moderationIssue('人身攻击')).toBeNull()
  })

  it('steps progress by ten, onto the grid from anywhere, never past 0 or 100', () => {
    expect(stepProgress(0, 1)).toBe(10)
    expect(stepProgress(35, 1)).toBe(40)
    expect(stepProgress(35, -1)).toBe(30)
    expect(stepProgress(40, -1)).toBe(30)
    expect(stepProgress(100, 1)).toBe(100)
    expect(stepProgress(0, -1)).toBe(0)
    expect(stepProgress(95, 1)).toBe(100)
  })
})

describe('figures and labels', () => {
  it('says shares as whole percentages, nothing of nothing as 0%', () => {
    expect(percent(0.4567)).toBe('46%')
    expect(percent(3, 4)).toBe('75%')
    expect(percent(1, 0)).toBe('0%')
    expect(percent(Number.NaN)).toBe('0%')
  })

  it('writes the voting window from start to end', () => {
    const fmt = (iso: string) => iso.slice(5, 10)
    expect(windowText('2025-11-22T01:00:00Z', '2025-11-29T01:00:00Z', fmt)).toBe('11-22 至 11-29')
    expect(windowText(null, null, fmt)).toBe('')
  })

  it('names where a topic stands for staff, an open one by its voting phase', () => {
    expect(topicStateLabel({ status: 'pending_review', phase: null })).toEqual({ text: '待审核', tone: 'warning' })
    expect(topicStateLabel({ status: 'open', phase: 'collecting' }).text).toBe('等待投票开始')
    expect(topicStateLabel({ status: 'open', phase: 'voting' }).text).toBe('投票中')
    expect(topicStateLabel({ status: 'open', phase: 'ended' }).text).toBe('投票时间已过')
    expect(topicStateLabel({ status: 'closed', phase: 'ended' }).text).toBe('已结束')
    expect(topicStateLabel({ status: 'rejected', phase: null }).tone).toBe('danger')
  })
})
