import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import './index.scss'

interface Props {
  /** What the value is, in a column of its own: 地址, 电话, 投票时间. */
  label: string
  children: ReactNode
  /** A column of two-character labels (4em rather than 5em). */
  narrow?: boolean
  /** Facts read out to someone (check-in): bold values, a little more room, and no breaking inside words. */
  strong?: boolean
}

/** One fact of a detail page: its label on the left, the value beside it, wrapping under itself. */
export function InfoRow({ label, children, narrow = false, strong = false }: Props) {
  const classes = ['info-row', narrow ? 'info-row--narrow' : '', strong ? 'info-row--strong' : '']
    .filter(Boolean)
    .join(' ')
  return (
    <View className={classes}>
      <View className="info-row__label">{label}</View>
      <View className="info-row__value">{children}</View>
    </View>
  )
}
