import * as z from 'zod'
import { pageQuerySchema } from './api'
import { PHONE_PATTERN, REASON_MAX } from './identity'
import { photoIdsSchema, photoSchema } from './uploads'
import { onBehalfOfSchema } from './proxy'

export const WISH_CATEGORIES = ['daily_goods', 'elderly_care', 'education', 'disability', 'health', 'other'] as const
export type WishCategory = (typeof WISH_CATEGORIES)[number]
export const WISH_CATEGORY_LABELS: Record<WishCategory, string> = {
  daily_goods: '生活物资',
  elderly_care: '助老',
  education: '助学',
  disability: '助残',
  health: '医疗健康',
  other: '其他',
}

export const WISH_STATUSES = [
  'pending_review',
  'open',
  'rejected',
  'claimed',
  'fulfilled',
  'completed',
  'cancelled',
  'expired',
] as const
export type WishStatus = (typeof WISH_STATUSES)[number]
export const WISH_STATUS_LABELS: Record<WishStatus, string> = {
  pending_review: '待审核',
  open: '待认领',
  rejected: '未通过',
  claimed: '已认领',
  fulfilled: '待确认',
  completed: '已完成',
  cancelled: '已取消',
  expired: '已过期',
}

/** A resident's wishes that still need something: at most this many at once (also a CHECK in the database). */
export const LIVE_WISH_STATUSES: readonly WishStatus[] = ['pending_review', 'open', 'claimed', 'fulfilled']
export const MAX_LIVE_WISHES = 3
/** A volunteer's claims not yet ended: at most this many at once (also a CHECK in the database). */
export const MAX_LIVE_CLAIMS = 5
/** A claim with no fulfilment after this long goes back to open. */
export const CLAIM_TIMEOUT_DAYS = 7

export const WISH_TITLE_MIN = 2
export const WISH_TITLE_MAX = 40
export const WISH_DESCRIPTION_MAX = 500
export const WISH_ADDRESS_MAX = 100
export const FULFIL_NOTE_MAX = 300
export const THANKS_MAX = 200
/** 帮帮团: a wish may ask for a team of this many volunteers. */
export const TEAM_SIZE_MIN = 2
export const TEAM_SIZE_MAX = 5
export const HOURS_MIN = 0.5
export const HOURS_MAX = 8

export const createWishSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(WISH_TITLE_MIN, `标题请写${WISH_TITLE_MIN}-${WISH_TITLE_MAX}个字`)
      .max(WISH_TITLE_MAX, `标题请写${WISH_TITLE_MIN}-${WISH_TITLE_MAX}个字`),
    description: z.string().trim().max(WISH_DESCRIPTION_MAX, `说明最多${WISH_DESCRIPTION_MAX}个字`).default(''),
    category: z.enum(WISH_CATEGORIES, { error: '请选择心愿类别' }),
    address: z
      .string()
      .trim()
      .max(WISH_ADDRESS_MAX, `地址最多${WISH_ADDRESS_MAX}个字`)
      .optional()
      .transform((v) => v || undefined),
    contactPhone: z
      .string()
      .trim()
      .regex(PHONE_PATTERN, '请填写11位手机号码')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    /** Photos uploaded first (POST /api/uploads): the poster's own, attached to nothing yet. */
    photoIds: photoIdsSchema.default([]),
    /** 代办: staff post the wish for this resident, a verified member of a community they staff; it is theirs. */
    onBehalfOf: onBehalfOfSchema,
    /** 帮帮团: ask for a team of volunteers instead of one. */
    teamSize: z
      .number()
      .int()
      .min(TEAM_SIZE_MIN, `帮帮团为${TEAM_SIZE_MIN}-${TEAM_SIZE_MAX}人`)
      .max(TEAM_SIZE_MAX, `帮帮团为${TEAM_SIZE_MIN}-${TEAM_SIZE_MAX}人`)
      .optional(),
  })
  .strict()
export type CreateWishInput = z.input<typeof createWishSchema>

