import * as z from 'zod'
import { pageQuerySchema } from './api'
import { PHONE_PATTERN } from './identity'

/**
 * Places (street → community → grid → building → household) and the invites that name people to them (DESIGN,
 * "Membership and onboarding"). The limits are the migration's CHECKs (0015), said once for both sides.
 */

export const STREET_NAME_MAX = 60
export const COMMUNITY_NAME_MAX = 60
export const ADDRESS_MAX = 120
export const GRID_NAME_MAX = 30
export const BUILDING_NAME_MAX = 30
export const UNIT_MAX = 10
export const ROOM_MAX = 10
export const AREA_MAX = 100000
export const ORG_NAME_MIN = 2
export const ORG_NAME_MAX = 40
export const REAL_NAME_MIN = 2
export const REAL_NAME_MAX = 20

/** Households import: at most this many rows and this many bytes a request (a community has a few thousand). */
export const IMPORT_MAX_ROWS = 5000
export const IMPORT_MAX_BYTES = 512 * 1024

/** An invite lasts 72 hours unless its maker says otherwise, up to 30 days. */
export const INVITE_DEFAULT_HOURS = 72
export const INVITE_MAX_HOURS = 720

/** Letters and digits that cannot be misread for each other (no I, O, 0, 1): `new_invite_code()`, migration 0015. */
export const INVITE_CODE_PATTERN = /^[A-HJ-NP-Z2-9]{8}$/

/**
 * An invite code as typed or scanned: case does not matter, and spaces (full-width too) and dashes are dropped, so
 * "abcd efgh" and "ABCD-EFGH" are the code ABCDEFGH.
 */
export function normalizeInviteCode(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[\s\-_]/g, '')
    .toUpperCase()
}

/**
 * Place text as a person typed it: full-width digits and letters become ASCII (１２０１ → 1201) and the ends are
 * trimmed, so that the same room typed two ways is one household.
 */
export function normalizePlaceText(input: string): string {
  return input.normalize('NFKC').trim()
}

const placeText = (label: string, min: number, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .transform(normalizePlaceText)
    .pipe(
      z
        .string()
        .min(min, min === 1 ? `请填写${label}` : `${label}至少${min}个字`)
        .max(max, `${label}最多${max}个字`),
    )

const optionalPhone = z
  .string()
  .trim()
  .regex(/^[0-9-]{7,20}$/, '电话号码只能包含数字和短横线，7到20位')

export const STREET_ROLES = ['street_staff'] as const
export const COMMUNITY_INVITE_ROLES = ['staff', 'grid_worker', 'building_head', 'handler'] as const
export const INVITE_ROLES = [...STREET_ROLES, ...COMMUNITY_INVITE_ROLES] as const
export type InviteRole = (typeof INVITE_ROLES)[number]
export const INVITE_ROLE_LABELS: Record<InviteRole, string> = {
  street_staff: '街道工作人员',
  staff: '社区工作人员',
  grid_worker: '网格员',
  building_head: '楼栋长',
  handler: '问题办理人',
}
/** Roles whose holder appears on the 楼道联系牌, and so gives a real name and phone when accepting. */
export const CONTACT_ROLES: readonly InviteRole[] = ['grid_worker', 'building_head']

export const ORG_KINDS = ['committee', 'property', 'owners_committee', 'department'] as const
export type OrgKind = (typeof ORG_KINDS)[number]
export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  committee: '居委会',
  property: '物业',
  owners_committee: '业委会',
  department: '职能部门',
}

// Streets and communities

export const createStreetSchema = z
  .object({
    name: placeText('街道名称', 1, STREET_NAME_MAX),
    district: placeText('所属区县', 1, STREET_NAME_MAX),
  })
  .strict()
export type CreateStreetInput = z.input<typeof createStreetSchema>

export const streetSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  district: z.string(),
  communityCount: z.number().int(),
})
export type StreetDto = z.infer<typeof streetSchema>

export const createCommunitySchema = z
  .object({
    streetId: z.uuid({ error: '请选择街道' }),
    name: placeText('社区名称', 1, COMMUNITY_NAME_MAX),
    address: placeText('地址', 1, ADDRESS_MAX).optional(),
    phone: optionalPhone.optional(),
  })
  .strict()
export type CreateCommunityInput = z.input<typeof createCommunitySchema>

export const createdCommunitySchema = z.object({
  id: z.uuid(),
  streetId: z.uuid(),
  name: z.string(),
  street: z.string(),
  district: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
})
export type CreatedCommunityDto = z.infer<typeof createdCommunitySchema>

// Grids, buildings, households

export const createGridSchema = z.object({ name: placeText('网格名称', 1, GRID_NAME_MAX) }).strict()
export type CreateGridInput = z.input<typeof createGridSchema>

export const gridSchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  name: z.string(),
  buildingCount: z.number().int(),
})
export type GridDto = z.infer<typeof gridSchema>

export const createBuildingSchema = z
  .object({ name: placeText('楼栋名称', 1, BUILDING_NAME_MAX), gridId: z.uuid({ error: '请选择网格' }).optional() })
  .strict()
export type CreateBuildingInput = z.input<typeof createBuildingSchema>

export const buildingSchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  gridId: z.uuid().nullable(),
  gridName: z.string().nullable(),
  name: z.string(),
  householdCount: z.number().int(),
})
export type BuildingDto = z.infer<typeof buildingSchema>

