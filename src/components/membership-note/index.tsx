import { View } from '@tarojs/components'
import { control } from '../aria'
import { openMembership } from '@/utils/membership'
import './index.scss'

/** Where a non-member meets something only verified members do: what it is, and the way to 住户认证. */
export function MembershipNote({ what }: { what: string }) {
  return (
    <View className="membership-note" role="note">
      <View className="membership-note__text">认证为本社区住户后才能{what}。</View>
      <View className="membership-note__link" {...control('link', '去住户认证')} onClick={openMembership}>
        去认证 ›
      </View>
    </View>
  )
}
