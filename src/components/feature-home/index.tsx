import { View } from '@tarojs/components'
import type { MyCommunityState } from '@/hooks/use-communities'
import { CommunityBanner } from '../community-banner'
import { ComingSoon } from '../coming-soon'
import { PageHeader } from '../page-shell'
import { AsyncContent } from '../state-views'

interface Props {
  title: string
  lead: string
  state: MyCommunityState
  soon: { icon: string; title: string; description: string; points: readonly string[] }
}

/** The home of a feature tab: the user's community, then the feature (for now, what it will offer). */
export function FeatureHome({ title, lead, state, soon }: Props) {
  return (
    <View>
      <PageHeader title={title} lead={lead} />
      <AsyncContent loading={state.loading} error={state.error} onRetry={() => void state.reload()}>
        <CommunityBanner community={state.community} needsCommunity={state.needsCommunity} />
        {state.community ? <ComingSoon {...soon} /> : null}
      </AsyncContent>
    </View>
  )
}
