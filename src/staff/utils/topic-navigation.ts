import Taro from '@tarojs/taro'
import { ROUTES } from '@/routes'

/** Navigation to and between the staff's 议事协商 pages; a failed navigation (a double tap) is not an error. */

function go(url: string, query: Record<string, string | undefined> = {}): void {
  const params = Object.entries(query)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
  void Taro.navigateTo({ url: params.length ? `${url}?${params.join('&')}` : url }).catch(() => undefined)
}

/** 审核议题: the queue, or straight to one topic's review form. */
export const openTopicReview = (id?: string) => go(ROUTES.staffTopicReview, { id })

/** 议题管理: one topic, or the list of open and closed topics. */
export const openTopicManage = (id?: string) => go(ROUTES.staffTopicManage, { id })

export const openCommentReports = () => go(ROUTES.staffCommentReports)

/** The topic as residents see it. */
export const openResidentTopic = (id: string) => go(ROUTES.topicDetail, { id })
