import Taro from '@tarojs/taro'
import { ROUTES } from '@/routes'

/** Opens a problem; `replace` takes the place of the current page (the form that just reported it). */
export function openProblem(id: string, { replace = false } = {}): void {
  const url = `${ROUTES.problemDetail}?id=${encodeURIComponent(id)}`
  void (replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url })).catch(() => undefined)
}

export function openReportProblem(): void {
  void Taro.navigateTo({ url: ROUTES.problemNew }).catch(() => undefined)
}
