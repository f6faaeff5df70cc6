import Taro from '@tarojs/taro'

/**
 * WeChat subscribe messages (订阅消息): right after the tap that posted a wish, booked or voted, the user is asked
 * whether WeChat may message them about it. The template ids come from TARO_APP_SUBSCRIBE_TEMPLATES at build time
 * (checked there by config/index.ts), a JSON object of moment → ids, e.g. {"wish":["id1"],"vote":["id2"]}.
 * Without it (H5, tests, a build without templates) nothing is asked, and the build drops the body below.
 * Never awaited and never throws: the user's action has already succeeded, and a refusal or an error (an old
 * WeChat, a template taken down) must not change that.
 */
export type SubscribeMoment = 'wish' | 'booking' | 'vote'

export function askToSubscribe(moment: SubscribeMoment): void {
  // Both are replaced by constants at build time, so an unconfigured build keeps an empty function.
  if (process.env.TARO_ENV === 'weapp' && process.env.TARO_APP_SUBSCRIBE_TEMPLATES) {
    try {
      const templates = JSON.parse(process.env.TARO_APP_SUBSCRIBE_TEMPLATES) as Record<string, string[] | undefined>
      const tmplIds = templates[moment]
      if (tmplIds?.length) {
        Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option).catch(() => undefined)
      }
    } catch {
      // Nothing to ask.
    }
  }
}
