import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { useRouter, useShareAppMessage } from '@tarojs/taro'
import { PageShell } from '@/components/page-shell'
import { Section, Tag } from '@/components/section'
import { AsyncContent } from '@/components/state-views'
import { WishActions } from '@/components/wish-actions'
import { WishTimeline } from '@/components/wish-timeline'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useWishDetail } from '@/hooks/use-wishes'
import { ROUTES } from '@/routes'
import { WISH_CATEGORY_LABELS, WISH_STATUS_LABELS } from '@/shared/wishes'
import { formatDateTime, formatPhone } from '@/utils/format'
import { callPhone } from '@/utils/navigation'
import { stars, wishStatusTone } from '@/utils/wish'
import './index.scss'

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className="wish-detail__row">
      <View className="wish-detail__label">{label}</View>
      <View className="wish-detail__value">{children}</View>
    </View>
  )
}

export default function WishDetailPage() {
  const id = useRouter().params.id ?? ''
  const detail = useWishDetail(id)
  const { wish } = detail
  usePullRefresh(detail.reload)
  useShareAppMessage(() => ({
    title: wish ? `微心愿：${wish.title}` : '邻里通 · 微心愿',
    path: `${ROUTES.wishDetail}?id=${encodeURIComponent(id)}`,
  }))

  return (
    <PageShell>
      <AsyncContent loading={detail.loading} error={detail.error} onRetry={() => void detail.reload()}>
        {wish ? (
          <View>
            <Section>
              <View className="wish-detail__head">
                <View className="wish-detail__title">{wish.title}</View>
                <Tag tone={wishStatusTone(wish.status)}>{WISH_STATUS_LABELS[wish.status]}</Tag>
              </View>
              <View className="wish-detail__meta">
                {WISH_CATEGORY_LABELS[wish.category]} · {wish.ownerName} · {formatDateTime(wish.createdAt)}
              </View>
              <View className="wish-detail__desc">{wish.description || '（没有补充说明）'}</View>
              {wish.rejectReason ? <Row label="未通过原因">{wish.rejectReason}</Row> : null}
            </Section>

            {wish.address || wish.contactPhone ? (
              <Section title="地址和电话">
                {wish.address ? <Row label="地址">{wish.address}</Row> : null}
                {wish.contactPhone ? (
                  <Row label="电话">
                    <View className="wish-detail__phone" onClick={() => callPhone(wish.contactPhone ?? '')}>
                      {formatPhone(wish.contactPhone)}
                    </View>
                  </Row>
                ) : null}
                <View className="wish-detail__private">只有认领的志愿者和社区工作人员能看到地址和电话</View>
              </Section>
            ) : null}

            {wish.claimerName || wish.fulfilNote || wish.rating ? (
              <Section title="志愿服务">
                {wish.claimerName ? <Row label="志愿者">{wish.claimerName}</Row> : null}
                {wish.claimedAt ? <Row label="认领时间">{formatDateTime(wish.claimedAt)}</Row> : null}
                {wish.fulfilNote ? <Row label="完成情况">{wish.fulfilNote}</Row> : null}
                {wish.hours !== null ? <Row label="服务时长">{wish.hours} 小时</Row> : null}
                {wish.rating !== null ? (
                  <Row label="评价">
                    <View className="wish-detail__stars">{stars(wish.rating)}</View>
                  </Row>
                ) : null}
                {wish.thanks ? <Row label="感谢的话">{wish.thanks}</Row> : null}
                {wish.completedAt ? <Row label="完成时间">{formatDateTime(wish.completedAt)}</Row> : null}
              </Section>
            ) : null}

            <WishActions
              actions={wish.actions}
              busy={detail.busy}
              error={detail.actionError}
              onRun={detail.run}
              onClearError={detail.clearActionError}
            />
            <WishTimeline events={detail.events} />
          </View>
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
