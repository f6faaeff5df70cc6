import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Card } from '../card'
import './index.scss'

interface Props {
  title?: string
  /** Something on the right of the title: a status tag, a small action. */
  extra?: ReactNode
  children: ReactNode
  className?: string
}

/** A card with an optional title: the building block of every page. */
export function Section({ title, extra, children, className }: Props) {
  return (
    <Card className={['section', className ?? ''].filter(Boolean).join(' ')}>
      {title ? (
        <View className="section__head">
          <View className="section__title">{title}</View>
          {extra}
        </View>
      ) : null}
      {children}
    </Card>
  )
}

/** A short coloured label, e.g. a status. */
export function Tag({
  children,
  tone = 'neutral',
}: {
  children: ReactNode
  tone?: 'neutral' | 'success' | 'warning' | 'danger'
}) {
  return <View className={`tag tag--${tone}`}>{children}</View>
}
