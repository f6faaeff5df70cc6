import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import type { PagedList } from '@/hooks/use-paged-list'
import type { ApiError } from '@/services/http'
import { isId } from '@/shared/api'
import { goBack, goToWishes } from '@/utils/navigation'
import { ActionButton } from '../action-button'
import { control } from '../aria'
import { Card } from '../card'
import './index.scss'

export function LoadingState({ text = '正在加载，请稍候…' }: { text?: string }) {
  return (
    <Card className="state state--loading" aria-busy="true">
      <View className="state__spinner" />
      <View className="state__text">{text}</View>
    </Card>
  )
}

interface ErrorStateProps {
  /** The server's message (or the network message); it already says what to do next. */
  message: string
  onRetry?: () => void
}

export function ErrorState({ message, onRetry }: ErrorStateProps) {
  return (
    <Card className="state state--error" role="alert">
      <View className="state__icon">!</View>
      <View className="state__title">没有加载出来</View>
      <View className="state__text">{message}</View>
      {onRetry ? (
        <ActionButton className="state__action" onClick={onRetry}>
          重试
        </ActionButton>
      ) : null}
    </Card>
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
    <Card className="state state--empty">
      <View className="state__icon state__icon--soft">{icon}</View>
      <View className="state__title">{title}</View>
      {description ? <View className="state__text">{description}</View> : null}
      {children}
    </Card>
  )
}

/** A detail page whose thing does not exist (no id, a malformed one, or the server's 404): where to go instead. */
export function NotFoundState({ what }: { what: string }) {
  return (
    <EmptyState icon="?" title={`没有找到这个${what}`} description={`这个${what}可能已经删除，或者链接不完整。`}>
      <View className="state__actions">
        <ActionButton variant="secondary" onClick={goBack}>
          返回
        </ActionButton>
        <ActionButton onClick={goToWishes}>回到首页</ActionButton>
      </View>
    </EmptyState>
  )
}

interface AsyncContentProps {
  loading: boolean
  error: ApiError | null
  onRetry: () => void
  children: ReactNode
  loadingText?: string
  /** On a detail page: what it shows (心愿…) and the id it was opened with, which must be a valid one. */
  detail?: { what: string; id: string }
}

/**
 * Loading, then error (with 重试), then the content: the order every page shows its data in. A detail page whose
 * id cannot name anything (its hook sends no request then) or whose thing is gone shows that it was not found.
 */
export function AsyncContent({ loading, error, onRetry, children, loadingText, detail }: AsyncContentProps) {
  if (detail && (!isId(detail.id) || error?.status === 404)) return <NotFoundState what={detail.what} />
  // A retry clears the error, so the loading state shows while it runs.
  if (error) return <ErrorState message={error.message} onRetry={onRetry} />
  if (loading) return <LoadingState text={loadingText} />
  return <>{children}</>
}

interface MoreFooterProps {
  list: Pick<PagedList<unknown>, 'hasMore' | 'loadingMore' | 'moreError' | 'loadMore'>
  /** What it says while more can be loaded (a tap loads it too). */
  idle?: string
  /** What it says once everything is shown; nothing at all without it. */
  end?: string
}

/** The foot of a paged list: loading more, the error to tap for a retry, or that there is no more. */
export function MoreFooter({ list, idle = '上拉加载更多', end }: MoreFooterProps) {
  const text = list.moreError
    ? `${list.moreError}（点这里重试）`
    : list.loadingMore
      ? '正在加载更多…'
      : list.hasMore
        ? idle
        : end
  if (!text) return null
  return (
    <View className="state__more" onClick={() => void list.loadMore()} {...(list.hasMore && control())}>
      {text}
    </View>
  )
}
