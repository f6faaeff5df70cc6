import type { AuditAction } from '../../../shared/workbench'
import type { InviteRole, OrgKind } from '../../../shared/places'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { staffOf, type SqlViewer } from '../../db/viewer'
import type { HouseholdRow } from './csv'

/**
 * The only SQL of places and invites. Each use case is one statement: the staff check in its WHERE, the change and
 * its audit row as parts of it, so a request costs one round trip and a refusal writes nothing.
 */

interface AuditEntry {
  action: AuditAction
  entityType: string
  entityId: Sql
  communityId: Sql
  after: Sql
}

/** An INSERT … SELECT into the audit log of what the viewer did at `now`; the caller writes its FROM. */
const auditInsert = (viewer: SqlViewer, now: Date, e: AuditEntry) =>
  sql`INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
   SELECT ${viewer.id}::uuid, ${viewer.role}::text, ${sql.raw(`'${e.action}'`)}, ${sql.raw(`'${e.entityType}'`)},
          ${e.entityId}, ${e.communityId}, NULL, ${e.after}, ${now}::timestamptz`

/** The community, when the viewer is its staff (or the admin); no row otherwise. */
const staffCommunity = (viewer: SqlViewer, communityId: string) =>
  sql`SELECT c.id FROM communities c WHERE c.id = ${communityId}::uuid AND ${staffOf(viewer, sql`c.id`)}`

/** One create of a place: its row, what it is made from, the audit entry and the answer. */
interface AuditedInsert {
  /** CTEs before the insert, `name AS (…)`: what it reads from (e.g. `allowed`, empty when the viewer may not). */
  before?: Sql
  /** The name of the new row's CTE, as `insert`, `audit` and `answer` refer to it. */
  as: string
  /** INSERT … RETURNING *. */
  insert: Sql
  /** CTEs after the insert that change more with it. */
  also?: Sql
  /** The audit entry; its entity is the new row (`<as>.id`). */
  audit: Omit<AuditEntry, 'entityId'>
  /** What the statement answers: the SELECT list and its FROM. */
  answer: Sql
}

/**
 * Every create of places in one shape: ONE statement inserts the row (from `before`, so a refusal inserts nothing),
 * does what `also` says and writes the audit row of it, and answers `answer`; null when nothing was inserted.
 */
async function insertAudited<R>(q: Queryable, viewer: SqlViewer, now: Date, spec: AuditedInsert): Promise<R | null> {
  const row = sql.raw(spec.as)
  const [answer] = await q.query<R>(
    sql`WITH ${spec.before ? sql`${spec.before}, ` : sql.empty}${row} AS (${spec.insert}),
     ${spec.also ? sql`${spec.also}, ` : sql.empty}audited AS (
       ${auditInsert(viewer, now, { ...spec.audit, entityId: sql`${row}.id::text` })}
       FROM ${row}
     )
     SELECT ${spec.answer}`,
  )
  return answer ?? null
}

/** The community, when the viewer is its staff (or the admin): what a grid, building or org is made in. */
const allowedCommunity = (viewer: SqlViewer, communityId: string) =>
  sql`allowed AS (${staffCommunity(viewer, communityId)})`

export interface Page {
  limit: number
  after?: readonly [string, string]
}
const afterOf = (page: Page) => page.after ?? [null, null]

// Streets and communities

export interface StreetRow {
  id: string
  name: string
  district: string
  community_count: number
}

export async function insertStreet(
  q: Queryable,
  viewer: SqlViewer,
  input: { name: string; district: string },
  now: Date,
): Promise<StreetRow> {
  const row = await insertAudited<StreetRow>(q, viewer, now, {
    as: 's',
    insert: sql`INSERT INTO streets (name, district, created_at) VALUES (${input.name}, ${input.district}, ${now})
       RETURNING *`,
    audit: {
      action: 'street.created',
      entityType: 'street',
      communityId: sql`NULL`,
      after: sql`jsonb_build_object('name', s.name, 'district', s.district)`,
    },
    answer: sql`id, name, district, 0 AS community_count FROM s`,
  })
  return row!
}

