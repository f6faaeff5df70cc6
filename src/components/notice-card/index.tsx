import { View } from '@tarojs/components'
import { NOTICE_KIND_LABELS, type NoticeSummaryDto } from '@/shared/notices'
import { formatDateTime } from '@/utils/format'
import { Card, CardHead } from '../card'
import { Tag } from '../section'
import './index.scss'

/** One notice in the 公开栏: its kind, title, when, how many read it; 公示中 while objections are open, 已被更正 once corrected. */
export function NoticeCard({ notice, onOpen }: { notice: NoticeSummaryDto; onOpen: () => void }) {
  return (
    <Card className="notice-card" gap="list" hoverClass="card--pressed" onClick={onOpen}>
      <CardHead
        title={notice.title}
        titleClassName="notice-card__title"
        tag={<Tag tone={notice.kind === 'finance' ? 'warning' : 'neutral'}>{NOTICE_KIND_LABELS[notice.kind]}</Tag>}
      />
      <View className="notice-card__meta">
        {formatDateTime(notice.createdAt)} · {notice.readCount}人已读
        {notice.objectionCount > 0 ? ` · ${notice.objectionCount}条意见` : ''}
      </View>
      {notice.supersededById || notice.objectionsOpen || notice.supersedesId ? (
        <View className="notice-card__flags">
          {notice.supersededById ? <Tag tone="danger">已被更正</Tag> : null}
          {notice.supersedesId ? <Tag tone="neutral">更正公告</Tag> : null}
          {notice.objectionsOpen ? <Tag tone="success">公示中</Tag> : null}
        </View>
      ) : null}
    </Card>
  )
}
