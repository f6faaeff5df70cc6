import { useRef } from 'react'
import { useDidShow } from '@tarojs/taro'

/**
 * Reloads when the page shows again (coming back from a page that changed something), not on its first show,
 * when the data is loading anyway.
 */
export function useReloadOnReturn(reload: () => Promise<void>): void {
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void reload()
    shown.current = true
  })
}
