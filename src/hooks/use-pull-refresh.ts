import Taro, { usePullDownRefresh } from '@tarojs/taro'

/** Pull-down refresh (the page config must set enablePullDownRefresh): reloads, then closes the spinner. */
export function usePullRefresh(reload: () => Promise<void>): void {
  usePullDownRefresh(() => {
    reload().finally(() => Taro.stopPullDownRefresh())
  })
}
