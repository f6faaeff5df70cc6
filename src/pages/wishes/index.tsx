import { FeatureHome } from '@/components/feature-home'
import { PageShell } from '@/components/page-shell'
import { useMyCommunity } from '@/hooks/use-communities'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import './index.scss'

const SOON = {
  icon: '心',
  title: '心愿墙马上就来',
  description: '这里会展示本社区邻居的微心愿。',
  points: ['写下一个小心愿，社区审核后发布', '志愿者认领并帮您完成', '完成后您来确认和感谢'],
} as const

export default function WishesPage() {
  const state = useMyCommunity()
  usePullRefresh(state.reload)
  return (
    <PageShell>
      <FeatureHome title="微心愿" lead="邻里互助，一个小心愿也有人帮" state={state} soon={SOON} />
    </PageShell>
  )
}
