import { sqlState } from '../db/types'
import { AppError } from './errors'

/**
 * Every refusal the database's own rules make, as the API error the user reads: one table, consulted once, by the
 * app's error handler. A rule that protects users lives in the database (a trigger raising its SQLSTATE, a CHECK, a
 * unique index); a service sends its statement and lets the refusal through, and never catches it itself.
 */

/** SQLSTATEs raised by the migrations' triggers and functions, and by PostgreSQL for input it cannot store. */
const BY_SQLSTATE: Record<string, () => AppError> = {
  // character_not_in_repertoire, untranslatable_character: text PostgreSQL cannot hold (a NUL character). The input
  // is at fault, and the failed statement wrote nothing.
  '22021': unstorableText,
  '22P05': unstorableText,
  // The sensitive-word check (migration 0006).
  LM001: () => new AppError('CONTENT_REJECTED', 422),
  // Bookings and the waitlist (migration 0003).
  LB001: () => AppError.conflict('BOOKING_SUSPENDED'),
  LB002: () => AppError.conflict('SLOT_STARTED'),
  LB003: () => AppError.conflict('SLOT_CLOSED'),
  LB004: () => AppError.conflict('SLOT_NOT_FULL'),
  LB005: () => AppError.conflict('ALREADY_BOOKED'),
  LB006: () => AppError.conflict('ALREADY_WAITLISTED'),
  LB007: () => AppError.conflict('SLOT_FULL'),
  // Ballots and comments (migration 0004).
  LT001: () => AppError.conflict('VOTING_CLOSED'),
  LT002: () =>
    AppError.validation(
      [{ path: ['optionIds'], message: '选项不属于这个议题或超过可选数量' }],
      '所选的选项不对，请刷新后重新选择',
    ),
  LT003: () =>
    AppError.validation([{ path: ['parentId'], message: '只能回复这个议题下的评论' }], '只能回复这个议题下的评论'),
  // Photos to attach that are not the poster's own unattached uploads (migration 0016).
  LU001: () =>
    AppError.validation(
      [{ path: ['photoIds'], message: '照片不是您刚上传的，或已用在别处' }],
      '照片已失效，请删掉后重新添加照片',
    ),
  // Who may vote by the topic's rules (migration 0020).
  LT004: () => new AppError('NOT_ELIGIBLE', 403),
  // A budget ballot by someone who is not a verified member of its community (migration 0022).
  LV001: () => new AppError('MEMBERSHIP_REQUIRED', 403),
  // A published notice is never changed or removed (migration 0023).
  LN001: () => AppError.conflict('NOTICE_PUBLISHED'),
  // A survey response without exactly one score per item (migration 0024).
  LS001: () =>
    AppError.validation([{ path: ['scores'], message: '请每一项打一个分' }], '请为测评的每一项都打分后再提交'),
}

