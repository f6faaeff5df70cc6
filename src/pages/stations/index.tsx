import { FeatureHome } from '@/components/feature-home'
import { PageShell } from '@/components/page-shell'
import { useMyCommunity } from '@/hooks/use-communities'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import './index.scss'

const SOON = {
  icon: '站',
  title: '驿站预约马上就来',
  description: '这里会列出您身边的党群服务驿站。',
  points: ['查看附近驿站和开放时间', '预约阅览室、法律咨询、健康检查', '到站出示预约码签到'],
} as const

export default function StationsPage() {
  const state = useMyCommunity()
  usePullRefresh(state.reload)
  return (
    <PageShell>
      <FeatureHome title="驿站预约" lead="家门口的服务，十分钟就能到" state={state} soon={SOON} />
    </PageShell>
  )
}