export function listStreets(q: Queryable, page: Page): Promise<StreetRow[]> {
  const [afterName, afterId] = afterOf(page)
  return q.query<StreetRow>(
    sql`SELECT s.id, s.name, s.district, (SELECT count(*)::int FROM communities c WHERE c.street_id = s.id) AS community_count
     FROM streets s
     WHERE ${afterName}::text IS NULL OR (s.name, s.id::text) > (${afterName}, ${afterId})
     ORDER BY s.name, s.id::text LIMIT ${page.limit + 1}`,
  )
}

export interface CommunityRow {
  id: string
  street_id: string
  name: string
  street: string
  district: string
  address: string | null
  phone: string | null
}

/** A community of a street the viewer may add to (the admin: any; street staff: theirs); null when there is none. */
export function insertCommunity(
  q: Queryable,
  viewer: SqlViewer,
  streetIds: string[],
  input: { streetId: string; name: string; address: string | null; phone: string | null },
  now: Date,
): Promise<CommunityRow | null> {
  return insertAudited<CommunityRow>(q, viewer, now, {
    before: sql`street AS (
       SELECT s.id, s.name, s.district FROM streets s
       WHERE s.id = ${input.streetId}::uuid AND (${viewer.isAdmin}::boolean OR s.id = ANY(${streetIds}::uuid[]))
     )`,
    as: 'c',
    insert: sql`INSERT INTO communities (name, street_id, address, phone, created_at)
       SELECT ${input.name}::text, street.id, ${input.address}::text, ${input.phone}::text, ${now}::timestamptz
       FROM street RETURNING *`,
    // The street's staff are staff of the new community: their accounts change, so that every instance that
    // remembers them reads them afresh (migration 0009).
    also: sql`street_staff_told AS (
       UPDATE users SET account_version = account_version + 1
       WHERE id IN (SELECT ss.user_id FROM street_staff ss JOIN c ON ss.street_id = c.street_id)
     )`,
    audit: {
      action: 'community.created',
      entityType: 'community',
      communityId: sql`c.id`,
      after: sql`jsonb_build_object('name', c.name, 'streetId', c.street_id, 'address', c.address, 'phone', c.phone)`,
    },
    answer: sql`c.id, c.street_id, c.name, street.name AS street, street.district, c.address, c.phone
     FROM c CROSS JOIN street`,
  })
}

// Grids and buildings

export interface GridRow {
  id: string
  community_id: string
  name: string
  building_count: number
}

export function insertGrid(
  q: Queryable,
  viewer: SqlViewer,
  communityId: string,
  name: string,
  now: Date,
): Promise<GridRow | null> {
  return insertAudited<GridRow>(q, viewer, now, {
    before: allowedCommunity(viewer, communityId),
    as: 'g',
    insert: sql`INSERT INTO grids (community_id, name, created_at) SELECT allowed.id, ${name}::text, ${now}::timestamptz
       FROM allowed RETURNING *`,
    audit: {
      action: 'grid.created',
      entityType: 'grid',
      communityId: sql`g.community_id`,
      after: sql`jsonb_build_object('name', g.name)`,
    },
    answer: sql`id, community_id, name, 0 AS building_count FROM g`,
  })
}

export function listGrids(q: Queryable, communityId: string, page: Page): Promise<GridRow[]> {
  const [afterName, afterId] = afterOf(page)
  return q.query<GridRow>(
    sql`SELECT g.id, g.community_id, g.name,
            (SELECT count(*)::int FROM buildings b WHERE b.grid_id = g.id) AS building_count
     FROM grids g
     WHERE g.community_id = ${communityId}::uuid
       AND (${afterName}::text IS NULL OR (g.name, g.id::text) > (${afterName}, ${afterId}))
     ORDER BY g.name, g.id::text LIMIT ${page.limit + 1}`,
  )
}

export interface BuildingRow {
  id: string
  community_id: string
  grid_id: string | null
  grid_name: string | null
  name: string
  household_count: number
}

