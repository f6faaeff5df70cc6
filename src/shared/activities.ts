import * as z from 'zod'
import { pageQuerySchema } from './api'
import { instant } from './dates'
import { HOURS_MAX, HOURS_MIN } from './wishes'
import { checkInSchema } from './stations'

/** 社区活动: staff publish, residents sign up (party 1–4), volunteers take posts, staff check in and complete. */

export const ACTIVITY_TITLE_MIN = 2
export const ACTIVITY_TITLE_MAX = 40
export const ACTIVITY_DESCRIPTION_MAX = 1000
export const ACTIVITY_LOCATION_MAX = 100
export const ACTIVITY_CAPACITY_MAX = 10000
export const ACTIVITY_PARTY_MAX = 4
export const ACTIVITY_POSTS_MAX = 10
export const POST_NAME_MAX = 20
export const POST_COUNT_MAX = 50

export const ACTIVITY_STATUSES = ['published', 'completed', 'cancelled'] as const
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number]

export const SIGNUP_STATUSES = ['signed_up', 'checked_in', 'cancelled'] as const
export type SignupStatus = (typeof SIGNUP_STATUSES)[number]
export const SIGNUP_STATUS_LABELS: Record<SignupStatus, string> = {
  signed_up: '已报名',
  checked_in: '已签到',
  cancelled: '已取消',
}

const hoursSchema = z
  .number({ error: '请填写岗位时长' })
  .min(HOURS_MIN, `岗位时长为${HOURS_MIN}-${HOURS_MAX}小时`)
  .max(HOURS_MAX, `岗位时长为${HOURS_MIN}-${HOURS_MAX}小时`)
  .multipleOf(0.5, '岗位时长以半小时为单位')

export const activityPostInputSchema = z
  .object({
    name: z.string().trim().min(1, '请填写岗位名称').max(POST_NAME_MAX, `岗位名称最多${POST_NAME_MAX}个字`),
    count: z
      .number()
      .int()
      .min(1, `每个岗位1-${POST_COUNT_MAX}人`)
      .max(POST_COUNT_MAX, `每个岗位1-${POST_COUNT_MAX}人`),
    hours: hoursSchema,
  })
  .strict()

export const createActivitySchema = z
  .object({
    communityId: z.uuid(),
    title: z
      .string()
      .trim()
      .min(ACTIVITY_TITLE_MIN, `标题请写${ACTIVITY_TITLE_MIN}-${ACTIVITY_TITLE_MAX}个字`)
      .max(ACTIVITY_TITLE_MAX, `标题请写${ACTIVITY_TITLE_MIN}-${ACTIVITY_TITLE_MAX}个字`),
    description: z.string().trim().max(ACTIVITY_DESCRIPTION_MAX, `介绍最多${ACTIVITY_DESCRIPTION_MAX}个字`).default(''),
    location: z
      .string()
      .trim()
      .min(2, '请填写活动地点')
      .max(ACTIVITY_LOCATION_MAX, `地点最多${ACTIVITY_LOCATION_MAX}个字`),
    startsAt: instant('开始时间'),
    endsAt: instant('结束时间'),
    signupClosesAt: instant('报名截止时间'),
    capacity: z
      .number()
      .int()
      .min(1, `名额为1-${ACTIVITY_CAPACITY_MAX}人`)
      .max(ACTIVITY_CAPACITY_MAX, `名额为1-${ACTIVITY_CAPACITY_MAX}人`)
      .optional(),
    posts: z.array(activityPostInputSchema).max(ACTIVITY_POSTS_MAX, `最多${ACTIVITY_POSTS_MAX}个志愿岗位`).default([]),
  })
  .strict()
  .refine((v) => Date.parse(v.endsAt) > Date.parse(v.startsAt), {
    message: '结束时间要晚于开始时间',
    path: ['endsAt'],
  })
  .refine((v) => Date.parse(v.signupClosesAt) <= Date.parse(v.startsAt), {
    message: '报名截止时间不能晚于活动开始时间',
    path: ['signupClosesAt'],
  })
export type CreateActivityInput = z.input<typeof createActivitySchema>

export const activityListQuerySchema = pageQuerySchema.extend({
  communityId: z.uuid().optional(),
  when: z.enum(['upcoming', 'past']).default('upcoming'),
})
export type ActivityListQuery = z.input<typeof activityListQuerySchema>

export const signupSchema = z
  .object({
    partySize: z
      .number()
      .int()
      .min(1, `每次可报1-${ACTIVITY_PARTY_MAX}人`)
      .max(ACTIVITY_PARTY_MAX, `每次可报1-${ACTIVITY_PARTY_MAX}人`)
      .default(1),
  })
  .strict()
export type SignupInput = z.input<typeof signupSchema>

export const activityCheckInSchema = checkInSchema

export const completeActivitySchema = z.object({ absentVolunteerIds: z.array(z.uuid()).max(500).default([]) }).strict()
export type CompleteActivityInput = z.input<typeof completeActivitySchema>