/** A floor area in m², above 0, at most two decimals (numeric(8,2) in the database). */
export const areaSchema = z
  .number({ error: '面积应为数字' })
  .positive('面积应大于0')
  .lt(AREA_MAX, '面积太大了，请检查')
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, { message: '面积最多保留两位小数' })

export const createHouseholdSchema = z
  .object({
    building: placeText('楼栋', 1, BUILDING_NAME_MAX),
    unit: placeText('单元', 0, UNIT_MAX).optional(),
    room: placeText('房号', 1, ROOM_MAX),
    areaM2: areaSchema.optional(),
  })
  .strict()
export type CreateHouseholdInput = z.input<typeof createHouseholdSchema>

export const householdSchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  buildingId: z.uuid(),
  building: z.string(),
  /** '' when the building has no units. */
  unit: z.string(),
  room: z.string(),
  areaM2: z.number().nullable(),
  /** Verified members living there now. */
  memberCount: z.number().int(),
})
export type HouseholdDto = z.infer<typeof householdSchema>

export const householdListQuerySchema = pageQuerySchema.extend({
  /** A building's name: only its households. */
  building: z
    .string()
    .max(BUILDING_NAME_MAX * 4)
    .optional(),
})
export type HouseholdListQuery = z.input<typeof householdListQuerySchema>

export const doorCodeSchema = z.object({ householdId: z.uuid(), code: z.string() })
export type DoorCodeDto = z.infer<typeof doorCodeSchema>

/** The JSON form of an import, for clients that send only JSON (the mini-program's request wrapper). */
export const importHouseholdsJsonSchema = z.object({ csv: z.string().max(IMPORT_MAX_BYTES) }).strict()

export const importResultSchema = z.object({
  created: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
})
export type ImportResultDto = z.infer<typeof importResultSchema>

// Organisations

export const createOrgSchema = z
  .object({
    kind: z.enum(ORG_KINDS, { error: '请选择组织类型' }),
    name: placeText('组织名称', ORG_NAME_MIN, ORG_NAME_MAX),
    phone: optionalPhone.optional(),
  })
  .strict()
export type CreateOrgInput = z.input<typeof createOrgSchema>

export const orgSchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  kind: z.enum(ORG_KINDS),
  name: z.string(),
  phone: z.string().nullable(),
  handlerCount: z.number().int(),
})
export type OrgDto = z.infer<typeof orgSchema>

// Invites

export const createCommunityInviteSchema = z
  .object({
    role: z.enum(COMMUNITY_INVITE_ROLES, { error: '请选择邀请的身份' }),
    gridId: z.uuid({ error: '请选择网格' }).optional(),
    buildingId: z.uuid({ error: '请选择楼栋' }).optional(),
    orgId: z.uuid({ error: '请选择组织' }).optional(),
    expiresInHours: z
      .number({ error: '有效期应为小时数' })
      .int('有效期应为整数小时')
      .min(1, '有效期至少1小时')
      .max(INVITE_MAX_HOURS, `有效期最长${INVITE_MAX_HOURS / 24}天`)
      .optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    // Each role names exactly the place it is for, as the table's CHECKs require.
    const needs = { gridId: 'grid_worker', buildingId: 'building_head', orgId: 'handler' } as const
    const what = { gridId: '网格', buildingId: '楼栋', orgId: '组织' } as const
    for (const field of ['gridId', 'buildingId', 'orgId'] as const) {
      const wanted = input.role === needs[field]
      if (wanted && input[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `请选择${what[field]}` })
      } else if (!wanted && input[field] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `这个身份不需要选择${what[field]}` })
      }
    }
  })
export type CreateCommunityInviteInput = z.input<typeof createCommunityInviteSchema>

export const createStreetInviteSchema = z
  .object({
    role: z.enum(STREET_ROLES, { error: '请选择邀请的身份' }),
    expiresInHours: createCommunityInviteSchema.shape.expiresInHours,
  })
  .strict()
export type CreateStreetInviteInput = z.input<typeof createStreetInviteSchema>

export const inviteSchema = z.object({
  code: z.string(),
  role: z.enum(INVITE_ROLES),
  expiresAt: z.string(),
  /** Where the role is for, in words: 幸福街道 · 阳光社区 · 3号楼. */
  placeName: z.string(),
})
export type InviteDto = z.infer<typeof inviteSchema>

export const acceptInviteSchema = z
  .object({
    code: z
      .string({ error: '请输入邀请码' })
      .max(40, '邀请码是8位字母和数字')
      .transform(normalizeInviteCode)
      .pipe(z.string().regex(INVITE_CODE_PATTERN, '邀请码是8位字母和数字，请检查后重新输入')),
    /** Grid workers and building heads: the name and mobile shown on the 楼道联系牌. */
    realName: placeText('真实姓名', REAL_NAME_MIN, REAL_NAME_MAX).optional(),
    phone: z.string().trim().regex(PHONE_PATTERN, '请填写11位手机号').optional(),
  })
  .strict()
export type AcceptInviteInput = z.input<typeof acceptInviteSchema>

export const acceptedInviteSchema = z.object({
  role: z.enum(INVITE_ROLES),
  communityId: z.uuid().nullable(),
  streetId: z.uuid().nullable(),
  placeName: z.string(),
})
export type AcceptedInviteDto = z.infer<typeof acceptedInviteSchema>
