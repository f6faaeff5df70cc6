import { View } from '@tarojs/components'
import { EmptyState } from '../state-views'
import './index.scss'

interface Props {
  icon: string
  title: string
  description: string
  /** What the feature will let the resident do, one short line each. */
  points: readonly string[]
}

/** The empty state of a feature that is on its way. */
export function ComingSoon({ icon, title, description, points }: Props) {
  return (
    <EmptyState icon={icon} title={title} description={description}>
      <View className="coming-soon__points">
        {points.map((point) => (
          <View key={point} className="coming-soon__point">
            · {point}
          </View>
        ))}
      </View>
    </EmptyState>
  )
}