export const wishListQuerySchema = pageQuerySchema.extend({
  communityId: z.uuid().optional(),
  status: z.enum(WISH_STATUSES).optional(),
  category: z.enum(WISH_CATEGORIES).optional(),
  /** Only my wishes (as owner) or my claims (as volunteer), across communities. */
  mine: z.enum(['owner', 'claimer']).optional(),
})
export type WishListQuery = z.input<typeof wishListQuerySchema>

export const reviewWishSchema = z
  .object({ approve: z.boolean(), reason: z.string().trim().max(REASON_MAX).optional() })
  .strict()
  .refine((v) => v.approve || (v.reason && v.reason.length >= 2), {
    message: '不通过时请写明原因，居民会看到',
    path: ['reason'],
  })

export const wishReasonSchema = z
  .object({ reason: z.string().trim().min(2, '请写明原因').max(REASON_MAX, `原因最多${REASON_MAX}个字`) })
  .strict()

export const fulfilWishSchema = z
  .object({
    note: z.string().trim().min(2, '请简单说说完成情况').max(FULFIL_NOTE_MAX, `最多${FULFIL_NOTE_MAX}个字`),
    hours: z
      .number({ error: '请填写服务时长' })
      .min(HOURS_MIN, `服务时长为${HOURS_MIN}-${HOURS_MAX}小时`)
      .max(HOURS_MAX, `服务时长为${HOURS_MIN}-${HOURS_MAX}小时`)
      .multipleOf(0.5, '服务时长以半小时为单位'),
  })
  .strict()

export const confirmWishSchema = z
  .object({
    /** The owner's 1–5 stars. Staff confirming for the owner give none: a rating they sent is not recorded. */
    rating: z.number().int().min(1, '请打1-5星').max(5, '请打1-5星').optional(),
    thanks: z.string().trim().max(THANKS_MAX, `感谢的话最多${THANKS_MAX}个字`).optional(),
  })
  .strict()

export const wishSummarySchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  title: z.string(),
  category: z.enum(WISH_CATEGORIES),
  status: z.enum(WISH_STATUSES),
  /**
   * The owner's nickname as the viewer may see it: in full to the owner, their claimer and staff of the community;
   * masked (张**) for everyone else.
   */
  ownerName: z.string(),
  /** 帮帮团: the volunteers the wish asks for (1: an ordinary wish) and how many have joined. */
  teamSize: z.number(),
  teamCount: z.number(),
  createdAt: z.string(),
})
export type WishSummaryDto = z.infer<typeof wishSummarySchema>

export const WISH_ACTIONS = ['review', 'claim', 'release', 'fulfil', 'confirm', 'dispute', 'cancel'] as const
export type WishAction = (typeof WISH_ACTIONS)[number]

export const WISH_CONTACT_KINDS = ['volunteer', 'resident', 'community'] as const
export type WishContactKind = (typeof WISH_CONTACT_KINDS)[number]
export const WISH_CONTACT_LABELS: Record<WishContactKind, string> = {
  volunteer: '志愿者',
  resident: '居民',
  community: '社区',
}

/** Someone the viewer can call about a claimed wish. */
export const wishContactSchema = z.object({
  kind: z.enum(WISH_CONTACT_KINDS),
  /** The volunteer's registered real name, the owner's name, or the community's name. */
  name: z.string(),
  phone: z.string(),
})
export type WishContactDto = z.infer<typeof wishContactSchema>

export const wishDetailSchema = wishSummarySchema.extend({
  description: z.string(),
  /** Only for the owner, the current claimer and staff of the community; null for everyone else. */
  address: z.string().nullable(),
  contactPhone: z.string().nullable(),
  /** The claimer's nickname, by the same rule as `ownerName`. */
  claimerName: z.string().nullable(),
  /**
   * While the wish is claimed or fulfilled, whom its owner and its claimer call to reach each other (staff of the
   * community see both): for the owner the volunteer; for the claimer the owner, or the community when the owner left
   * no phone. Empty for everyone else and in every other status.
   */
  contacts: z.array(wishContactSchema),
  /** A team wish's members, for its owner, its members and staff (names by the rule of \`ownerName\`); else empty. */
  team: z.array(z.object({ volunteerId: z.uuid(), name: z.string(), isMe: z.boolean() })),
  claimedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  fulfilNote: z.string().nullable(),
  hours: z.number().nullable(),
  rating: z.number().nullable(),
  thanks: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** Its photos in order, each with a signed link (shared/uploads.ts). */
  photos: z.array(photoSchema),
  /** How the viewer stands to the wish, and what they may do with it now. */
  viewer: z.object({ isOwner: z.boolean(), isClaimer: z.boolean(), isStaff: z.boolean() }),
  actions: z.array(z.enum(WISH_ACTIONS)),
})
export type WishDetailDto = z.infer<typeof wishDetailSchema>

