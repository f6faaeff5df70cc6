import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { control } from '../aria'
import './index.scss'

export type ActionButtonVariant = 'primary' | 'secondary' | 'danger' | 'plain'

interface Props {
  children: ReactNode
  onClick?: () => void
  variant?: ActionButtonVariant
  /** Says 请稍候 and ignores taps, so one action is never sent twice by a double tap. */
  loading?: boolean
  disabled?: boolean
  /** Fills the row. */
  block?: boolean
  small?: boolean
  className?: string
  /** Its name for screen readers when the text alone does not say what it does (拨打 → 拨打驿站电话). */
  label?: string
}

/**
 * The button of the app: at least --tap-min tall, so it grows in elder mode.
 * A View rather than the native Button: the native one brings its own sizes and colours on each platform
 * (weapp's ::after border, H5's fixed font size), which fought elder mode.
 */
export function ActionButton({
  children,
  onClick,
  variant = 'primary',
  loading = false,
  disabled = false,
  block = false,
  small = false,
  className,
  label,
}: Props) {
  const inactive = loading || disabled
  const classes = [
    'action-button',
    `action-button--${variant}`,
    block ? 'action-button--block' : '',
    small ? 'action-button--small' : '',
    disabled ? 'action-button--disabled' : '',
    loading ? 'action-button--loading' : '',
    className ?? '',
  ]
    .filter(Boolean)
    .join(' ')
  return (
    <View
      className={classes}
      hoverClass={inactive ? 'none' : 'action-button--pressed'}
      {...control('button', label, inactive)}
      onClick={() => {
        if (!inactive) onClick?.()
      }}
    >
      {loading ? <View className="action-button__spinner" /> : null}
      {loading ? '请稍候…' : children}
    </View>
  )
}
