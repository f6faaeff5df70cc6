import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { CardHead } from '@/components/card'
import { Field } from '@/components/field'
import { InfoRow } from '@/components/info-row'
import { DetailPage } from '@/components/detail-page'
import { QrCode } from '@/components/qr-code'
import { Section, Tag } from '@/components/section'
import { Stepper } from '@/components/stepper'
import { useDetailPage, useDetailShare } from '@/hooks/use-detail-page'
import { ROUTES } from '@/routes'
import { ACTIVITY_PARTY_MAX, SIGNUP_STATUS_LABELS } from '@/shared/activities'
import { formatCheckInCode } from '@/utils/station'
import { useActivity } from '../../hooks/use-activities'
import { activityWhen, formatMoment, seatsLabel } from '../../utils/format'
import './index.scss'

export default function ActivityDetailPage() {
  const { id, detail, head } = useDetailPage('活动', useActivity)
  const { activity } = detail
  const [partySize, setPartySize] = useState(1)
  // 分享卡片: the activity's title, opening this page.
  useDetailShare(ROUTES.activityDetail, id, () =>
    activity ? `社区活动：${activity.title}（${activityWhen(activity)}）` : '邻里通 · 社区活动',
  )
  const can = (action: string) => activity?.actions.includes(action as never) ?? false
  const maxParty = Math.min(ACTIVITY_PARTY_MAX, activity?.seatsLeft ?? ACTIVITY_PARTY_MAX)

  return (
    <DetailPage head={head} item={activity}>
      {(activity) => (
        <View>
          <Section>
            <CardHead
              large
              title={activity.title}
              titleClassName="activity-detail__title"
              tag={
                activity.status === 'completed' ? <Tag tone="success">已结束</Tag> : <Tag>{seatsLabel(activity)}</Tag>
              }
            />
            <InfoRow label="时间" strong>
              {activityWhen(activity)}
            </InfoRow>
            <InfoRow label="地点" strong>
              {activity.location}
            </InfoRow>
            <InfoRow label="报名截止" strong>
              {formatMoment(activity.signupClosesAt)}
            </InfoRow>
            <InfoRow label="名额" strong>
              {activity.capacity === null ? '不限' : `${activity.seatsTaken}/${activity.capacity}人`}
            </InfoRow>
            {activity.description ? <View className="activity-detail__desc">{activity.description}</View> : null}
          </Section>

          {activity.mySignup ? (
            <Section
              title="我的报名"
              extra={<Tag tone="success">{SIGNUP_STATUS_LABELS[activity.mySignup.status]}</Tag>}
            >
              <View className="activity-detail__code">
                <QrCode value={activity.mySignup.code} label={`签到码 ${formatCheckInCode(activity.mySignup.code)}`} />
                <View className="activity-detail__digits">{formatCheckInCode(activity.mySignup.code)}</View>
                <View className="activity-detail__hint">
                  {activity.mySignup.partySize}人 · 到场出示二维码，或报出签到码
                </View>
              </View>
              {can('cancelSignup') ? (
                <View>
                  <ActionButton
                    block
                    variant="danger"
                    loading={detail.busy === 'cancel'}
                    onClick={() => void detail.cancel()}
                  >
                    取消报名
                  </ActionButton>
                  <View className="activity-detail__hint">{formatMoment(activity.signupClosesAt)} 前可以取消</View>
                </View>
              ) : null}
            </Section>
          ) : can('signup') ? (
            <Section title="报名参加">
              <Field label="参加人数" hint={`包括您自己，最多${ACTIVITY_PARTY_MAX}人`}>
                <Stepper value={partySize} min={1} max={Math.max(1, maxParty)} onChange={setPartySize} unit="人" />
              </Field>
              <ActionButton block loading={detail.busy === 'signup'} onClick={() => void detail.signUp(partySize)}>
                报名
              </ActionButton>
            </Section>
          ) : activity.status === 'published' && !activity.viewer.isStaff ? (
            <View className="activity-detail__closed">
              {activity.seatsLeft === 0 ? '名额已满' : '报名已截止'}
              {activity.viewer.isResidentHere ? '' : '（只有本社区居民可以报名）'}
            </View>
          ) : null}

          {detail.actionError ? (
            <View className="activity-detail__error" role="alert">
              {detail.actionError}
            </View>
          ) : null}

          {activity.posts.length > 0 ? (
            <Section title="志愿岗位">
              {activity.posts.map((post) => (
                <View key={post.id} className="activity-detail__post">
                  <View className="activity-detail__post-head">
                    <View className="activity-detail__post-name">
                      {post.name} ×{post.count}
                    </View>
                    <View className="activity-detail__post-hours">{post.hours}小时</View>
                  </View>
                  <View className="activity-detail__post-meta">
                    {post.left > 0 ? `还差${post.left}人` : '已满'}
                    {post.holders.length > 0 ? ` · ${post.holders.map((h) => h.name).join('、')}` : ''}
                  </View>
                  {post.mine && can('releasePost') ? (
                    <ActionButton
                      variant="plain"
                      loading={detail.busy === `release:${post.id}`}
                      onClick={() => void detail.releasePost(post.id)}
                    >
                      放弃岗位
                    </ActionButton>
                  ) : post.mine ? (
                    <Tag tone="success">我的岗位</Tag>
                  ) : can('claimPost') && post.left > 0 ? (
                    <ActionButton
                      variant="secondary"
                      loading={detail.busy === `claim:${post.id}`}
                      onClick={() => void detail.claimPost(post.id)}
                    >
                      认领{post.name}
                    </ActionButton>
                  ) : null}
                </View>
              ))}
              {activity.viewer.isVolunteerHere ? null : (
                <View className="activity-detail__hint">
                  通过审核的本社区志愿者可以认领岗位，活动结束后记录志愿时长。
                </View>
              )}
            </Section>
          ) : null}
        </View>
      )}
    </DetailPage>
  )
}
