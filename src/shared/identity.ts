import * as z from 'zod'

/** Roles, from least to most trusted. A volunteer is a resident whose registration staff approved. */
export const ROLES = ['resident', 'volunteer', 'staff', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  volunteer: '志愿者',
  staff: '社区工作者',
  admin: '平台管理员',
}

export const VOLUNTEER_STATUSES = ['pending', 'active', 'rejected', 'suspended'] as const
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number]

export const VOLUNTEER_STATUS_LABELS: Record<VolunteerStatus, string> = {
  pending: '审核中',
  active: '已通过',
  rejected: '未通过',
  suspended: '已暂停',
}

export const NICKNAME_MAX = 20
export const BUILDING_MAX = 30
export const REAL_NAME_MIN = 2
export const REAL_NAME_MAX = 20
export const REASON_MAX = 200

/** Mainland mobile numbers: 11 digits starting with 1[3-9]. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/

export const communitySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  street: z.string(),
  district: z.string(),
})
export type CommunityDto = z.infer<typeof communitySchema>

export const volunteerApplicationSchema = z.object({
  userId: z.uuid(),
  communityId: z.uuid(),
  status: z.enum(VOLUNTEER_STATUSES),
  /** The reason staff gave when rejecting or suspending. */
  reason: z.string().nullable(),
  appliedAt: z.string(),
  decidedAt: z.string().nullable(),
})
export type VolunteerApplicationDto = z.infer<typeof volunteerApplicationSchema>

/** What staff see of an application: the applicant's real name and phone are theirs to check. */
export const volunteerApplicationForStaffSchema = volunteerApplicationSchema.extend({
  nickname: z.string(),
  realName: z.string(),
  phone: z.string(),
})
export type VolunteerApplicationForStaffDto = z.infer<typeof volunteerApplicationForStaffSchema>

export const MEMBERSHIP_STATUSES = ['pending', 'verified', 'rejected', 'left'] as const
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number]

/** What a user's profile says of their membership: enough to tell who may post, vote and comment where. */
export const currentMembershipSchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  householdId: z.uuid().nullable(),
  status: z.enum(['pending', 'verified']),
})
export type CurrentMembershipDto = z.infer<typeof currentMembershipSchema>

export const meSchema = z.object({
  id: z.uuid(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  role: z.enum(ROLES),
  communityId: z.uuid().nullable(),
  building: z.string().nullable(),
  elderMode: z.boolean(),
  /** Communities this user works for (staff, and street staff for every community of their street). */
  staffCommunityIds: z.array(z.uuid()),
  /** Streets this user works for (street staff), empty for everyone else. */
  streetIds: z.array(z.uuid()),
  /** Organisations this user handles residents' problems for (物业, 居委会 …). */
  handlerOrgIds: z.array(z.uuid()),
  volunteer: volunteerApplicationSchema.nullable(),
  /** The current membership (an application waiting for staff, or verified), null for none. */
  membership: currentMembershipSchema.nullable(),
})
export type MeDto = z.infer<typeof meSchema>

export const patchMeSchema = z
  .object({
    nickname: z.string().trim().min(1, '昵称不能为空').max(NICKNAME_MAX, `昵称最多${NICKNAME_MAX}个字`),
    avatarUrl: z
      .url({ protocol: /^https?$/, error: '头像地址不正确' })
      .max(500)
      .nullable(),
    communityId: z.uuid({ error: '请选择社区' }),
    building: z.string().trim().max(BUILDING_MAX, `楼栋门牌最多${BUILDING_MAX}个字`).nullable(),
    elderMode: z.boolean(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '没有需要修改的内容' })
export type PatchMeInput = z.infer<typeof patchMeSchema>

export const authResultSchema = z.object({ token: z.string(), user: meSchema })
export type AuthResult = z.infer<typeof authResultSchema>

/** `POST /api/auth/logout?all=1` ends every token of the user; without it, only the one the request carries. */
export const logoutQuerySchema = z.object({
  all: z.enum(['0', '1'], { error: '请重新点击退出登录' }).optional(),
})
/** A logout takes no body (the client's writes send `{}`): anything else is refused, and ends nothing. */
export const logoutBodySchema = z.object({}).strict()

export const wechatLoginSchema = z.object({ code: z.string().min(1).max(128) }).strict()

export const devLoginSchema = z.union([
  z.object({ userId: z.uuid() }).strict(),
  z
    .object({
      openid: z.string().trim().min(1).max(64),
      nickname: z.string().trim().min(1).max(NICKNAME_MAX).optional(),
    })
    .strict(),
])
export type DevLoginInput = z.infer<typeof devLoginSchema>

export const devUserSchema = z.object({
  id: z.uuid(),
  nickname: z.string(),
  role: z.enum(ROLES),
  communityId: z.uuid().nullable(),
})
export type DevUserDto = z.infer<typeof devUserSchema>

export const volunteerApplySchema = z
  .object({
    realName: z
      .string()
      .trim()
      .min(REAL_NAME_MIN, `请填写${REAL_NAME_MIN}-${REAL_NAME_MAX}个字的真实姓名`)
      .max(REAL_NAME_MAX, `请填写${REAL_NAME_MIN}-${REAL_NAME_MAX}个字的真实姓名`),
    phone: z.string().trim().regex(PHONE_PATTERN, '请填写11位手机号码'),
  })
  .strict()
export type VolunteerApplyInput = z.infer<typeof volunteerApplySchema>

export const reasonSchema = z
  .object({ reason: z.string().trim().min(2, '请写明原因').max(REASON_MAX, `原因最多${REASON_MAX}个字`) })
  .strict()

export const staffAssignmentSchema = z.object({ userId: z.uuid(), communityId: z.uuid() }).strict()
export type StaffAssignmentInput = z.infer<typeof staffAssignmentSchema>