/** Constraints by name, for the SQLSTATEs of a violated constraint (CHECK, UNIQUE, FOREIGN KEY). */
const BY_CONSTRAINT: Record<string, () => AppError> = {
  // One live claim per wish, and the per-person counters' CHECKs (migration 0002).
  wish_claims_one_live: () => AppError.conflict('WISH_NOT_OPEN'),
  users_live_wishes_check: () => AppError.conflict('WISH_LIMIT_REACHED'),
  users_live_claims_check: () => AppError.conflict('CLAIM_LIMIT_REACHED'),
  // Seats, one booking per slot, three upcoming, one place on a waitlist, one closure a day (migration 0003).
  slots_booked_within_capacity: () => AppError.conflict('SLOT_FULL'),
  bookings_one_active_per_slot: () => AppError.conflict('ALREADY_BOOKED'),
  users_upcoming_bookings_check: () => AppError.conflict('BOOKING_LIMIT_REACHED'),
  waitlist_one_per_user: () => AppError.conflict('ALREADY_WAITLISTED'),
  station_closures_pkey: () => AppError.conflict('ALREADY_CLOSED'),
  // A community that does not exist, chosen in a profile or named in a staff assignment (migration 0001).
  users_community_id_fkey: () =>
    AppError.validation([{ path: ['communityId'], message: 'unknown community' }], '请选择列表中的社区'),
  staff_assignments_community_id_fkey: () => AppError.notFound('没有找到这位用户或这个社区'),
  staff_assignments_user_id_fkey: () => AppError.notFound('没有找到这位用户或这个社区'),
  // Seats, one sign-up per person, a post's count, one post per volunteer and activity; a team's size (migration 0017).
  activities_seats_within_capacity: () => AppError.conflict('ACTIVITY_FULL'),
  activity_signups_one_live: () => AppError.conflict('ALREADY_SIGNED_UP'),
  activity_posts_within_count: () => AppError.conflict('POST_FULL'),
  activity_post_claims_one_live: () => AppError.conflict('ALREADY_HOLDS_POST'),
  wishes_team_within_size: () => AppError.conflict('WISH_NOT_OPEN'),
  wish_claims_one_per_member: () => AppError.conflict('WISH_NOT_OPEN'),
  // One report per person and comment (migration 0004).
  comment_reports_pkey: () => AppError.conflict('ALREADY_REPORTED'),
  // A topic's eligible buildings are its community's (migration 0020).
  topic_buildings_building_id_community_id_fkey: () =>
    AppError.validation(
      [{ path: ['eligibility', 'buildingIds'], message: '楼栋不属于这个社区' }],
      '所选楼栋不属于这个社区，请刷新后重新选择',
    ),
  // A party member on the 楼道联系牌 is listed with a phone to call (migration 0019).
  party_members_listed_phone: () =>
    AppError.validation([{ path: ['phone'], message: '请留一个电话' }], '在联系牌上展示需要留一个电话'),
  // Places: one of each name where it is, one household per building, unit and room; a grid, building or
  // organisation named must be of the same community (migration 0015).
  streets_district_name_key: () => AppError.conflict('STREET_EXISTS'),
  grids_community_id_name_key: () => AppError.conflict('GRID_EXISTS'),
  buildings_community_id_name_key: () => AppError.conflict('BUILDING_EXISTS'),
  orgs_community_id_name_key: () => AppError.conflict('ORG_EXISTS'),
  households_building_id_unit_room_key: () => AppError.conflict('HOUSEHOLD_EXISTS'),
  buildings_grid_id_community_id_fkey: () => AppError.notFound('没有找到这个网格，请从本社区的网格中选择'),
  invites_grid_id_community_id_fkey: () => AppError.notFound('没有找到这个网格，请从本社区的网格中选择'),
  invites_building_id_community_id_fkey: () => AppError.notFound('没有找到这个楼栋，请从本社区的楼栋中选择'),
  // A project's running total of spending never below zero (migration 0022).
  budget_proposals_spent_not_negative: () => AppError.conflict('SPENT_BELOW_ZERO'),
  budget_expenses_spent_after_check: () => AppError.conflict('SPENT_BELOW_ZERO'),
  // One rating per booking, and per person and topic (migration 0024).
  booking_ratings_pkey: () => AppError.conflict('ALREADY_RATED'),
  topic_ratings_pkey: () => AppError.conflict('ALREADY_RATED'),
  invites_org_id_community_id_fkey: () => AppError.notFound('没有找到这个组织，请从本社区的组织中选择'),
  // 公开栏: a notice is corrected once, by a notice of its own community; one reply per objection (migration 0023).
  notices_superseded_once: () => AppError.conflict('NOTICE_ALREADY_CORRECTED'),
  notices_supersedes_same_community: () => AppError.notFound('没有找到要更正的公告，请从本社区的公告页面点“更正”'),
  notice_objection_replies_pkey: () => AppError.conflict('OBJECTION_ALREADY_REPLIED'),
}

const CONSTRAINT_SQLSTATES = new Set(['23503', '23505', '23514'])

function unstorableText() {
  return AppError.validation([{ message: 'text with a NUL character' }], '内容含有无法保存的字符，请修改后再试')
}

/** The API error a database refusal means, or null when the error is not one the table knows. */
export function refusal(error: unknown): AppError | null {
  const state = sqlState(error)
  if (!state) return null
  const byState = BY_SQLSTATE[state]
  if (byState) return byState()
  const constraint = (error as { constraint?: unknown }).constraint
  if (!CONSTRAINT_SQLSTATES.has(state) || typeof constraint !== 'string') return null
  return BY_CONSTRAINT[constraint]?.() ?? null
}
