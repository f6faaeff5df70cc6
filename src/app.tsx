// First: before any schema is made (see the file).
import '@/utils/zod-jitless'
import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { pressOnKeys } from '@/components/aria'
import { loadMe } from '@/hooks/session-store'
import './app.scss'

// Enter and Space press the focused control (aria.ts).
if (process.env.TARO_ENV === 'h5') pressOnKeys()

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Warm the session; pages read it through hooks and show their own loading state meanwhile.
    loadMe().catch(() => undefined)
    // H5: Taro's tab bar is the menu every page shares; say so, so screen readers list it among the landmarks.
    if (process.env.TARO_ENV === 'h5') document.querySelector('taro-tabbar')?.setAttribute('role', 'navigation')
  })

  // children are the pages
  return children
}

export default App
