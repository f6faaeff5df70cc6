import type { CommunityDto, MeDto } from '@/shared/identity'

/** The community the rendering tests' users live in. */
export const COMMUNITY: CommunityDto = {
  id: '6f1c1d1e-1111-4111-8111-111111111111',
  name: '幸福里社区',
  street: '湖滨街道',
  district: '上城区',
}

/** A user of COMMUNITY as GET /api/me answers: a resident, unless `over` says otherwise. */
export function meAs(over: Partial<MeDto> = {}): MeDto {
  return {
    id: '0b7a4c52-3333-4333-8333-333333333333',
    nickname: '王小明',
    avatarUrl: null,
    role: 'resident',
    communityId: COMMUNITY.id,
    building: null,
    elderMode: false,
    staffCommunityIds: [],
    streetIds: [],
    handlerOrgIds: [],
    volunteer: null,
    membership: null,
    ...over,
  }
}

/** Staff of COMMUNITY who live there too. */
export const STAFF: MeDto = meAs({
  id: '0b7a4c52-5555-4555-8555-555555555555',
  nickname: '陈主任',
  role: 'staff',
  staffCommunityIds: [COMMUNITY.id],
})