export function insertBuilding(
  q: Queryable,
  viewer: SqlViewer,
  communityId: string,
  input: { name: string; gridId: string | null },
  now: Date,
): Promise<BuildingRow | null> {
  return insertAudited<BuildingRow>(q, viewer, now, {
    before: allowedCommunity(viewer, communityId),
    as: 'b',
    insert: sql`INSERT INTO buildings (community_id, grid_id, name, created_at)
       SELECT allowed.id, ${input.gridId}::uuid, ${input.name}::text, ${now}::timestamptz FROM allowed RETURNING *`,
    audit: {
      action: 'building.created',
      entityType: 'building',
      communityId: sql`b.community_id`,
      after: sql`jsonb_build_object('name', b.name, 'gridId', b.grid_id)`,
    },
    answer: sql`b.id, b.community_id, b.grid_id, g.name AS grid_name, b.name, 0 AS household_count
     FROM b LEFT JOIN grids g ON g.id = b.grid_id`,
  })
}

export function listBuildings(q: Queryable, communityId: string, page: Page): Promise<BuildingRow[]> {
  const [afterName, afterId] = afterOf(page)
  return q.query<BuildingRow>(
    sql`SELECT b.id, b.community_id, b.grid_id, g.name AS grid_name, b.name,
            (SELECT count(*)::int FROM households x WHERE x.building_id = b.id) AS household_count
     FROM buildings b LEFT JOIN grids g ON g.id = b.grid_id
     WHERE b.community_id = ${communityId}::uuid
       AND (${afterName}::text IS NULL OR (b.name, b.id::text) > (${afterName}, ${afterId}))
     ORDER BY b.name, b.id::text LIMIT ${page.limit + 1}`,
  )
}

// Households

export interface HouseholdDbRow {
  id: string
  community_id: string
  building_id: string
  building: string
  unit: string
  room: string
  area_m2: string | null
  member_count: number
  sort_key: string
}

/**
 * Households sort by building, then unit and room as numbers read (2 before 10: each zero-padded), in byte order so
 * that the key a cursor carries compares the same way in SQL.
 */
const householdSortKey = (building: Sql, unit: Sql, room: Sql) =>
  sql`(${building} || chr(31) || lpad(${unit}, 10, '0') || chr(31) || lpad(${room}, 10, '0')) COLLATE "C"`

/** A household, its building made when missing; null when the viewer is not staff there. */
export function insertHousehold(
  q: Queryable,
  viewer: SqlViewer,
  communityId: string,
  input: { building: string; unit: string; room: string; areaM2: number | null },
  now: Date,
): Promise<HouseholdDbRow | null> {
  return insertAudited<HouseholdDbRow>(q, viewer, now, {
    before: sql`${allowedCommunity(viewer, communityId)}, b AS (
       -- DO UPDATE, not DO NOTHING: it answers the building's row whether it was there or made now.
       INSERT INTO buildings (community_id, name, created_at) SELECT allowed.id, ${input.building}::text, ${now}::timestamptz
       FROM allowed
       ON CONFLICT (community_id, name) DO UPDATE SET name = EXCLUDED.name
       RETURNING id, name, community_id
     )`,
    as: 'x',
    insert: sql`INSERT INTO households (community_id, building_id, unit, room, area_m2, created_at)
       SELECT b.community_id, b.id, ${input.unit}::text, ${input.room}::text, ${input.areaM2}::numeric, ${now}::timestamptz
       FROM b RETURNING *`,
    audit: {
      action: 'household.created',
      entityType: 'household',
      communityId: sql`x.community_id`,
      after: sql`jsonb_build_object('building', ${input.building}::text, 'unit', x.unit, 'room', x.room, 'areaM2', x.area_m2)`,
    },
    answer: sql`x.id, x.community_id, x.building_id, b.name AS building, x.unit, x.room, x.area_m2::text AS area_m2,
            0 AS member_count, '' AS sort_key
     FROM x JOIN b ON b.id = x.building_id`,
  })
}

/**
 * The rows of an import in one statement: the buildings named made when missing, the households not yet there
 * added, those there already left as they are. Answers how many were added, or null when the viewer is not staff.
 */
