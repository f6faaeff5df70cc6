import Taro from '@tarojs/taro'
import { ROUTES } from '@/routes'
import type { MeDto } from '@/shared/identity'
import { confirmAction } from './confirm'

/** Whether the user is a verified member of the community: who may post, propose, comment, report and vote there. */
export const isVerifiedIn = (me: MeDto | null | undefined, communityId: string | null | undefined): boolean =>
  Boolean(communityId) && me?.membership?.status === 'verified' && me.membership.communityId === communityId

export function openMembership(): void {
  void Taro.navigateTo({ url: ROUTES.membership }).catch(() => undefined)
}

/** Tells a user who is not yet a verified member what to do, and takes them to 住户认证 if they want. */
export async function askToVerify(what: string): Promise<void> {
  const go = await confirmAction({
    title: '请先完成住户认证',
    content: `认证为本社区住户后才能${what}。填写楼栋和房号即可申请；有门卡上的门牌码可以立即通过。`,
    confirmText: '去认证',
  })
  if (go) openMembership()
}
