import { describe, expect, it } from 'vitest'
import { REASON_MAX } from '@/shared/identity'
import type { TopicSummaryDto } from '@/shared/topics'
import {
  barWidth,
  choiceHint,
  clampProgress,
  commentText,
  contentRejectedMessage,
  eventActor,
  formatCountdown,
  formatPercent,
  latestProgress,
  reportIssue,
  resultsVisible,
  sameChoices,
  toggleChoice,
  topicBadge,
  topicFormIssues,
  topicQueryFor,
  topicTimeNote,
  updatesNewestFirst,
} from '@/utils/topic'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const NOW = Date.parse('2025-11-20T02:00:00.000Z') // 10:00 in Shanghai
const at = (ms: number) => new Date(NOW + ms).toISOString()

function topic(over: Partial<TopicSummaryDto>): TopicSummaryDto {
  return {
    id: '9a000000-0000-4000-8000-000000000001',
    communityId: '6f1c1d1e-1111-4111-8111-111111111111',
    title: '东门空地怎么用',
    status: 'open',
    phase: 'voting',
    authorName: '王**',
    votingOpensAt: at(-DAY),
    votingClosesAt: at(2 * DAY + 3 * HOUR),
    ballots: 3,
    comments: 1,
    turnout: 0.1,
    progress: null,
    closedAt: null,
    mine: false,
    createdAt: at(-2 * DAY),
    ...over,
  }
}

describe('list chips', () => {
  it('asks the server for the phase, or for my own proposals', () => {
    expect(topicQueryFor('all')).toEqual({})
    expect(topicQueryFor('collecting')).toEqual({ phase: 'collecting' })
    expect(topicQueryFor('voting')).toEqual({ phase: 'voting' })
    expect(topicQueryFor('ended')).toEqual({ phase: 'ended' })
    expect(topicQueryFor('mine')).toEqual({ mine: 'true' })
  })
})

describe('badges and times', () => {
  it('labels each state with a tone', () => {
    expect(topicBadge(topic({ status: 'pending_review', phase: null }))).toEqual({ label: '待审核', tone: 'warning' })
    expect(topicBadge(topic({ status: 'rejected', phase: null }))).toEqual({ label: '未通过', tone: 'danger' })
    expect(topicBadge(topic({ phase: 'collecting' })).label).toBe('征集中')
    expect(topicBadge(topic({ phase: 'voting' }))).toEqual({ label: '投票中', tone: 'success' })
    expect(topicBadge(topic({ status: 'closed', phase: 'ended' })).label).toBe('已结束')
  })

  it('says how long is left the way people say it', () => {
    expect(formatCountdown(2 * DAY + 3 * HOUR + 5 * MINUTE)).toBe('2天3小时')
    expect(formatCountdown(2 * DAY + 10 * MINUTE)).toBe('2天')
    expect(formatCountdown(5 * HOUR + 20 * MINUTE)).toBe('5小时20分')
    expect(formatCountdown(5 * HOUR)).toBe('5小时')
    expect(formatCountdown(12 * MINUTE + 30_000)).toBe('12分钟')
    expect(formatCountdown(30_000)).toBe('不到1分钟')
    expect(formatCountdown(-5)).toBe('不到1分钟')
  })

  it('writes one line on when, in Shanghai time', () => {
    expect(topicTimeNote(topic({}), NOW)).toBe('还剩2天3小时，11月22日 13:00 截止')
    expect(topicTimeNote(topic({ phase: 'collecting', votingOpensAt: at(DAY) }), NOW)).toBe('11月21日 10:00 开始投票')
    expect(topicTimeNote(topic({ status: 'closed', phase: 'ended', votingClosesAt: at(-DAY) }), NOW)).toBe(
      '11月19日 10:00 投票结束',
    )
    // Closed early by staff: the day it really closed.
    expect(topicTimeNote(topic({ status: 'closed', phase: 'ended', closedAt: at(-HOUR) }), NOW)).toBe(
      '11月20日 09:00 投票结束',
    )
    // Past its window, not yet closed by staff.
    expect(topicTimeNote(topic({ phase: 'ended', votingClosesAt: at(-DAY) }), NOW)).toBe('11月19日 10:00 投票结束')
    expect(topicTimeNote(topic({ status: 'pending_review', phase: null, createdAt: at(-3 * HOUR) }), NOW)).toBe(
      '3小时前提出，等待社区审核',
    )
    expect(topicTimeNote(topic({ status: 'rejected', phase: null }), NOW)).toBe('社区审核未通过')
  })
})