export async function importHouseholds(
  q: Queryable,
  viewer: SqlViewer,
  communityId: string,
  rows: HouseholdRow[],
  errorCount: number,
  now: Date,
): Promise<number | null> {
  const [row] = await q.query<{ created: number }>(
    sql`WITH allowed AS (${staffCommunity(viewer, communityId)}), input AS (
       SELECT * FROM unnest(${rows.map((r) => r.building)}::text[], ${rows.map((r) => r.unit)}::text[],
                            ${rows.map((r) => r.room)}::text[], ${rows.map((r) => r.areaM2)}::numeric[])
         AS t(building, unit, room, area_m2)
     ), b AS (
       -- DO UPDATE answers every building named, made now or before, also one another request makes meanwhile.
       INSERT INTO buildings (community_id, name, created_at)
       SELECT allowed.id, names.building, ${now}::timestamptz
       FROM allowed CROSS JOIN (SELECT DISTINCT building FROM input) names
       ON CONFLICT (community_id, name) DO UPDATE SET name = EXCLUDED.name
       RETURNING id, name, community_id
     ), x AS (
       INSERT INTO households (community_id, building_id, unit, room, area_m2, created_at)
       SELECT b.community_id, b.id, input.unit, input.room, input.area_m2, ${now}::timestamptz
       FROM input JOIN b ON b.name = input.building
       ON CONFLICT (building_id, unit, room) DO NOTHING
       RETURNING id
     ), counted AS (
       SELECT count(*)::int AS created FROM x
     ), audited AS (
       ${auditInsert(viewer, now, {
         action: 'household.imported',
         entityType: 'community',
         entityId: sql`allowed.id::text`,
         communityId: sql`allowed.id`,
         after: sql`jsonb_build_object('rows', ${rows.length}::int, 'created', counted.created,
                    'skipped', ${rows.length}::int - counted.created, 'errors', ${errorCount}::int)`,
       })}
       FROM allowed CROSS JOIN counted
     )
     SELECT counted.created FROM allowed CROSS JOIN counted`,
  )
  return row ? row.created : null
}

export function listHouseholds(
  q: Queryable,
  communityId: string,
  building: string | null,
  page: Page,
): Promise<HouseholdDbRow[]> {
  const [afterKey, afterId] = afterOf(page)
  const key = householdSortKey(sql`b.name`, sql`x.unit`, sql`x.room`)
  return q.query<HouseholdDbRow>(
    sql`SELECT x.id, x.community_id, x.building_id, b.name AS building, x.unit, x.room, x.area_m2::text AS area_m2,
            (SELECT count(*)::int FROM memberships m WHERE m.household_id = x.id AND m.status = 'verified')
              AS member_count,
            ${key} AS sort_key
     FROM households x JOIN buildings b ON b.id = x.building_id
     WHERE x.community_id = ${communityId}::uuid
       AND (${building}::text IS NULL OR b.name = ${building}::text)
       AND (${afterKey}::text IS NULL OR (${key}, x.id::text) > (${afterKey}::text COLLATE "C", ${afterId}::text))
     ORDER BY ${key}, x.id::text LIMIT ${page.limit + 1}`,
  )
}

/** The door-card code of a household of the viewer's community, its reading audited; null when not theirs. */
export async function readDoorCode(
  q: Queryable,
  viewer: SqlViewer,
  householdId: string,
  now: Date,
): Promise<{ id: string; door_code: string } | null> {
  const [row] = await q.query<{ id: string; door_code: string }>(
    sql`WITH x AS (
       SELECT id, community_id, door_code FROM households
       WHERE id = ${householdId}::uuid AND ${staffOf(viewer, sql`community_id`)}
     ), audited AS (
       ${auditInsert(viewer, now, {
         action: 'household.code_read',
         entityType: 'household',
         entityId: sql`x.id::text`,
         communityId: sql`x.community_id`,
         after: sql`NULL`,
       })}
       FROM x
     )
     SELECT id, door_code FROM x`,
  )
  return row ?? null
}

export async function householdExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query(sql`SELECT 1 FROM households WHERE id = ${id}::uuid`)).length > 0
}

export async function communityExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query(sql`SELECT 1 FROM communities WHERE id = ${id}::uuid`)).length > 0
}

