import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { CardHead } from '@/components/card'
import { InfoRow } from '@/components/info-row'
import { DetailPage } from '@/components/detail-page'
import { PhotoGrid } from '@/components/photo-grid'
import { Section, Tag } from '@/components/section'
import { WishActions } from '@/components/wish-actions'
import { WishTimeline } from '@/components/wish-timeline'
import { useDetailPage, useDetailShare } from '@/hooks/use-detail-page'
import { useWishDetail } from '@/hooks/use-wishes'
import { ROUTES } from '@/routes'
import { WISH_CATEGORY_LABELS, WISH_CONTACT_LABELS, WISH_STATUS_LABELS } from '@/shared/wishes'
import { formatDateTime, formatPhone } from '@/utils/format'
import { callPhone } from '@/utils/navigation'
import { stars, wishStatusTone } from '@/utils/wish'
import { control } from '@/components/aria'
import './index.scss'

export default function WishDetailPage() {
  const { id, detail, head } = useDetailPage('心愿', useWishDetail)
  const { wish } = detail
  // The wish's phone, unless it is already offered to call above.
  const phone = wish?.contacts.some((c) => c.phone === wish.contactPhone) ? null : wish?.contactPhone
  useDetailShare(ROUTES.wishDetail, id, () => (wish ? `微心愿：${wish.title}` : '邻里通 · 微心愿'))

  return (
    <DetailPage head={head} item={wish}>
      {(wish) => (
        <View>
          <Section>
            <CardHead
              large
              title={wish.title}
              titleClassName="wish-detail__title"
              tag={<Tag tone={wishStatusTone(wish.status)}>{WISH_STATUS_LABELS[wish.status]}</Tag>}
            />
            <View className="wish-detail__meta">
              {WISH_CATEGORY_LABELS[wish.category]} · {wish.ownerName} · {formatDateTime(wish.createdAt)}
            </View>
            <View className="wish-detail__desc">{wish.description || '（没有补充说明）'}</View>
            <PhotoGrid photos={wish.photos} label="心愿照片" />
            {wish.rejectReason ? <InfoRow label="未通过原因">{wish.rejectReason}</InfoRow> : null}
          </Section>

          {wish.teamSize > 1 ? (
            <Section title={`帮帮团 ${wish.teamCount}/${wish.teamSize}人`}>
              <View className="wish-detail__team-note">
                {wish.teamCount < wish.teamSize && wish.status === 'claimed'
                  ? `这个心愿需要${wish.teamSize}位志愿者一起完成，还差${wish.teamSize - wish.teamCount}人。`
                  : `这个心愿需要${wish.teamSize}位志愿者一起完成。`}
              </View>
              {wish.team.map((m) => (
                <InfoRow key={m.volunteerId} label="队员">
                  {m.name}
                  {m.isMe ? '（我）' : ''}
                </InfoRow>
              ))}
            </Section>
          ) : null}

          {wish.contacts.length > 0 ? (
            <Section title="联系对方">
              {wish.contacts.map((c) => (
                <View key={`${c.kind}:${c.phone}`} className="wish-detail__contact">
                  <InfoRow label={WISH_CONTACT_LABELS[c.kind]}>
                    {c.name} {formatPhone(c.phone)}
                  </InfoRow>
                  <ActionButton block variant="secondary" onClick={() => callPhone(c.phone)}>
                    打电话给{c.kind === 'community' ? '社区' : c.name}
                  </ActionButton>
                </View>
              ))}
              {wish.contacts.some((c) => c.kind === 'community') ? (
                <View className="wish-detail__private">居民没有留电话，请打给社区，工作人员会帮您联系</View>
              ) : null}
            </Section>
          ) : null}

          {wish.address || phone ? (
            <Section title="地址和电话">
              {wish.address ? <InfoRow label="地址">{wish.address}</InfoRow> : null}
              {phone ? (
                <InfoRow label="电话">
                  <View
                    className="wish-detail__phone"
                    {...control('button', `拨打 ${phone}`)}
                    onClick={() => callPhone(phone)}
                  >
                    {formatPhone(phone)}
                  </View>
                </InfoRow>
              ) : null}
              <View className="wish-detail__private">只有认领的志愿者和社区工作人员能看到地址和电话</View>
            </Section>
          ) : null}

          {wish.claimerName || wish.fulfilNote || wish.rating ? (
            <Section title="志愿服务">
              {/* A team's members are listed under 帮帮团. */}
              {wish.claimerName && wish.teamSize === 1 ? <InfoRow label="志愿者">{wish.claimerName}</InfoRow> : null}
              {wish.claimedAt ? <InfoRow label="认领时间">{formatDateTime(wish.claimedAt)}</InfoRow> : null}
              {wish.fulfilNote ? <InfoRow label="完成情况">{wish.fulfilNote}</InfoRow> : null}
              {wish.hours !== null ? <InfoRow label="服务时长">{wish.hours} 小时</InfoRow> : null}
              {wish.rating !== null ? (
                <InfoRow label="评价">
                  <View className="wish-detail__stars">{stars(wish.rating)}</View>
                </InfoRow>
              ) : null}
              {wish.thanks ? <InfoRow label="感谢的话">{wish.thanks}</InfoRow> : null}
              {wish.completedAt ? <InfoRow label="完成时间">{formatDateTime(wish.completedAt)}</InfoRow> : null}
            </Section>
          ) : null}

          <WishActions
            team={wish.teamSize > 1}
            rates={wish.viewer.isOwner}
            actions={wish.actions}
            busy={detail.busy}
            error={detail.actionError}
            onRun={detail.run}
            onClearError={detail.clearActionError}
          />
          <WishTimeline events={detail.events} />
        </View>
      )}
    </DetailPage>
  )
}
