import { useRef } from 'react'
import { useDidShow } from '@tarojs/taro'

/**
 * Reloads when the page shows again (coming back from a page that changed something), not on its first show,
 * when the data is loading anyway. `when` false lets a return pass without reloading (nothing to reload yet).
 */
export function useReloadOnReturn(reload: () => unknown, when = true): void {
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current && when) void reload()
    shown.current = true
  })
}