export async function streetExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query(sql`SELECT 1 FROM streets WHERE id = ${id}::uuid`)).length > 0
}

// Organisations

export interface OrgRow {
  id: string
  community_id: string
  kind: OrgKind
  name: string
  phone: string | null
  handler_count: number
}

export function insertOrg(
  q: Queryable,
  viewer: SqlViewer,
  communityId: string,
  input: { kind: OrgKind; name: string; phone: string | null },
  now: Date,
): Promise<OrgRow | null> {
  return insertAudited<OrgRow>(q, viewer, now, {
    before: allowedCommunity(viewer, communityId),
    as: 'o',
    insert: sql`INSERT INTO orgs (community_id, kind, name, phone, created_at)
       SELECT allowed.id, ${input.kind}::text, ${input.name}::text, ${input.phone}::text, ${now}::timestamptz
       FROM allowed RETURNING *`,
    audit: {
      action: 'org.created',
      entityType: 'org',
      communityId: sql`o.community_id`,
      after: sql`jsonb_build_object('kind', o.kind, 'name', o.name, 'phone', o.phone)`,
    },
    answer: sql`id, community_id, kind, name, phone, 0 AS handler_count FROM o`,
  })
}

export function listOrgs(q: Queryable, communityId: string, page: Page): Promise<OrgRow[]> {
  const [afterName, afterId] = afterOf(page)
  return q.query<OrgRow>(
    sql`SELECT o.id, o.community_id, o.kind, o.name, o.phone,
            (SELECT count(*)::int FROM org_handlers h WHERE h.org_id = o.id) AS handler_count
     FROM orgs o
     WHERE o.community_id = ${communityId}::uuid
       AND (${afterName}::text IS NULL OR (o.name, o.id::text) > (${afterName}, ${afterId}))
     ORDER BY o.name, o.id::text LIMIT ${page.limit + 1}`,
  )
}

// Invites

export interface InviteRow {
  code: string
  role: InviteRole
  expires_at: Date
  place_name: string
}

/** Where an invite's role is for, in words: 幸福街道 · 阳光社区 · 3号楼 (the parts it has). */
const placeNameOf = (i: string) =>
  sql`concat_ws(' · ', st.name, c.name, g.name, b.name, o.name) AS place_name
   FROM ${sql.raw(i)}
   LEFT JOIN communities c ON c.id = ${sql.raw(i)}.community_id
   LEFT JOIN streets st ON st.id = COALESCE(${sql.raw(i)}.street_id, c.street_id)
   LEFT JOIN grids g ON g.id = ${sql.raw(i)}.grid_id
   LEFT JOIN buildings b ON b.id = ${sql.raw(i)}.building_id
   LEFT JOIN orgs o ON o.id = ${sql.raw(i)}.org_id`

/**
 * A one-use invite, made when the viewer may invite there: staff of the community for its roles, the admin for a
 * street's staff. Null when they may not. A grid, building or organisation of another community is refused by the
 * table's keys.
 */
export async function insertInvite(
  q: Queryable,
  viewer: SqlViewer,
  place: {
    role: InviteRole
    streetId: string | null
    communityId: string | null
    gridId: string | null
    buildingId: string | null
    orgId: string | null
  },
  expiresAt: Date,
  now: Date,
): Promise<InviteRow | null> {
  const allowed =
    place.communityId === null
      ? sql`SELECT s.id FROM streets s WHERE s.id = ${place.streetId}::uuid AND ${viewer.isAdmin}::boolean`
      : staffCommunity(viewer, place.communityId)
  const [row] = await q.query<InviteRow>(
    sql`WITH allowed AS (${allowed}), i AS (
       INSERT INTO invites (code, role, street_id, community_id, grid_id, building_id, org_id, created_by, created_at,
                            expires_at)
       SELECT new_invite_code(), ${place.role}::text, ${place.streetId}::uuid, ${place.communityId}::uuid,
              ${place.gridId}::uuid, ${place.buildingId}::uuid, ${place.orgId}::uuid, ${viewer.id}::uuid,
              ${now}::timestamptz, ${expiresAt}::timestamptz
       FROM allowed RETURNING *
     ), audited AS (
       -- The code itself is a key to the role: the log keeps its first letters only.
       ${auditInsert(viewer, now, {
         action: 'invite.created',
         entityType: 'invite',
         entityId: sql`left(i.code, 2) || '******'`,
         communityId: sql`i.community_id`,
         after: sql`jsonb_build_object('role', i.role, 'streetId', i.street_id, 'gridId', i.grid_id,
                    'buildingId', i.building_id, 'orgId', i.org_id, 'expiresAt', i.expires_at)`,
       })}
       FROM i
     )
     SELECT i.code, i.role, i.expires_at, ${placeNameOf('i')}`,
  )
  return row ?? null
}

