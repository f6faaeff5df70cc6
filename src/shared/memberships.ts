import * as z from 'zod'
import { pageQuerySchema } from './api'
import { MEMBERSHIP_STATUSES, REAL_NAME_MAX, REAL_NAME_MIN, type MembershipStatus } from './identity'

/**
 * 住户认证 (DESIGN, "Membership and onboarding"): a person applies to be a member of one household of a community;
 * the household's door code verifies them at once, otherwise staff of the community decide. Only verified members
 * post wishes, propose topics, comment, report comments and vote.
 */

export const RELATIONS = ['owner', 'tenant', 'family'] as const
export type Relation = (typeof RELATIONS)[number]
export const RELATION_LABELS: Record<Relation, string> = { owner: '业主', tenant: '租户', family: '家庭成员' }

export const MEMBERSHIP_STATUS_LABELS: Record<MembershipStatus, string> = {
  pending: '审核中',
  verified: '已认证',
  rejected: '未通过',
  left: '已结束',
}

export const BUILDING_NAME_MAX = 30
export const UNIT_MAX = 10
export const ROOM_MAX = 10
/** The door card's code: eight digits (migration 0015, `new_door_code()`). */
export const DOOR_CODE_PATTERN = /^\d{8}$/
/** Wrong door codes one person may try in a day before a code is no longer taken from them (docs/decisions.md). */
export const DOOR_CODE_TRIES_PER_DAY = 5

export const applyMembershipSchema = z
  .object({
    communityId: z.uuid('请选择社区'),
    building: z.string().trim().min(1, '请填写楼栋').max(BUILDING_NAME_MAX, `楼栋最多${BUILDING_NAME_MAX}个字`),
    unit: z.string().trim().max(UNIT_MAX, `单元最多${UNIT_MAX}个字`).default(''),
    room: z.string().trim().min(1, '请填写房号').max(ROOM_MAX, `房号最多${ROOM_MAX}个字`),
    relation: z.enum(RELATIONS, '请选择与这户的关系：业主、租户或家庭成员'),
    realName: z
      .string()
      .trim()
      .min(REAL_NAME_MIN, `请填写${REAL_NAME_MIN}-${REAL_NAME_MAX}个字的真实姓名`)
      .max(REAL_NAME_MAX, `请填写${REAL_NAME_MIN}-${REAL_NAME_MAX}个字的真实姓名`),
    householdCode: z.string().trim().regex(DOOR_CODE_PATTERN, '门牌码是门卡上的8位数字，没有可以不填').optional(),
  })
  .strict()
export type ApplyMembershipInput = z.input<typeof applyMembershipSchema>

export const membershipSchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  communityName: z.string(),
  householdId: z.uuid().nullable(),
  building: z.string(),
  unit: z.string(),
  room: z.string(),
  relation: z.enum(RELATIONS),
  realName: z.string(),
  status: z.enum(MEMBERSHIP_STATUSES),
  /** Why staff rejected the application or ended the membership; null otherwise. */
  reason: z.string().nullable(),
  appliedAt: z.string(),
  decidedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
})
export type MembershipDto = z.infer<typeof membershipSchema>

/** The caller's latest membership, current or not (a rejection keeps its reason here); null when they never applied. */
export const myMembershipSchema = z.object({ membership: membershipSchema.nullable() })
export type MyMembershipDto = z.infer<typeof myMembershipSchema>

export const applyResultSchema = z.object({
  /** `verified` when the door code matched the household, else `pending` (a wrong code says no more than that). */
  status: z.enum(['pending', 'verified']),
  membership: membershipSchema,
})
export type ApplyResultDto = z.infer<typeof applyResultSchema>

/** What staff see of an application: who asks and whether the household they name is already registered. */
export const membershipForStaffSchema = membershipSchema.extend({
  userId: z.uuid(),
  nickname: z.string(),
  /** Whether the community has a household at that building, unit and room; approving creates it when not. */
  householdKnown: z.boolean(),
})
export type MembershipForStaffDto = z.infer<typeof membershipForStaffSchema>

export const membershipsQuerySchema = pageQuerySchema.extend({ status: z.enum(MEMBERSHIP_STATUSES).optional() })
export type MembershipsQuery = z.input<typeof membershipsQuerySchema>

/** How an address reads: 3号楼 2单元 501. */
export const addressOf = (m: { building: string; unit: string; room: string }) =>
  [m.building, m.unit && (/单元$/.test(m.unit) ? m.unit : `${m.unit}单元`), m.room].filter(Boolean).join(' ')
