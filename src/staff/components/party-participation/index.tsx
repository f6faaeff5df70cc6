import { View } from '@tarojs/components'
import { Section } from '@/components/section'
import { DashboardFigures } from '../dashboard-figures'
import { useCommunityPartyService } from '../../hooks/use-activity-manage'
import './index.scss'

/** 双报到: this year's party members of the community, how many served, and each one's record. */
export function PartyParticipation({ communityId }: { communityId: string }) {
  const party = useCommunityPartyService(communityId)
  const d = party.data
  if (!d) return null
  return (
    <Section title={`双报到（${d.year}年）`}>
      <DashboardFigures
        figures={[
          {
            label: '党员参与率',
            value: `${Math.round(d.rate * 100)}%`,
            hint: '今年参加过服务的党员占本社区党员的比例',
          },
          { label: '报到党员', value: String(d.partyMembers), unit: '人' },
          { label: '参与服务', value: String(d.participating), unit: '人' },
        ]}
      />
      {d.members.map((m) => (
        <View key={m.userId} className="party-participation__row">
          <View className="party-participation__name">{m.name}</View>
          <View className="party-participation__figures">
            心愿{m.wishes} · 岗位{m.posts} · 活动{m.activities} · {m.totalHours}小时
          </View>
        </View>
      ))}
    </Section>
  )
}
