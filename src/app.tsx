// First: before any schema is made (see the file).
import '@/utils/zod-jitless'
import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { loadMe } from '@/hooks/session-store'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Warm the session; pages read it through hooks and show their own loading state meanwhile.
    loadMe().catch(() => undefined)
  })

  // children are the pages
  return children
}

export default App