export const WISH_EVENT_TYPES = [
  'created',
  'approved',
  'rejected',
  'claimed',
  'released',
  'timed_out',
  'fulfilled',
  'confirmed',
  'disputed',
  'cancelled',
  'expired',
] as const
export type WishEventType = (typeof WISH_EVENT_TYPES)[number]
export const WISH_EVENT_LABELS: Record<WishEventType, string> = {
  created: '发布了心愿',
  approved: '审核通过',
  rejected: '审核未通过',
  claimed: '志愿者认领了心愿',
  released: '志愿者放弃了认领',
  timed_out: '认领超时，心愿重新开放',
  fulfilled: '志愿者完成了心愿',
  confirmed: '确认完成',
  disputed: '认为还没有完成',
  cancelled: '取消了心愿',
  expired: '长时间无人认领，心愿已过期',
}

export const wishEventSchema = z.object({
  id: z.string(),
  type: z.enum(WISH_EVENT_TYPES),
  actorRole: z.string(),
  /** By the rule of `ownerName`; staff and the admin act in office, by name. Null for the system. */
  actorName: z.string().nullable(),
  /** The staff member who acted for the actor (代办), by name; null when the actor acted themselves. */
  actedByName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
})
export type WishEventDto = z.infer<typeof wishEventSchema>

/** One hour record: from a wish (each member of a team gets one), or from a post of an activity. */
export const volunteerHoursRecordSchema = z.object({
  id: z.uuid(),
  wishId: z.uuid().nullable(),
  activityId: z.uuid().nullable(),
  /** The wish's title, or the activity's title and the post's name. */
  title: z.string(),
  communityId: z.uuid(),
  hours: z.number(),
  confirmedAt: z.string(),
  confirmedByStaff: z.boolean(),
})
export const volunteerHoursSchema = z.object({
  totalHours: z.number(),
  items: z.array(volunteerHoursRecordSchema),
  nextCursor: z.string().nullable(),
})
export type VolunteerHoursDto = z.infer<typeof volunteerHoursSchema>

export interface WishViewer {
  isOwner: boolean
  isClaimer: boolean
  /** Staff of the wish's community (or the admin). */
  isStaff: boolean
  /** An active volunteer of the wish's community. */
  isVolunteerHere: boolean
}

/**
 * What a viewer may do with a wish in its current status. The server enforces each in SQL; this rule only
 * decides which buttons the mini-program shows, and the server reports it with the wish.
 */
export function wishActions(
  status: WishStatus,
  v: WishViewer,
  team: { size: number; count: number } = { size: 1, count: 1 },
): WishAction[] {
  const actions: WishAction[] = []
  if (status === 'pending_review' && v.isStaff) actions.push('review')
  // 帮帮团: a claimed team wish with room takes more members, by the same claim.
  const joinable =
    status === 'open' || (status === 'claimed' && team.size > 1 && team.count < team.size && !v.isClaimer)
  if (joinable && v.isVolunteerHere && !v.isOwner) actions.push('claim')
  if (status === 'claimed' && v.isClaimer) actions.push('release', 'fulfil')
  if (status === 'fulfilled' && (v.isOwner || v.isStaff)) actions.push('confirm', 'dispute')
  const beforeClaim = status === 'pending_review' || status === 'open'
  if ((v.isOwner && beforeClaim) || (v.isStaff && (beforeClaim || status === 'claimed'))) actions.push('cancel')
  return actions
}
