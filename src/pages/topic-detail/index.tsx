import { View } from '@tarojs/components'
import Taro, { useReachBottom, useRouter, useShareAppMessage } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { CardHead } from '@/components/card'
import { PageShell } from '@/components/page-shell'
import { Section, Tag } from '@/components/section'
import { AsyncContent, ErrorState, LoadingState, MoreFooter } from '@/components/state-views'
import { CommentList } from '@/components/topic-comments'
import { TopicProgress } from '@/components/topic-progress'
import { ResultBars } from '@/components/topic-result-bars'
import { TopicTimeline } from '@/components/topic-timeline'
import { VoteOptions } from '@/components/topic-vote-options'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useTopicClock } from '@/hooks/use-topic-clock'
import { useTopicDetail } from '@/hooks/use-topics'
import { ROUTES } from '@/routes'
import { BALLOT_RULE_LABELS, PASS_RULE_LABELS, VOTE_REFUSAL_LABELS, type TopicDetailDto } from '@/shared/topics'
import { formatDateTime } from '@/utils/format'
import { choiceHint, formatCountdown, formatPercent, sameChoices, toggleChoice, topicBadge } from '@/utils/topic'
import { control } from '@/components/aria'
import { MembershipNote } from '@/components/membership-note'
import { RatingPrompt } from '@/components/rating-prompt'
import { useRating } from '@/hooks/use-rating'
import { rateTopic } from '@/services/ratings'
import './index.scss'

type Detail = ReturnType<typeof useTopicDetail>

/** 满意度 after the outcome, for who voted or commented: five stars, once. */
function TopicRating({ topic }: { topic: TopicDetailDto }) {
  const rating = useRating(topic.myRating, (input, key) => rateTopic(topic.id, { score: input.score }, key))
  if (!topic.mayRate && rating.given === null) return null
  return (
    <Section title="评价这次议事">
      <RatingPrompt
        question="对这次议事的过程和结果，您满意吗？"
        given={rating.given}
        submitting={rating.submitting}
        error={rating.error}
        onSubmit={rating.rate}
      />
    </Section>
  )
}

/** When voting starts, how long is left, or when it ended: the first thing a resident looks for. */
function VotingClock({ topic, now }: { topic: TopicDetailDto; now: number }) {
  if (topic.phase === 'collecting' && topic.votingOpensAt) {
    return (
      <View className="topic__clock topic__clock--soon">
        <View className="topic__clock-label">征集意见中，投票将于</View>
        <View className="topic__clock-time">{formatDateTime(topic.votingOpensAt)} 开始</View>
      </View>
    )
  }
  if (topic.phase === 'voting' && topic.votingClosesAt) {
    return (
      <View className="topic__clock topic__clock--live">
        <View className="topic__clock-label">距投票截止还有</View>
        <View className="topic__clock-time">{formatCountdown(Date.parse(topic.votingClosesAt) - now)}</View>
        <View className="topic__clock-label">{formatDateTime(topic.votingClosesAt)} 截止</View>
      </View>
    )
  }
  const ended = topic.closedAt ?? topic.votingClosesAt
  return (
    <View className="topic__clock">
      <View className="topic__clock-label">投票已结束</View>
      {ended ? <View className="topic__clock-label">{formatDateTime(ended)}</View> : null}
    </View>
  )
}

/** Who votes and how it is counted, when the topic says more than "every resident, one ballot". */
function Rules({ topic }: { topic: TopicDetailDto }) {
  const parts = [
    topic.eligibleBuildings ? `${topic.eligibleBuildings.map((b) => b.name).join('、')}的住户投票` : '',
    topic.ballotRule === 'per_household' ? BALLOT_RULE_LABELS.per_household : '',
    topic.passRule === 'none' ? '' : `${PASS_RULE_LABELS[topic.passRule]}（民法典第278条，仅业主）`,
  ].filter(Boolean)
  return parts.length ? <View className="topic__rules">{parts.join(' · ')}</View> : null
}

function Ballot({ detail, now }: { detail: Detail; now: number }) {
  const topic = detail.topic!
  const canVote = topic.actions.includes('vote')
  const voted = Boolean(topic.myChoices?.length)
  const unchanged = sameChoices(detail.choices, topic.myChoices)
  const selected = canVote ? detail.choices : (topic.myChoices ?? [])

  const toggle = (optionId: string) => {
    const change = toggleChoice(detail.choices, optionId, topic.maxChoices)
    if (change.refused) void Taro.showToast({ title: change.refused, icon: 'none' })
    detail.clearVoteError()
    detail.setChoices(change.choices)
  }

  return (
    <Section title="投票" extra={<View className="topic__hint">{choiceHint(topic.maxChoices)}</View>}>
      <VotingClock topic={topic} now={now} />
      <Rules topic={topic} />
      {voted ? (
        <View className="topic__voted" role="status">
          ✓ 您已投票{canVote ? '，投票截止前可以修改' : ''}
        </View>
      ) : null}
      <VoteOptions
        options={topic.options}
        maxChoices={topic.maxChoices}
        selected={selected}
        onToggle={toggle}
        disabled={!canVote || detail.voting}
      />
      {detail.voteError ? (
        <View className="topic__alert" role="alert">
          {detail.voteError}
        </View>
      ) : null}
      {canVote ? (
        <ActionButton
          block
          className="topic__vote"
          loading={detail.voting}
          disabled={voted && unchanged}
          onClick={() => void detail.vote()}
        >
          {voted ? (unchanged ? '已投票（选别的项可以修改）' : '确认修改投票') : '提交投票'}
        </ActionButton>
      ) : topic.phase === 'voting' ? (
        topic.voteRefusal && topic.voteRefusal !== 'membership' ? (
          <View className="topic__muted" role="note">
            {VOTE_REFUSAL_LABELS[topic.voteRefusal]}
          </View>
        ) : (
          <MembershipNote what="投票" />
        )
      ) : null}
    </Section>
  )
}

