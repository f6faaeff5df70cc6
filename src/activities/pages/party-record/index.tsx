import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { InfoRow } from '@/components/info-row'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { openActivities } from '@/utils/navigation'
import { usePartyService } from '../../hooks/use-activities'
import './index.scss'

/** 双报到: a party member's service in the community this year — wishes, volunteer posts, activities. */
export default function PartyRecordPage() {
  const record = usePartyService()
  usePullRefresh(record.reload)
  const r = record.data
  return (
    <PageShell>
      <PageHeader title="双报到记录" lead="党员到社区报到，为邻里服务的记录" />
      <AsyncContent loading={record.loading} error={record.error} onRetry={() => void record.reload()}>
        {r ? (
          <View>
            {r.isPartyMember ? null : (
              <View className="party-record__note">
                您还没有登记为党员。到"我的"里申请党员报到，社区确认后服务会计入双报到记录。
              </View>
            )}
            <Section title={`${r.year}年`}>
              <View className="party-record__total" role="text" aria-label={`共服务${r.totalHours}小时`}>
                <View className="party-record__hours">{r.totalHours}</View>
                <View className="party-record__unit">小时志愿服务</View>
              </View>
              <InfoRow label="微心愿" strong>
                {r.wishes}个 · {r.wishHours}小时
              </InfoRow>
              <InfoRow label="志愿岗位" strong>
                {r.posts}个 · {r.postHours}小时
              </InfoRow>
              <InfoRow label="参加活动" strong>
                {r.activities}次
              </InfoRow>
            </Section>
            <ActionButton block variant="secondary" onClick={openActivities}>
              看看社区活动
            </ActionButton>
          </View>
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
