import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import type { ApiError } from '@/services/http'
import { ActionButton } from '../action-button'
import './index.scss'

export function LoadingState({ text = '正在加载，请稍候…' }: { text?: string }) {
  return (
    <View className="state state--loading" aria-busy="true">
      <View className="state__spinner" />
      <View className="state__text">{text}</View>
    </View>
  )
}

interface ErrorStateProps {
  /** The server's message (or the network message); it already says what to do next. */
  message: string
  onRetry?: () => void
}

export function ErrorState({ message, onRetry }: ErrorStateProps) {
  return (
    <View className="state state--error" role="alert">
      <View className="state__icon">!</View>
      <View className="state__title">没有加载出来</View>
      <View className="state__text">{message}</View>
      {onRetry ? (
        <ActionButton className="state__action" onClick={onRetry}>
          重试
        </ActionButton>
      ) : null}
    </View>
  )
}

interface EmptyStateProps {
  icon?: string
  title: string
  description?: string
  children?: ReactNode
}

export function EmptyState({ icon = '○', title, description, children }: EmptyStateProps) {
  return (
    <View className="state state--empty">
      <View className="state__icon state__icon--soft">{icon}</View>
      <View className="state__title">{title}</View>
      {description ? <View className="state__text">{description}</View> : null}
      {children}
    </View>
  )
}

interface AsyncContentProps {
  loading: boolean
  error: ApiError | null
  onRetry: () => void
  children: ReactNode
  loadingText?: string
}

/** Loading, then error (with 重试), then the content: the order every page shows its data in. */
export function AsyncContent({ loading, error, onRetry, children, loadingText }: AsyncContentProps) {
  // A retry clears the error, so the loading state shows while it runs.
  if (error) return <ErrorState message={error.message} onRetry={onRetry} />
  if (loading) return <LoadingState text={loadingText} />
  return <>{children}</>
}