describe('figures', () => {
  it('rounds percentages and never shows a share as 0% when there is one', () => {
    expect(formatPercent(0)).toBe('0%')
    expect(formatPercent(0.004)).toBe('不到1%')
    expect(formatPercent(0.24)).toBe('24%')
    expect(formatPercent(2 / 3)).toBe('67%')
    expect(formatPercent(1)).toBe('100%')
    expect(formatPercent(Number.NaN)).toBe('0%')
  })

  it('draws bars of the share of ballots, at least a sliver when there are votes', () => {
    expect(barWidth(0, 10)).toBe(0)
    expect(barWidth(1, 1000)).toBe(2)
    expect(barWidth(7, 10)).toBe(70)
    expect(barWidth(3, 0)).toBe(0)
  })

  it('keeps progress within 0–100 and finds the latest', () => {
    expect(clampProgress(120)).toBe(100)
    expect(clampProgress(-3)).toBe(0)
    expect(latestProgress({ progress: 40, updates: [] })).toBe(40)
    expect(
      latestProgress({
        progress: null,
        updates: [
          { note: 'a', progress: 20, createdAt: at(-DAY) },
          { note: 'b', progress: 50, createdAt: at(0) },
        ],
      }),
    ).toBe(50)
    expect(latestProgress({ progress: null, updates: [] })).toBeNull()
    expect(
      updatesNewestFirst([
        { createdAt: at(-DAY), n: 1 },
        { createdAt: at(0), n: 2 },
      ]).map((u) => u.n),
    ).toEqual([2, 1])
  })
})

describe('ballots', () => {
  it('describes how many may be chosen', () => {
    expect(choiceHint(1)).toBe('单选')
    expect(choiceHint(null)).toBe('单选')
    expect(choiceHint(3)).toBe('可多选，最多选3项')
  })

  it('replaces the choice like a radio when one is allowed', () => {
    expect(toggleChoice(['a'], 'b', 1)).toEqual({ choices: ['b'], refused: null })
    expect(toggleChoice([], 'a', null)).toEqual({ choices: ['a'], refused: null })
  })

  it('toggles up to maxChoices and refuses one more, keeping the earlier ones', () => {
    expect(toggleChoice(['a'], 'b', 2)).toEqual({ choices: ['a', 'b'], refused: null })
    expect(toggleChoice(['a', 'b'], 'a', 2)).toEqual({ choices: ['b'], refused: null })
    expect(toggleChoice(['a', 'b'], 'c', 2)).toEqual({ choices: ['a', 'b'], refused: '最多只能选2项，请先取消一项' })
  })

  it('compares ballots in any order', () => {
    expect(sameChoices(['a', 'b'], ['b', 'a'])).toBe(true)
    expect(sameChoices(['a'], ['a', 'b'])).toBe(false)
    expect(sameChoices(null, [])).toBe(true)
  })

  it('shows results for always-visible topics and for every closed one', () => {
    const options = [{ id: 'a', label: 'A' }]
    expect(resultsVisible({ status: 'open', resultsVisibility: 'always', options })).toBe(true)
    expect(resultsVisible({ status: 'open', resultsVisibility: 'after_close', options })).toBe(false)
    expect(resultsVisible({ status: 'closed', resultsVisibility: 'after_close', options })).toBe(true)
    expect(resultsVisible({ status: 'pending_review', resultsVisibility: null, options: [] })).toBe(false)
  })
})

describe('comments, timeline and forms', () => {
  it('hides a hidden comment except from its author', () => {
    expect(commentText({ hidden: true, mine: false, body: null })).toBe('该评论已被隐藏')
    expect(commentText({ hidden: true, mine: false, body: 'staff see it' })).toBe('该评论已被隐藏')
    expect(commentText({ hidden: true, mine: true, body: '我的话' })).toBe('我的话')
    expect(commentText({ hidden: false, mine: false, body: '你好' })).toBe('你好')
  })

  it('names who acted by role and name', () => {
    expect(eventActor({ actorRole: 'staff', actorName: '陈主任' })).toBe('社区工作人员 陈主任')
    expect(eventActor({ actorRole: 'resident', actorName: '王**' })).toBe('居民 王**')
    expect(eventActor({ actorRole: 'admin', actorName: null })).toBe('平台管理员')
  })

  it('gives the shared schema’s Chinese messages per field', () => {
    const communityId = '6f1c1d1e-1111-4111-8111-111111111111'
    expect(topicFormIssues({ communityId, title: '停车', body: '' })).toEqual({
      title: '标题请写4-60个字',
      body: '请填写议题说明',
    })
    expect(topicFormIssues({ communityId, title: '东门空地怎么用', body: '大家看看' })).toEqual({})
    expect(reportIssue('a')).toBe(`举报原因请写2-${REASON_MAX}个字`)
    expect(reportIssue('广告或骚扰')).toBeNull()
    expect(contentRejectedMessage('标题或说明')).toBe('标题或说明里有不适合公开的词语，请换个说法后再提交')
  })
})
