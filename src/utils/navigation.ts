import Taro from '@tarojs/taro'
import { ROUTES } from '@/routes'

let redirecting = false

function currentRoute(): string {
  const pages = Taro.getCurrentPages()
  return `/${(pages[pages.length - 1]?.route ?? '').replace(/^\//, '')}`
}

/**
 * Sends the user to the login page, closing every other page.
 * Several requests may fail with 401 at once and several pages may notice the logout: one redirect is enough,
 * and none from the login page itself.
 */
export function goToLogin(): void {
  if (redirecting || currentRoute() === ROUTES.login) return
  redirecting = true
  Taro.reLaunch({ url: ROUTES.login })
    .catch(() => undefined)
    .finally(() => {
      redirecting = false
    })
}

/**
 * Resolves once the page at `url` has mounted. WeChat resolves reLaunch with the page open; the H5 router changes
 * the URL first and mounts the page after its code has loaded, then tells with this (Taro-internal) event.
 */
function mounted(url: string): Promise<void> {
  if (process.env.TARO_ENV !== 'h5') return Promise.resolve()
  return new Promise((resolve) => {
    const onChange = ({ toLocation }: { toLocation: { path: string } }) => {
      if (toLocation.path !== url) return
      Taro.eventCenter.off('__afterTaroRouterChange', onChange)
      resolve()
    }
    Taro.eventCenter.on('__afterTaroRouterChange', onChange)
  })
}

/**
 * After login: a new resident first chooses a community in 我的, everyone else starts at 心愿. Login is done only
 * once that page has mounted, so nothing navigates while it is still loading.
 */
export async function goHome(hasCommunity: boolean): Promise<void> {
  const url = hasCommunity ? ROUTES.wishes : ROUTES.me
  const landed = mounted(url)
  await Taro.reLaunch({ url })
  await landed
}

/** 回到首页: the wish wall, closing the pages above it. */
export function goToWishes(): void {
  void Taro.switchTab({ url: ROUTES.wishes }).catch(() => undefined)
}

/** 返回: the page before, or the wish wall for a page opened from a link (nothing before it). */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack().catch(goToWishes)
  else goToWishes()
}

export function goToMe(): void {
  void Taro.switchTab({ url: ROUTES.me })
}

/** 输入邀请码: anyone may hold an invite from their community or street. */
export function openInviteAccept(): void {
  void Taro.navigateTo({ url: ROUTES.inviteAccept })
}

export function openStaffWorkbench(): void {
  void Taro.navigateTo({ url: ROUTES.staffWorkbench })
}

/** Opens the phone's dialer; cancelling it is not an error. */
export function callPhone(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber }).catch(() => undefined)
}

/** Opens a wish; `replace` takes the place of the current page (the form that just posted it). */
export function openWish(id: string, { replace = false } = {}): void {
  const url = `${ROUTES.wishDetail}?id=${encodeURIComponent(id)}`
  void (replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url })).catch(() => undefined)
}

export function openNewWish(): void {
  void Taro.navigateTo({ url: ROUTES.wishNew })
}

export function goToStations(): void {
  void Taro.switchTab({ url: ROUTES.stations })
}

export function openStation(id: string): void {
  void Taro.navigateTo({ url: `${ROUTES.stationDetail}?id=${encodeURIComponent(id)}` }).catch(() => undefined)
}

export function openMyBookings(): void {
  void Taro.navigateTo({ url: ROUTES.myBookings }).catch(() => undefined)
}

/** Opens a topic; `replace` takes the place of the current page (the form that just proposed it). */
export function openTopic(id: string, { replace = false } = {}): void {
  const url = `${ROUTES.topicDetail}?id=${encodeURIComponent(id)}`
  void (replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url })).catch(() => undefined)
}

export function openNewTopic(): void {
  void Taro.navigateTo({ url: ROUTES.topicNew }).catch(() => undefined)
}

export function goToTopics(): void {
  void Taro.switchTab({ url: ROUTES.topics })
}

/** 社区活动 (its own subpackage). */
export function openActivity(id: string): void {
  void Taro.navigateTo({ url: `${ROUTES.activityDetail}?id=${encodeURIComponent(id)}` }).catch(() => undefined)
}

export function openActivities(): void {
  void Taro.navigateTo({ url: ROUTES.activities }).catch(() => undefined)
}

/** 双报到: my service this year. */
export function openPartyRecord(): void {
  void Taro.navigateTo({ url: ROUTES.partyRecord }).catch(() => undefined)
}

/** 公开栏 (its own subpackage): a community's notices, the user's own community by default. */
export function openNotices(communityId?: string): void {
  const url = communityId ? `${ROUTES.notices}?communityId=${encodeURIComponent(communityId)}` : ROUTES.notices
  void Taro.navigateTo({ url }).catch(() => undefined)
}

export function openNotice(id: string, { replace = false } = {}): void {
  const url = `${ROUTES.noticeDetail}?id=${encodeURIComponent(id)}`
  void (replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url })).catch(() => undefined)
}

/** Staff publish a notice; with `supersedesId`, a correction of that notice, its form filled in from it. */
export function openStaffNotices(supersedesId?: string): void {
  const url = supersedesId
    ? `${ROUTES.staffNotices}?supersedesId=${encodeURIComponent(supersedesId)}`
    : ROUTES.staffNotices
  void Taro.navigateTo({ url }).catch(() => undefined)
}
