import { useState } from 'react'
import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { AttachmentList } from '@/components/attachment-list'
import { CardHead } from '@/components/card'
import { Field, TextArea } from '@/components/field'
import { InfoRow } from '@/components/info-row'
import { PageShell } from '@/components/page-shell'
import { Section, Tag } from '@/components/section'
import { AsyncContent } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useSession } from '@/hooks/use-session'
import { NOTICE_KIND_LABELS } from '@/shared/notices'
import { formatDateTime } from '@/utils/format'
import { openNotice, openStaffNotices } from '@/utils/navigation'
import { ObjectionList } from '../../components/objection-list'
import { useNoticeDetail } from '../../hooks/use-notices'
import './index.scss'

/**
 * One notice: what it says, its attachments, whether a correction replaced it (or which one it corrects), its
 * 公示期 with the residents' objections and the community's replies, and how many have read it.
 */
export default function NoticeDetailPage() {
  const id = useRouter().params.id ?? ''
  const detail = useNoticeDetail(id)
  const { notice } = detail
  const { me } = useSession()
  usePullRefresh(detail.reload)
  const [objection, setObjection] = useState('')
  const staffHere = Boolean(notice && me && (me.role === 'admin' || me.staffCommunityIds.includes(notice.communityId)))
  const member = Boolean(
    notice && me?.membership?.status === 'verified' && me.membership.communityId === notice.communityId,
  )

  return (
    <PageShell>
      <AsyncContent
        loading={detail.loading}
        error={detail.error}
        onRetry={() => void detail.reload()}
        detail={{ what: '公告', id }}
      >
        {notice ? (
          <View>
            {notice.supersededBy ? (
              <View className="notice-detail__banner" role="alert">
                <View className="notice-detail__banner-title">已被更正</View>
                <View>
                  本公告已于{formatDateTime(notice.supersededBy.createdAt)}由「{notice.supersededBy.title}
                  」更正，以更正后的公告为准。
                </View>
                <ActionButton
                  block
                  variant="secondary"
                  className="notice-detail__link"
                  onClick={() => openNotice(notice.supersededBy!.id)}
                >
                  查看更正后的公告
                </ActionButton>
              </View>
            ) : null}
            <Section>
              <CardHead large title={notice.title} tag={<Tag>{NOTICE_KIND_LABELS[notice.kind]}</Tag>} />
              <View className="notice-detail__meta">
                {formatDateTime(notice.createdAt)} 发布 · {notice.readCount}人已读
              </View>
              {notice.supersedes ? (
                <View
                  className="notice-detail__corrects"
                  role="link"
                  aria-label={`本公告更正了「${notice.supersedes.title}」，点击查看原公告`}
                  onClick={() => openNotice(notice.supersedes!.id)}
                >
                  本公告更正了「{notice.supersedes.title}」（{formatDateTime(notice.supersedes.createdAt)}
                  ），点击查看原公告
                </View>
              ) : null}
              <View className="notice-detail__body">{notice.body}</View>
              <AttachmentList attachments={notice.attachments} />
            </Section>
            {notice.objectionsUntil ? (
              <Section
                title="公示期"
                extra={
                  <Tag tone={notice.objectionsOpen ? 'success' : 'neutral'}>
                    {notice.objectionsOpen ? '公示中' : notice.supersededBy ? '已被更正' : '已结束'}
                  </Tag>
                }
              >
                <InfoRow label="截止时间">{formatDateTime(notice.objectionsUntil)}</InfoRow>
                <View className="notice-detail__meta">
                  {notice.supersededBy
                    ? '本公告已被更正，如有意见请到更正后的公告提出。'
                    : '公示期内，认证住户可以提出意见；意见和社区的答复都会公开。'}
                </View>
              </Section>
            ) : null}
            {notice.objectionsUntil || notice.objections.length > 0 ? (
              <Section title={`居民意见（${notice.objections.length}）`}>
                <ObjectionList objections={notice.objections} reply={staffHere ? detail.reply : null} />
              </Section>
            ) : null}
            {/* Staff of the community reply rather than object. */}
            {notice.objectionsOpen && (member || !staffHere) ? (
              <Section title="提出意见">
                {member ? (
                  <View>
                    <Field label="您的意见" error={detail.object.error}>
                      <TextArea
                        value={objection}
                        onChange={setObjection}
                        placeholder="对公告内容有疑问或不同意见，请写在这里（会公开显示，名字只显示第一个字）"
                        maxlength={500}
                      />
                    </Field>
                    <ActionButton
                      block
                      loading={detail.object.submitting}
                      onClick={() =>
                        void detail.object.submit(objection.trim()).then((done) => done && setObjection(''))
                      }
                    >
                      提交意见
                    </ActionButton>
                  </View>
                ) : (
                  <View className="notice-detail__meta">完成住户认证后，可以在公示期内提出意见。</View>
                )}
              </Section>
            ) : null}
            {staffHere && !notice.supersededBy ? (
              <ActionButton block variant="secondary" onClick={() => openStaffNotices(notice.id)}>
                更正这则公告
              </ActionButton>
            ) : null}
          </View>
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
