import Taro from '@tarojs/taro'
import { ROUTES } from '@/routes'

/** Navigation between the staff pages (the subpackage); a failed navigation (a double tap) is not an error. */

function go(url: string, query: Record<string, string | undefined> = {}): void {
  const params = Object.entries(query)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
  void Taro.navigateTo({ url: params.length ? `${url}?${params.join('&')}` : url }).catch(() => undefined)
}

export const openCheckIn = () => go(ROUTES.staffCheckIn)

export const openStationManage = (stationId?: string) => go(ROUTES.staffStationManage, { stationId })

/** The service form: a new service of the station, or an existing one. */
export const openServiceEdit = (stationId: string, serviceId?: string) =>
  go(ROUTES.staffServiceEdit, { stationId, serviceId })

export const openStationBookings = (stationId?: string, serviceId?: string) =>
  go(ROUTES.staffStationBookings, { stationId, serviceId })

/** 社区活动: publish, manage (complete), check in. */
export const openActivityNew = () => go(ROUTES.staffActivityNew)
export const openActivityManage = () => go(ROUTES.staffActivityManage)
export const openActivityCheckIn = () => go(ROUTES.staffActivityCheckIn)
