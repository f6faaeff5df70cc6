import Taro from '@tarojs/taro'
import { isId } from '@/shared/api'
import { ROUTES } from '@/routes'

/** 代办: the resident a staff member acts for, carried to the wish form and a station's booking panel. */
export interface ActingFor {
  id: string
  name: string
}

const decoded = (value: string) => {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

const query = (r: ActingFor) => `onBehalfOf=${encodeURIComponent(r.id)}&name=${encodeURIComponent(r.name)}`

/** Whom a page acts for, from its query (`onBehalfOf`, `name`); null when it acts for the user themselves. */
export function actingForOf(params: Partial<Record<string, string>>): ActingFor | null {
  const id = params.onBehalfOf
  if (!id || !isId(id)) return null
  return { id, name: decoded(params.name ?? '') || '居民' }
}

/** 代发心愿: the wish form, posting for the resident. */
export function openWishFormFor(resident: ActingFor): void {
  void Taro.navigateTo({ url: `${ROUTES.wishNew}?${query(resident)}` }).catch(() => undefined)
}

/** 代约: a station's page, booking for the resident. */
export function openStationFor(stationId: string, resident: ActingFor): void {
  const url = `${ROUTES.stationDetail}?id=${encodeURIComponent(stationId)}&${query(resident)}`
  void Taro.navigateTo({ url }).catch(() => undefined)
}
