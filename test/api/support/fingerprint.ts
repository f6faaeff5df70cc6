import { sql, type Sql } from '../../../src/server/db/sql'
import type { Harness } from './harness'

/**
 * What a test's own corner of the database holds: per table, the number of rows and a digest of their contents,
 * for the rows of the given communities and users (and what hangs off them). Equal fingerprints before and after a
 * request mean it wrote nothing there, updates included. Scoped, so it holds on a database other files write to at
 * the same time; the one-row and global tables (the sensitive-word list) only when the database is this file's own.
 *
 * Left out on purpose: idempotency_keys and rate_limits (written for refused requests too, by design) and
 * notification_outbox (its delivery state is moved by any file's delivery job on a shared database).
 */
const SCOPED: Record<string, (communities: Sql) => Sql> = {
  communities: (c) => sql`x.id = ANY(${c})`,
  users: () => sql`x.id IN (SELECT id FROM u)`,
  staff_assignments: (c) => sql`x.community_id = ANY(${c}) OR x.user_id IN (SELECT id FROM u)`,
  volunteers: (c) => sql`x.community_id = ANY(${c}) OR x.user_id IN (SELECT id FROM u)`,
  audit_log: (c) => sql`x.community_id = ANY(${c}) OR x.actor_id IN (SELECT id FROM u)`,
  wishes: () => sql`x.id IN (SELECT id FROM w)`,
  wish_claims: () => sql`x.wish_id IN (SELECT id FROM w)`,
  wish_events: () => sql`x.wish_id IN (SELECT id FROM w)`,
  volunteer_hours: (c) => sql`x.community_id = ANY(${c}) OR x.volunteer_id IN (SELECT id FROM u)`,
  stations: () => sql`x.id IN (SELECT id FROM s)`,
  station_services: () => sql`x.id IN (SELECT id FROM sv)`,
  service_schedules: () => sql`x.service_id IN (SELECT id FROM sv)`,
  station_closures: () => sql`x.station_id IN (SELECT id FROM s)`,
  slots: () => sql`x.service_id IN (SELECT id FROM sv)`,
  bookings: () => sql`x.slot_id IN (SELECT id FROM sv_slots) OR x.user_id IN (SELECT id FROM u)`,
  waitlist_entries: () => sql`x.slot_id IN (SELECT id FROM sv_slots) OR x.user_id IN (SELECT id FROM u)`,
  notifications: () => sql`x.user_id IN (SELECT id FROM u)`,
  topics: () => sql`x.id IN (SELECT id FROM t)`,
  topic_options: () => sql`x.topic_id IN (SELECT id FROM t)`,
  ballots: () => sql`x.topic_id IN (SELECT id FROM t) OR x.user_id IN (SELECT id FROM u)`,
  topic_comments: () => sql`x.topic_id IN (SELECT id FROM t)`,
  comment_reports: () => sql`x.comment_id IN (SELECT id FROM topic_comments WHERE topic_id IN (SELECT id FROM t))`,
  topic_updates: () => sql`x.topic_id IN (SELECT id FROM t)`,
  topic_events: () => sql`x.topic_id IN (SELECT id FROM t)`,
  problems: (c) => sql`x.community_id = ANY(${c})`,
  problem_events: (c) => sql`x.problem_id IN (SELECT id FROM problems WHERE community_id = ANY(${c}))`,
}
const GLOBAL = ['sensitive_words', 'sensitive_word_list']

const digest = (table: string, where: Sql) =>
  sql`${sql.raw(`'${table}'`)}, (SELECT count(*) || ':' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))
     FROM ${sql.raw(table)} x WHERE ${where})`

function fingerprintSql(scope: Scope, shared: boolean): Sql {
  const c = sql`${scope.communityIds}::uuid[]`
  const tables = Object.entries(SCOPED).map(([table, where]) => digest(table, where(c)))
  if (!shared) tables.push(...GLOBAL.map((table) => digest(table, sql`true`)))
  return sql`WITH u AS (SELECT id FROM users WHERE community_id = ANY(${c}) OR id = ANY(${scope.userIds ?? []}::uuid[])),
    w AS (SELECT id FROM wishes WHERE community_id = ANY(${c})),
    s AS (SELECT id FROM stations WHERE community_id = ANY(${c})),
    sv AS (SELECT id FROM station_services WHERE station_id IN (SELECT id FROM s)),
    sv_slots AS (SELECT id FROM slots WHERE service_id IN (SELECT id FROM sv)),
    t AS (SELECT id FROM topics WHERE community_id = ANY(${c}))
  SELECT json_build_object(${sql.join(tables, sql`,\n`)})::text AS fingerprint`
}

export interface Scope {
  communityIds: readonly string[]
  /** Users outside those communities (the admin, a user a login made). */
  userIds?: readonly string[]
}

/** The fingerprint of a scope: a string, equal as long as nothing in the scope was written. */
export async function fingerprint(h: Harness, scope: Scope): Promise<string> {
  const shared = Boolean(process.env.TEST_DATABASE_URL)
  const [row] = await h.db.query<{ fingerprint: string }>(fingerprintSql(scope, shared))
  return row!.fingerprint
}

/** The tables whose part of two fingerprints differ: what a request wrote. */
export function changedTables(before: string, after: string): string[] {
  const [a, b] = [JSON.parse(before) as Record<string, string>, JSON.parse(after) as Record<string, string>]
  return Object.keys(b).filter((table) => a[table] !== b[table])
}
