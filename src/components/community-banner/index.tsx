import { View } from '@tarojs/components'
import type { CommunityDto } from '@/shared/identity'
import Taro from '@tarojs/taro'
import { ROUTES } from '@/routes'
import { goToMe } from '@/utils/navigation'
import { control } from '../aria'
import { ActionButton } from '../action-button'
import './index.scss'

interface Props {
  community: CommunityDto | null
  /** The user has not chosen a community yet. */
  needsCommunity: boolean
}

/** Which community the page is about, or a prompt to choose one in 我的. */
export function CommunityBanner({ community, needsCommunity }: Props) {
  if (needsCommunity || !community) {
    return (
      <View className="community-banner community-banner--missing">
        <View className="community-banner__title">您还没有选择社区</View>
        <View className="community-banner__text">选好您住的社区，就能看到身边的心愿、驿站和议事了。</View>
        <ActionButton className="community-banner__action" onClick={goToMe}>
          去选择社区
        </ActionButton>
      </View>
    )
  }
  return (
    <View className="community-banner">
      <View className="community-banner__label">我的社区</View>
      <View className="community-banner__title">{community.name}</View>
      <View className="community-banner__text">
        {community.district} · {community.street}
      </View>
      <View
        className="community-banner__report"
        onClick={() =>
          void Taro.navigateTo({ url: `${ROUTES.report}?communityId=${encodeURIComponent(community.id)}` }).catch(
            () => undefined,
          )
        }
        {...control('link')}
      >
        社区月报：本月做了什么、定了什么
        <View className="community-banner__go" aria-hidden>
          ›
        </View>
      </View>
    </View>
  )
}