export interface AcceptedRow {
  role: InviteRole
  community_id: string | null
  street_id: string | null
  place_name: string
}

/**
 * Accepts an invite: ONE conditional UPDATE takes it, unused and unexpired, and the role is granted from what it
 * returned, in the same statement. However many accept one code at the same moment, one UPDATE finds it unused; the
 * rest find no row. A role held already is left as it is (the invite is still used). Null when nothing was taken.
 */
export async function acceptInvite(
  q: Queryable,
  viewer: SqlViewer & { id: string },
  input: { code: string; realName: string | null; phone: string | null },
  now: Date,
): Promise<AcceptedRow | null> {
  const me = viewer.id
  const [row] = await q.query<AcceptedRow>(
    sql`WITH used AS (
       UPDATE invites SET used_by = ${me}::uuid, used_at = ${now}::timestamptz
       WHERE code = ${input.code} AND used_by IS NULL AND expires_at > ${now}::timestamptz
         AND (role NOT IN ('grid_worker', 'building_head') OR (${input.realName}::text IS NOT NULL AND ${input.phone}::text IS NOT NULL))
       RETURNING *
     ), street AS (
       INSERT INTO street_staff (user_id, street_id, assigned_by, created_at)
       SELECT ${me}::uuid, street_id, created_by, ${now}::timestamptz FROM used WHERE role = 'street_staff'
       ON CONFLICT DO NOTHING
     ), staff AS (
       INSERT INTO staff_assignments (user_id, community_id, assigned_by, created_at)
       SELECT ${me}::uuid, community_id, created_by, ${now}::timestamptz FROM used WHERE role = 'staff'
       ON CONFLICT DO NOTHING
     ), contact AS (
       INSERT INTO community_roles (user_id, community_id, role, grid_id, building_id, real_name, phone, created_at)
       SELECT ${me}::uuid, community_id, role, grid_id, building_id, ${input.realName}::text, ${input.phone}::text,
              ${now}::timestamptz
       FROM used WHERE role IN ('grid_worker', 'building_head')
       ON CONFLICT DO NOTHING
     ), handler AS (
       INSERT INTO org_handlers (user_id, org_id, created_at)
       SELECT ${me}::uuid, org_id, ${now}::timestamptz FROM used WHERE role = 'handler'
       ON CONFLICT DO NOTHING
     ), audited AS (
       ${auditInsert(viewer, now, {
         action: 'invite.accepted',
         entityType: 'invite',
         entityId: sql`left(used.code, 2) || '******'`,
         communityId: sql`used.community_id`,
         after: sql`jsonb_build_object('role', used.role, 'streetId', used.street_id, 'gridId', used.grid_id,
                    'buildingId', used.building_id, 'orgId', used.org_id, 'invitedBy', used.created_by)`,
       })}
       FROM used
     )
     SELECT used.role, used.community_id, used.street_id, ${placeNameOf('used')}`,
  )
  return row ?? null
}

/** What an invite that could not be taken is now: for the answer that says why. */
export async function inviteState(
  q: Queryable,
  code: string,
): Promise<{ role: InviteRole; used: boolean; expires_at: Date } | null> {
  const [row] = await q.query<{ role: InviteRole; used: boolean; expires_at: Date }>(
    sql`SELECT role, used_by IS NOT NULL AS used, expires_at FROM invites WHERE code = ${code}`,
  )
  return row ?? null
}
