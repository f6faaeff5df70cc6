import Taro from '@tarojs/taro'

/**
 * WeChat subscribe messages (订阅消息): the tap that posts a wish, books or votes first asks whether WeChat may
 * message the user about it, then sends. WeChat only shows the question from within a tap, so it must be asked
 * before the request, not after its answer. The template ids come from TARO_APP_SUBSCRIBE_TEMPLATES at build time
 * (checked there by config/index.ts), a JSON object of moment → ids, e.g. {"wish":["id1"],"vote":["id2"]}.
 * Without it (H5, tests, a build without templates) nothing is asked, and the build drops the body below.
 * Resolves when the question is closed and never rejects: a refusal or an error (an old WeChat, a template taken
 * down) must not stop the user's action.
 */
export type SubscribeMoment = 'wish' | 'booking' | 'vote' | 'activity' | 'problem'

export function askToSubscribe(moment: SubscribeMoment): Promise<void> {
  // Both are replaced by constants at build time, so an unconfigured build keeps an almost empty function.
  if (process.env.TARO_ENV === 'weapp' && process.env.TARO_APP_SUBSCRIBE_TEMPLATES) {
    try {
      const templates = JSON.parse(process.env.TARO_APP_SUBSCRIBE_TEMPLATES) as Record<string, string[] | undefined>
      const tmplIds = templates[moment]
      if (tmplIds?.length) {
        return Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option).then(
          () => undefined,
          () => undefined,
        )
      }
    } catch {
      // Nothing to ask.
    }
  }
  return Promise.resolve()
}
