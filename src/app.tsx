import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import * as z from 'zod'
import { loadMe } from '@/hooks/session-store'
import './app.scss'

// The mini-program runtime forbids `new Function`; tell zod up front instead of letting it probe.
z.config({ jitless: true })

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Warm the session; pages read it through hooks and show their own loading state meanwhile.
    loadMe().catch(() => undefined)
  })

  // children are the pages
  return children
}

export default App
