import type { ContactDto, PartyStatus } from '../../../shared/contacts'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { staffOf, type SqlViewer } from '../../db/viewer'

export interface ContactsRow {
  name: string
  phone: string | null
  address: string | null
  grid_workers: ContactDto[]
  building_heads: ContactDto[]
  party_members: ContactDto[]
}

/** People `x` lists, as `[{name, phone}]` in the order they joined; `[]` for none. */
const contactList = (rows: Sql) =>
  sql`COALESCE((SELECT json_agg(json_build_object('name', x.name, 'phone', x.phone) ORDER BY x.since, x.id)
                FROM (${rows}) x), '[]'::json)`

/**
 * The 楼道联系牌 of a verified member: their community, the grid workers of their building's grid, the building
 * heads of their building and the confirmed party members of their building who chose to be listed, each with the
 * name and phone they gave. Only the member's own building (and its grid) in their own community; people whose
 * accounts are gone are not listed. Null for anyone who is not a verified member.
 */
export async function findContacts(q: Queryable, userId: string): Promise<ContactsRow | null> {
  const [row] = await q.query<ContactsRow>(
    sql`WITH me AS (
       SELECT m.community_id, h.building_id, b.grid_id
       FROM memberships m JOIN households h ON h.id = m.household_id JOIN buildings b ON b.id = h.building_id
       WHERE m.user_id = ${userId} AND m.status = 'verified'
     )
     SELECT c.name, c.phone, c.address,
       ${contactList(sql`SELECT r.real_name AS name, r.phone, r.created_at AS since, r.user_id AS id
         FROM community_roles r JOIN users u ON u.id = r.user_id AND u.deleted_at IS NULL
         WHERE r.community_id = me.community_id AND r.role = 'grid_worker' AND r.grid_id = me.grid_id`)} AS grid_workers,
       ${contactList(sql`SELECT r.real_name AS name, r.phone, r.created_at AS since, r.user_id AS id
         FROM community_roles r JOIN users u ON u.id = r.user_id AND u.deleted_at IS NULL
         WHERE r.community_id = me.community_id AND r.role = 'building_head'
           AND r.building_id = me.building_id`)} AS building_heads,
       ${contactList(sql`SELECT pm.real_name AS name, p.phone, p.confirmed_at AS since, p.user_id AS id
         FROM party_members p
         JOIN users u ON u.id = p.user_id AND u.deleted_at IS NULL
         JOIN memberships pm ON pm.user_id = p.user_id AND pm.status = 'verified' AND pm.community_id = me.community_id
         JOIN households ph ON ph.id = pm.household_id
         WHERE p.community_id = me.community_id AND p.status = 'confirmed' AND p.listed
           AND ph.building_id = me.building_id`)} AS party_members
     FROM me JOIN communities c ON c.id = me.community_id`,
  )
  return row ?? null
}

export interface PartyRow {
  user_id: string
  community_id: string
  organization: string
  phone: string | null
  status: PartyStatus
  wants_listed: boolean
  applied_at: Date
  confirmed_at: Date | null
}

/** 党员报到: one registration per person; null when they registered already. */
export async function insertParty(
  q: Queryable,
  p: { userId: string; communityId: string; organization: string; phone: string | null; listed: boolean; now: Date },
): Promise<PartyRow | null> {
  const [row] = await q.query<PartyRow>(
    sql`INSERT INTO party_members (user_id, community_id, organization, phone, wants_listed, applied_at)
     VALUES (${p.userId}, ${p.communityId}, ${p.organization}, ${p.phone}, ${p.listed}, ${p.now})
     ON CONFLICT (user_id) DO NOTHING
     RETURNING *`,
  )
  return row ?? null
}

export async function findParty(q: Queryable, userId: string): Promise<PartyRow | null> {
  const [row] = await q.query<PartyRow>(sql`SELECT * FROM party_members WHERE user_id = ${userId}`)
  return row ?? null
}

/**
 * Whether the member wants to be on the 楼道联系牌, and the phone to list: shown at once when confirmed, else once
 * confirmed. The CHECKs of migration 0019 refuse a listing without a phone.
 */
export async function updatePartyListing(
  q: Queryable,
  userId: string,
  listed: boolean,
  phone: string | null,
): Promise<PartyRow | null> {
  const [row] = await q.query<PartyRow>(
    sql`UPDATE party_members SET phone = COALESCE(${phone}, phone), wants_listed = ${listed},
       listed = ${listed} AND status = 'confirmed'
     WHERE user_id = ${userId}
     RETURNING *`,
  )
  return row ?? null
}

/**
 * Staff of the registration's community confirm it, in one conditional statement: listed at once if the member
 * asked to be, the member told, audited. Returns the registration as it is now and whether this statement confirmed it;
 * null when there is none the viewer may see.
 */
export async function confirmParty(
  q: Queryable,
  viewer: SqlViewer,
  userId: string,
  now: Date,
): Promise<(PartyRow & { confirmed_now: boolean }) | null> {
  const [row] = await q.query<PartyRow & { confirmed_now: boolean }>(
    sql`WITH target AS (
       SELECT * FROM party_members p WHERE p.user_id = ${userId} AND ${staffOf(viewer, sql`p.community_id`)}
     ), done AS (
       UPDATE party_members p SET status = 'confirmed', confirmed_at = ${now}, confirmed_by = ${viewer.id},
         listed = p.wants_listed
       FROM target t WHERE p.user_id = t.user_id AND p.status = 'pending'
       RETURNING p.*
     ), told AS (
       INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
       SELECT d.user_id, 'party.confirmed', '党员报到已确认',
              '社区已确认您的党员报到（' || d.organization || '）。'
                || CASE WHEN d.listed THEN '您已展示在本楼的楼道联系牌上。' ELSE '可以在"我的"里选择是否展示在楼道联系牌上。' END,
              'party', d.user_id::text, ${now}::timestamptz
       FROM done d
     ), audited AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after,
                              created_at)
       SELECT ${viewer.id}::uuid, ${viewer.role}::text, 'party.confirmed', 'party_member', d.user_id::text,
              d.community_id, jsonb_build_object('status', 'pending'),
              jsonb_build_object('status', 'confirmed', 'organization', d.organization, 'listed', d.listed),
              ${now}::timestamptz
       FROM done d
     )
     SELECT d.*, true AS confirmed_now FROM done d
     UNION ALL
     SELECT t.*, false FROM target t WHERE NOT EXISTS (SELECT 1 FROM done)`,
  )
  return row ?? null
}

export type PartyForStaffRow = PartyRow & { real_name: string; building: string; unit: string; room: string }

/** A community's registrations in one status, oldest first, with each member's name and address. */
export async function listParty(
  q: Queryable,
  communityId: string,
  status: PartyStatus,
  page: { limit: number; after?: readonly [string, string] },
): Promise<PartyForStaffRow[]> {
  const [afterTime, afterId] = page.after ?? [null, null]
  return q.query<PartyForStaffRow>(
    sql`SELECT p.*, m.real_name, m.building, m.unit, m.room
     FROM party_members p
     JOIN users u ON u.id = p.user_id AND u.deleted_at IS NULL
     JOIN memberships m ON m.user_id = p.user_id AND m.status IN ('pending', 'verified')
     WHERE p.community_id = ${communityId} AND p.status = ${status}
       AND (${afterTime}::timestamptz IS NULL
         OR (p.applied_at, p.user_id::text) > (${afterTime}::timestamptz, ${afterId}::text))
     ORDER BY p.applied_at, p.user_id::text
     LIMIT ${page.limit + 1}`,
  )
}
