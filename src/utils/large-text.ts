import Taro from '@tarojs/taro'

/** WeChat's own text sizes from 20 up are its 关怀模式 (care) sizes; a browser's "large" default is 20 px too. */
const LARGE_TEXT_PX = 20

let cached: boolean | undefined

/**
 * Whether the phone is set to large text: WeChat's font size in the weapp, the browser's default font size on H5
 * (Taro sets the page's root size from the screen width, but `medium` stays the size the user chose).
 * Read once per launch; WeChat restarts the mini-program when its font size changes.
 */
export function prefersLargeText(): boolean {
  if (cached !== undefined) return cached
  let size = 0
  if (process.env.TARO_ENV === 'h5') {
    const probe = document.createElement('div')
    probe.style.cssText = 'position:absolute;visibility:hidden;font-size:medium'
    document.documentElement.appendChild(probe)
    size = parseFloat(getComputedStyle(probe).fontSize)
    probe.remove()
  } else {
    // getAppBaseInfo from base library 2.20.1 (WeChat documents its fontSizeSetting; Taro's type omits it); older
    // WeChat answers the same through getSystemInfoSync.
    const info: { fontSizeSetting?: number } = Taro.canIUse('getAppBaseInfo')
      ? (Taro.getAppBaseInfo() as { fontSizeSetting?: number })
      : Taro.getSystemInfoSync()
    size = info.fontSizeSetting ?? 0
  }
  cached = size >= LARGE_TEXT_PX
  return cached
}
