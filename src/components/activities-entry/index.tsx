import { View } from '@tarojs/components'
import { openActivities, openPartyRecord } from '@/utils/navigation'
import { ActionButton } from '../action-button'
import { Section } from '../section'
import './index.scss'

/** 我的: the way to 社区活动 (sign-ups, volunteer posts) and to the 双报到 record of a year's service. */
export function ActivitiesEntry() {
  return (
    <Section title="社区活动">
      <View className="activities-entry__note">报名活动、认领志愿岗位；党员的服务计入双报到记录。</View>
      <View className="activities-entry__buttons">
        <ActionButton block variant="secondary" onClick={openActivities}>
          社区活动
        </ActionButton>
        <ActionButton block variant="secondary" onClick={openPartyRecord}>
          双报到记录
        </ActionButton>
      </View>
    </Section>
  )
}
