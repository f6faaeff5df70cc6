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
const SCOPED: Record<string, string> = {
  communities: 'x.id = ANY($1)',
  users: 'x.id IN (SELECT id FROM u)',
  staff_assignments: 'x.community_id = ANY($1) OR x.user_id IN (SELECT id FROM u)',
  volunteers: 'x.community_id = ANY($1) OR x.user_id IN (SELECT id FROM u)',
  audit_log: 'x.community_id = ANY($1) OR x.actor_id IN (SELECT id FROM u)',
  wishes: 'x.id IN (SELECT id FROM w)',
  wish_claims: 'x.wish_id IN (SELECT id FROM w)',
  wish_events: 'x.wish_id IN (SELECT id FROM w)',
  volunteer_hours: 'x.community_id = ANY($1) OR x.volunteer_id IN (SELECT id FROM u)',
  stations: 'x.id IN (SELECT id FROM s)',
  station_services: 'x.id IN (SELECT id FROM sv)',
  service_schedules: 'x.service_id IN (SELECT id FROM sv)',
  station_closures: 'x.station_id IN (SELECT id FROM s)',
  slots: 'x.service_id IN (SELECT id FROM sv)',
  bookings: 'x.slot_id IN (SELECT id FROM sv_slots) OR x.user_id IN (SELECT id FROM u)',
  waitlist_entries: 'x.slot_id IN (SELECT id FROM sv_slots) OR x.user_id IN (SELECT id FROM u)',
  notifications: 'x.user_id IN (SELECT id FROM u)',
  topics: 'x.id IN (SELECT id FROM t)',
  topic_options: 'x.topic_id IN (SELECT id FROM t)',
  ballots: 'x.topic_id IN (SELECT id FROM t) OR x.user_id IN (SELECT id FROM u)',
  topic_comments: 'x.topic_id IN (SELECT id FROM t)',
  comment_reports: 'x.comment_id IN (SELECT id FROM topic_comments WHERE topic_id IN (SELECT id FROM t))',
  topic_updates: 'x.topic_id IN (SELECT id FROM t)',
  topic_events: 'x.topic_id IN (SELECT id FROM t)',
}
const GLOBAL = ['sensitive_words', 'sensitive_word_list']

const digest = (table: string, where: string) =>
  `'${table}', (SELECT count(*) || ':' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))
     FROM ${table} x WHERE ${where})`

function fingerprintSql(shared: boolean) {
  const tables = Object.entries(SCOPED).map(([table, where]) => digest(table, where))
  if (!shared) tables.push(...GLOBAL.map((table) => digest(table, 'true')))
  return `WITH u AS (SELECT id FROM users WHERE community_id = ANY($1) OR id = ANY($2)),
    w AS (SELECT id FROM wishes WHERE community_id = ANY($1)),
    s AS (SELECT id FROM stations WHERE community_id = ANY($1)),
    sv AS (SELECT id FROM station_services WHERE station_id IN (SELECT id FROM s)),
    sv_slots AS (SELECT id FROM slots WHERE service_id IN (SELECT id FROM sv)),
    t AS (SELECT id FROM topics WHERE community_id = ANY($1))
  SELECT json_build_object(${tables.join(',\n')})::text AS fingerprint`
}

export interface Scope {
  communityIds: readonly string[]
  /** Users outside those communities (the admin, a user a login made). */
  userIds?: readonly string[]
}

/** The fingerprint of a scope: a string, equal as long as nothing in the scope was written. */
export async function fingerprint(h: Harness, scope: Scope): Promise<string> {
  const shared = Boolean(process.env.TEST_DATABASE_URL)
  const [row] = await h.db.query<{ fingerprint: string }>(fingerprintSql(shared), [
    scope.communityIds,
    scope.userIds ?? [],
  ])
  return row!.fingerprint
}

/** The tables whose part of two fingerprints differ: what a request wrote. */
export function changedTables(before: string, after: string): string[] {
  const [a, b] = [JSON.parse(before) as Record<string, string>, JSON.parse(after) as Record<string, string>]
  return Object.keys(b).filter((table) => a[table] !== b[table])
}
