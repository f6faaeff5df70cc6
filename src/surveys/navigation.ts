import Taro from '@tarojs/taro'
import { ROUTES } from '@/routes'

/** Opens a survey: answering while open, its results after close. */
export function openSurvey(id: string): void {
  void Taro.navigateTo({ url: `${ROUTES.surveyDetail}?id=${encodeURIComponent(id)}` }).catch(() => undefined)
}