export const activityPostSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  count: z.number(),
  hours: z.number(),
  taken: z.number(),
  left: z.number(),
  /** The viewer holds this post. */
  mine: z.boolean(),
  /** Who holds it, by the rule of names (in full to staff, else masked); with absence once completed. */
  holders: z.array(z.object({ volunteerId: z.uuid(), name: z.string(), absent: z.boolean() })),
})
export type ActivityPostDto = z.infer<typeof activityPostSchema>

export const mySignupSchema = z.object({
  id: z.uuid(),
  partySize: z.number(),
  code: z.string(),
  status: z.enum(SIGNUP_STATUSES),
  createdAt: z.string(),
})
export type MySignupDto = z.infer<typeof mySignupSchema>

export const activitySummarySchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  title: z.string(),
  location: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  signupClosesAt: z.string(),
  /** Null: no limit. */
  capacity: z.number().nullable(),
  seatsTaken: z.number(),
  seatsLeft: z.number().nullable(),
  postsLeft: z.number(),
  status: z.enum(ACTIVITY_STATUSES),
})
export type ActivitySummaryDto = z.infer<typeof activitySummarySchema>

export const ACTIVITY_ACTIONS = ['signup', 'cancelSignup', 'claimPost', 'releasePost', 'checkIn', 'complete'] as const
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number]

export const activityDetailSchema = activitySummarySchema.extend({
  description: z.string(),
  posts: z.array(activityPostSchema),
  /** The viewer's live sign-up (with its check-in code), if any. */
  mySignup: mySignupSchema.nullable(),
  completedAt: z.string().nullable(),
  viewer: z.object({ isStaff: z.boolean(), isResidentHere: z.boolean(), isVolunteerHere: z.boolean() }),
  actions: z.array(z.enum(ACTIVITY_ACTIONS)),
})
export type ActivityDetailDto = z.infer<typeof activityDetailSchema>

export const activityCheckInResultSchema = z.object({
  signupId: z.uuid(),
  activityId: z.uuid(),
  activityTitle: z.string(),
  /** In full: staff of the community see the name. */
  name: z.string(),
  partySize: z.number(),
  status: z.enum(SIGNUP_STATUSES),
  checkedInAt: z.string().nullable(),
})
export type ActivityCheckInResultDto = z.infer<typeof activityCheckInResultSchema>

export interface ActivityViewerState {
  status: ActivityStatus
  now: number
  startsAt: number
  endsAt: number
  signupClosesAt: number
  isStaff: boolean
  isResidentHere: boolean
  isVolunteerHere: boolean
  hasSignup: boolean
  holdsPost: boolean
  seatsLeft: number | null
  postsLeft: number
}

/**
 * What the viewer may do with an activity now. The server enforces each rule in SQL; this decides the buttons, and
 * the server reports it with the activity.
 */
export function activityActions(s: ActivityViewerState): ActivityAction[] {
  const actions: ActivityAction[] = []
  const published = s.status === 'published'
  const signupOpen = published && s.now < s.signupClosesAt
  if (signupOpen && s.isResidentHere && !s.hasSignup && (s.seatsLeft === null || s.seatsLeft > 0)) {
    actions.push('signup')
  }
  if (signupOpen && s.hasSignup) actions.push('cancelSignup')
  const beforeStart = published && s.now < s.startsAt
  if (beforeStart && s.isVolunteerHere && !s.holdsPost && s.postsLeft > 0) actions.push('claimPost')
  if (beforeStart && s.holdsPost) actions.push('releasePost')
  if (published && s.isStaff) actions.push('checkIn')
  if (published && s.isStaff && s.now >= s.startsAt) actions.push('complete')
  return actions
}

// 双报到: a party member's service in the year.

export const partyServiceQuerySchema = z.object({
  year: z.coerce.number().int().min(2020).max(2100).optional(),
})

export const partyServiceSchema = z.object({
  year: z.number(),
  isPartyMember: z.boolean(),
  wishes: z.number(),
  wishHours: z.number(),
  posts: z.number(),
  postHours: z.number(),
  activities: z.number(),
  totalHours: z.number(),
})
export type PartyServiceDto = z.infer<typeof partyServiceSchema>

export const staffPartyServiceQuerySchema = z.object({
  communityId: z.uuid(),
  year: z.coerce.number().int().min(2020).max(2100).optional(),
})

export const communityPartyServiceSchema = z.object({
  year: z.number(),
  partyMembers: z.number(),
  /** Party members with at least one service in the year. */
  participating: z.number(),
  /** participating / partyMembers, 0 when there are none. */
  rate: z.number(),
  members: z.array(
    partyServiceSchema.omit({ isPartyMember: true, year: true }).extend({ userId: z.uuid(), name: z.string() }),
  ),
})
export type CommunityPartyServiceDto = z.infer<typeof communityPartyServiceSchema>
