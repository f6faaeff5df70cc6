import { FeatureHome } from '@/components/feature-home'
import { PageShell } from '@/components/page-shell'
import { useMyCommunity } from '@/hooks/use-communities'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import './index.scss'

const SOON = {
  icon: '议',
  title: '议事协商马上就来',
  description: '这里会展示本社区正在商量的大小事。',
  points: ['提出停车、垃圾分类等议题', '和邻居一起讨论、投票', '随时查看结果和办理进度'],
} as const

export default function TopicsPage() {
  const state = useMyCommunity()
  usePullRefresh(state.reload)
  return (
    <PageShell>
      <FeatureHome title="议事协商" lead="社区的事，大家商量着办" state={state} soon={SOON} />
    </PageShell>
  )
}