function Results({ detail }: { detail: Detail }) {
  const topic = detail.topic!
  if (topic.options.length === 0) return null
  if (!detail.showResults) {
    return (
      <Section title="投票结果" className="topic-results topic-results--hidden">
        <View className="topic-results__hidden-title">投票结束后公布结果</View>
        <View className="topic-results__hidden-text">
          为了让大家按自己的想法投票，这个议题的票数在投票结束后才公布。目前已有 {topic.ballots} 人投票，参与率{' '}
          {formatPercent(topic.turnout)}。
        </View>
      </Section>
    )
  }
  return (
    <Section title="投票结果" className="topic-results">
      {detail.resultsError ? (
        <ErrorState message={detail.resultsError.message} onRetry={() => void detail.reloadResults()} />
      ) : detail.results ? (
        <ResultBars results={detail.results} myChoices={topic.myChoices} scoped={Boolean(topic.eligibleBuildings)} />
      ) : (
        <LoadingState text="正在统计票数…" />
      )}
    </Section>
  )
}

export default function TopicDetailPage() {
  const id = useRouter().params.id ?? ''
  const detail = useTopicDetail(id)
  const { topic } = detail
  const now = useTopicClock(30_000)
  usePullRefresh(detail.reload)
  useReachBottom(() => void detail.comments.loadMore())
  useShareAppMessage(() => ({
    title: topic ? `议事协商：${topic.title}` : '邻里通 · 议事协商',
    path: `${ROUTES.topicDetail}?id=${encodeURIComponent(id)}`,
  }))

  const badge = topic ? topicBadge(topic) : null
  const isPublic = topic?.status === 'open' || topic?.status === 'closed'
  const canComment = Boolean(topic?.actions.includes('comment'))

  return (
    <PageShell>
      <AsyncContent
        loading={detail.loading}
        error={detail.error}
        onRetry={() => void detail.reload()}
        detail={{ what: '议题', id }}
      >
        {topic && badge ? (
          <View>
            <Section>
              <CardHead
                large
                title={topic.title}
                titleClassName="topic__title"
                tag={<Tag tone={badge.tone}>{badge.label}</Tag>}
              />
              <View className="topic__meta">
                {topic.authorName} 提出 · {formatDateTime(topic.createdAt)}
              </View>
              <View className="topic__body">{topic.body}</View>
              {topic.status === 'pending_review' ? (
                <View className="topic__notice" role="status">
                  <View className="topic__notice-title">已提交，等待社区审核</View>
                  社区工作人员会尽快审核，并设置投票选项和时间。审核通过后全社区居民都能看到、讨论和投票；结果会通知您。审核前只有您自己能看到这个议题。
                </View>
              ) : null}
              {topic.status === 'rejected' ? (
                <View className="topic__alert" role="alert">
                  审核未通过{topic.rejectReason ? `：${topic.rejectReason}` : ''}
                  。可以按原因修改后重新提出，有疑问请联系社区。
                </View>
              ) : null}
            </Section>

            {/* Once over, what was decided comes first; the final tally marks the resident's own choice. */}
            {topic.status === 'closed' && !topic.outcome ? (
              <Section title="处理结果">
                <View className="topic__muted">
                  投票已结束，社区正在研究处理办法。公布后会通知参与投票和讨论的居民。
                </View>
              </Section>
            ) : null}
            <TopicProgress topic={topic} />
            {topic.outcome ? <TopicRating topic={topic} /> : null}
            {topic.options.length > 0 && !(topic.phase === 'ended' && detail.showResults) ? (
              <Ballot detail={detail} now={now} />
            ) : null}
            <Results detail={detail} />

            {isPublic ? (
              <CommentList
                threads={detail.comments.items}
                count={topic.comments}
                canComment={canComment}
                closedNote={
                  topic.status === 'closed' ? (
                    '议题已结束，不能再发表意见了。'
                  ) : canComment ? undefined : (
                    <MembershipNote what="发表意见和举报评论" />
                  )
                }
                onPost={detail.post}
                posting={detail.posting}
                postError={detail.postError}
                onReport={detail.report}
                reporting={detail.reporting}
                reportErrors={detail.reportErrors}
                reported={detail.reported}
                footer={
                  detail.comments.error ? (
                    <View className="state__more" {...control()} onClick={() => void detail.comments.reload()}>
                      评论没有加载出来：{detail.comments.error.message}（点这里重试）
                    </View>
                  ) : (
                    <MoreFooter list={detail.comments} idle="查看更多评论" />
                  )
                }
              />
            ) : null}

            <TopicTimeline
              events={detail.timeline}
              error={detail.timelineError?.message}
              onRetry={() => void detail.reloadTimeline()}
            />
          </View>
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
