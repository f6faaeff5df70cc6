import { useEffect, type ReactNode } from 'react'
import { View } from '@tarojs/components'
import { useSession } from '@/hooks/use-session'
import { goToLogin } from '@/utils/navigation'
import './index.scss'

interface Props {
  children?: ReactNode
  /** Pages other than login need a session; without one the user is sent to log in. */
  requireLogin?: boolean
  className?: string
}

/**
 * The root of every page: carries the design tokens and elder mode (适老化) for everything inside,
 * and the login guard. Implemented once here so no page can forget either.
 */
export function PageShell({ children, requireLogin = true, className }: Props) {
  const { token, elderMode } = useSession()
  const blocked = requireLogin && !token

  useEffect(() => {
    if (blocked) goToLogin()
  }, [blocked])

  // H5: Taro's tab bar, picker and modal live outside the page; app.scss enlarges them under this class.
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') document.documentElement.classList.toggle('llt-elder', elderMode)
  }, [elderMode])

  const classes = ['page', elderMode ? 'page--elder' : '', className ?? ''].filter(Boolean).join(' ')
  // The page is the main landmark: screen readers jump to it past the tab bar.
  return (
    <View className={classes} role="main">
      {blocked ? null : children}
    </View>
  )
}

/** The big heading of a page, with one line saying what the page is for. */
export function PageHeader({ title, lead }: { title: string; lead?: string }) {
  return (
    <View className="page-header">
      <View className="page-header__title" role="heading" aria-level={1}>
        {title}
      </View>
      {lead ? <View className="page-header__lead">{lead}</View> : null}
    </View>
  )
}
