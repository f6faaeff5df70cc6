import type { CommunityDto, DevUserDto, MeDto, PatchMeInput, Role, VolunteerStatus } from '../../../shared/identity'
import { sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import type { TokenClaims } from '../../auth/tokens'
import { hitCtes, type RateWindow } from '../../lib/rate-limit'

/** A user with everything that decides what they may do, read in one query. */
interface MeRow {
  id: string
  nickname: string
  avatar_url: string | null
  role: 'resident' | 'staff' | 'admin'
  community_id: string | null
  building: string | null
  elder_mode: boolean
  staff_community_ids: string[]
  street_ids: string[]
  handler_org_ids: string[]
  m_id: string | null
  m_community_id: string | null
  m_household_id: string | null
  m_status: 'pending' | 'verified' | null
  v_community_id: string | null
  v_status: VolunteerStatus | null
  v_reason: string | null
  v_applied_at: Date | null
  v_decided_at: Date | null
  token_generation: number
}

/**
 * Street staff act as staff of every community of their street: those communities follow the ones assigned one by
 * one, each once.
 */
const ME_COLUMNS = sql`u.id, u.nickname, u.avatar_url, u.role, u.community_id, u.building, u.elder_mode,
  COALESCE((SELECT array_agg(staffed.community_id::text ORDER BY staffed.rank, staffed.since)
            FROM (SELECT DISTINCT ON (community_id) community_id, rank, since
                  FROM (SELECT s.community_id, 0 AS rank, s.created_at AS since FROM staff_assignments s
                        WHERE s.user_id = u.id
                        UNION ALL
                        SELECT c.id, 1, ss.created_at FROM street_staff ss JOIN communities c ON c.street_id = ss.street_id
                        WHERE ss.user_id = u.id) AS every
                  ORDER BY community_id, rank, since) AS staffed), '{}'::text[]) AS staff_community_ids,
  COALESCE((SELECT array_agg(ss.street_id::text ORDER BY ss.created_at) FROM street_staff ss
            WHERE ss.user_id = u.id), '{}'::text[]) AS street_ids,
  COALESCE((SELECT array_agg(h.org_id::text ORDER BY h.created_at) FROM org_handlers h
            WHERE h.user_id = u.id), '{}'::text[]) AS handler_org_ids,
  m.id AS m_id, m.community_id AS m_community_id, m.household_id AS m_household_id, m.status AS m_status,
  v.community_id AS v_community_id, v.status AS v_status, v.reason AS v_reason,
  v.applied_at AS v_applied_at, v.decided_at AS v_decided_at, u.token_generation`

/** The tables a profile is read from beside `users u`: the volunteer registration and the current membership. */
const ME_JOINS = sql`LEFT JOIN volunteers v ON v.user_id = u.id
  LEFT JOIN memberships m ON m.user_id = u.id AND m.status IN ('pending', 'verified')`

export function effectiveRole(row: Pick<MeRow, 'role' | 'v_status'>): Role {
  if (row.role === 'admin' || row.role === 'staff') return row.role
  return row.v_status === 'active' ? 'volunteer' : 'resident'
}

export function toMeDto(row: MeRow): MeDto {
  return {
    id: row.id,
    nickname: row.nickname,
    avatarUrl: row.avatar_url,
    role: effectiveRole(row),
    communityId: row.community_id,
    building: row.building,
    elderMode: row.elder_mode,
    staffCommunityIds: row.staff_community_ids,
    streetIds: row.street_ids,
    handlerOrgIds: row.handler_org_ids,
    volunteer:
      row.v_status && row.v_community_id && row.v_applied_at
        ? {
            userId: row.id,
            communityId: row.v_community_id,
            status: row.v_status,
            reason: row.v_reason,
            appliedAt: row.v_applied_at.toISOString(),
            decidedAt: row.v_decided_at?.toISOString() ?? null,
          }
        : null,
    membership:
      row.m_id && row.m_community_id && row.m_status
        ? { id: row.m_id, communityId: row.m_community_id, householdId: row.m_household_id, status: row.m_status }
        : null,
  }
}

/** A user as a login finds them: their profile, and the token generation (migration 0012) a new token must carry. */
export interface UserToSignIn {
  me: MeDto
  tokenGeneration: number
}

const toSignIn = (row: MeRow): UserToSignIn => ({ me: toMeDto(row), tokenGeneration: row.token_generation })

export async function findUserToSignIn(q: Queryable, userId: string): Promise<UserToSignIn | null> {
  const [row] = await q.query<MeRow>(
    sql`SELECT ${ME_COLUMNS} FROM users u ${ME_JOINS}
     WHERE u.id = ${userId} AND u.deleted_at IS NULL AND NOT u.proxy`,
  )
  return row ? toSignIn(row) : null
}

/**
 * The caller of a request with the version of their account (migration 0009: it changes with everything read here,
 * so a caller known from an earlier request is confirmed by comparing it, auth/account-guard.ts), and for a write
 * also one hit counted in their write window, in one statement: a write costs no round trip for its rate limit.
 * `writeHits` is the window's count after this hit (null for a read). Null also when the token the request came
 * with was ended by a logout (migration 0012).
 */
export async function findActor(
  q: Queryable,
  userId: string,
  write: RateWindow | null,
  token: Pick<TokenClaims, 'id' | 'generation'>,
): Promise<{ me: MeDto; version: string; writeHits: number | null } | null> {
  const [row] = await q.query<MeRow & { account_version: string; write_hits: number | null }>(
    sql`${write ? sql`WITH ${hitCtes(write)}` : sql.empty}
     SELECT ${ME_COLUMNS}, u.account_version, ${write ? sql`(SELECT hits FROM hit)` : sql`NULL::int`} AS write_hits
     FROM users u ${ME_JOINS}
     WHERE u.id = ${userId} AND u.deleted_at IS NULL AND NOT u.proxy ${liveToken(token)}`,
  )
  return row ? { me: toMeDto(row), version: String(row.account_version), writeHits: row.write_hits } : null
}

/** The token was not ended by a logout: neither on its own nor with all of its user's (`u`) tokens. */
const liveToken = (token: Pick<TokenClaims, 'id' | 'generation'>) =>
  sql`AND u.token_generation = ${token.generation}
      AND NOT EXISTS (SELECT FROM revoked_tokens r WHERE r.token_id = ${token.id})`

/**
 * Ends one token until it would have expired (the account's version moves with it, migration 0012), and forgets the
 * tokens ended before that expired before `forgetExpiredBefore`.
 */
export async function revokeToken(
  q: Queryable,
  userId: string,
  token: TokenClaims,
  forgetExpiredBefore: Date,
): Promise<void> {
  await q.query(
    sql`WITH purged AS (DELETE FROM revoked_tokens WHERE expires_at < ${forgetExpiredBefore})
     INSERT INTO revoked_tokens (token_id, user_id, expires_at) VALUES (${token.id}, ${userId}, ${token.expiresAt})
     ON CONFLICT (token_id) DO NOTHING
     RETURNING token_id`,
  )
}

/** Ends every token of the user by moving their token generation on (and with it the account's version). */
export async function endAllTokens(q: Queryable, userId: string): Promise<void> {
  await q.query(
    sql`UPDATE users SET token_generation = token_generation + 1 WHERE id = ${userId} RETURNING token_generation`,
  )
}

/**
 * The user with this WeChat openid, created as a resident on first sight; null for a deleted account, and for a
 * resident staff registered without WeChat (代办), whom no login signs in (migration 0019).
 */
export async function upsertUserByOpenid(q: Queryable, openid: string, nickname: string): Promise<UserToSignIn | null> {
  const [row] = await q.query<MeRow>(
    sql`WITH u AS (
       INSERT INTO users (openid, nickname) VALUES (${openid}, ${nickname})
       ON CONFLICT (openid) DO UPDATE SET openid = EXCLUDED.openid
       RETURNING *
     )
     SELECT ${ME_COLUMNS} FROM u ${ME_JOINS} WHERE u.deleted_at IS NULL AND NOT u.proxy`,
  )
  return row ? toSignIn(row) : null
}

const PATCHABLE = {
  nickname: 'nickname',
  avatarUrl: 'avatar_url',
  communityId: 'community_id',
  building: 'building',
  elderMode: 'elder_mode',
} as const satisfies Record<keyof PatchMeInput, string>

export async function updateMe(q: Queryable, userId: string, patch: PatchMeInput): Promise<MeDto | null> {
  const keys = (Object.keys(PATCHABLE) as (keyof PatchMeInput)[]).filter((k) => patch[k] !== undefined)
  const sets = keys.map((k) => sql`${sql.raw(PATCHABLE[k])} = ${patch[k]}`)
  const [row] = await q.query<MeRow>(
    sql`WITH u AS (
       UPDATE users SET ${sql.join([...sets, sql`updated_at = now()`])}
       WHERE id = ${userId} AND deleted_at IS NULL RETURNING *
     )
     SELECT ${ME_COLUMNS} FROM u ${ME_JOINS}`,
  )
  return row ? toMeDto(row) : null
}

export async function listDemoUsers(q: Queryable): Promise<DevUserDto[]> {
  const rows = await q.query<Pick<MeRow, 'id' | 'nickname' | 'role' | 'community_id' | 'v_status'>>(
    sql`SELECT u.id, u.nickname, u.role, u.community_id, v.status AS v_status
     FROM users u LEFT JOIN volunteers v ON v.user_id = u.id
     WHERE u.is_demo AND NOT u.proxy AND u.deleted_at IS NULL ORDER BY u.created_at, u.id`,
  )
  return rows.map((r) => ({ id: r.id, nickname: r.nickname, role: effectiveRole(r), communityId: r.community_id }))
}

export async function findDemoUserId(q: Queryable, userId: string): Promise<string | null> {
  const [row] = await q.query<{ id: string }>(
    sql`SELECT id FROM users WHERE id = ${userId} AND is_demo AND NOT proxy AND deleted_at IS NULL`,
  )
  return row?.id ?? null
}

export async function listCommunities(
  q: Queryable,
  page: { limit: number; after?: readonly [string, string] },
): Promise<CommunityDto[]> {
  const [afterName, afterId] = page.after ?? [null, null]
  return q.query<CommunityDto>(
    sql`SELECT c.id, c.name, s.name AS street, s.district
     FROM communities c JOIN streets s ON s.id = c.street_id
     WHERE ${afterName}::text IS NULL OR (c.name, c.id::text) > (${afterName}, ${afterId})
     ORDER BY c.name, c.id::text LIMIT ${page.limit + 1}`,
  )
}
