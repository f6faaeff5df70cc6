import { sql } from '../db/sql'
import type { Queryable } from '../db/types'

/**
 * The SQL of the notification outbox (migration 0006) and of the booking reminder: the only place that reads or
 * writes `notification_outbox`.
 */

/** A claimed row, with what a subscribe message needs. */
export interface OutboxRow {
  notification_id: string
  attempts: number
  kind: string
  title: string
  body: string
  entity_type: string | null
  entity_id: string | null
  created_at: Date
  openid: string
}

/** How long a claimed row stays away from other senders while this one sends it. */
export const CLAIM_LEASE_SECONDS = 300

/** What a real WeChat openid looks like; demo users (`demo:…`) and test users never match. */
export const REAL_OPENID = '^[A-Za-z0-9_-]{16,64}$'

/**
 * Claims up to `limit` due rows in one statement: FOR UPDATE SKIP LOCKED passes over rows another sender is claiming,
 * and the claim moves next_attempt_at past a lease, so a sender that starts later does not find them due either.
 * Rows that cannot be sent (no real openid, no template for the kind, WeChat not configured) are marked skipped in
 * the same statement, with why. Returns the rows to send, and how many were skipped.
 */
export async function claimDue(
  q: Queryable,
  args: { now: Date; limit: number; kinds: string[] | null; userIds: string[] | null },
): Promise<{ rows: OutboxRow[]; skipped: number }> {
  const rows = await q.query<OutboxRow & { skip: string | null }>(
    sql`WITH due AS (
       SELECT o.notification_id,
              CASE WHEN ${args.kinds}::text[] IS NULL THEN 'WeChat is not configured'
                   WHEN u.is_demo OR u.openid !~ ${sql.raw(`'${REAL_OPENID}'`)} THEN 'no WeChat openid'
                   WHEN NOT n.kind = ANY (${args.kinds}::text[]) THEN 'no template for ' || n.kind END AS skip
       FROM notification_outbox o
       JOIN notifications n ON n.id = o.notification_id
       JOIN users u ON u.id = n.user_id
       WHERE o.status = 'pending' AND o.next_attempt_at <= ${args.now}
         AND (${args.userIds}::uuid[] IS NULL OR n.user_id = ANY (${args.userIds}::uuid[]))
       ORDER BY o.next_attempt_at
       LIMIT ${args.limit}
       FOR UPDATE OF o SKIP LOCKED
     ), claimed AS (
       UPDATE notification_outbox o
       SET status = CASE WHEN due.skip IS NULL THEN 'pending' ELSE 'skipped' END,
           attempts = o.attempts + CASE WHEN due.skip IS NULL THEN 1 ELSE 0 END,
           next_attempt_at = CASE WHEN due.skip IS NULL
                                  THEN ${args.now}::timestamptz + make_interval(secs => ${sql.raw(String(CLAIM_LEASE_SECONDS))})
                                  ELSE o.next_attempt_at END,
           last_error = due.skip
       FROM due WHERE o.notification_id = due.notification_id
       RETURNING o.notification_id, o.attempts, due.skip
     )
     SELECT c.notification_id, c.attempts, c.skip, n.kind, n.title, n.body, n.entity_type, n.entity_id, n.created_at,
            u.openid
     FROM claimed c JOIN notifications n ON n.id = c.notification_id JOIN users u ON u.id = n.user_id`,
  )
  return { rows: rows.filter((r) => r.skip === null), skipped: rows.filter((r) => r.skip !== null).length }
}

export type Outcome =
  | { status: 'sent' }
  | { status: 'refused'; error: string }
  | { status: 'retry'; error: string; at: Date }
  | { status: 'failed'; error: string }

/** Records how a claimed try ended; `attempts` fences off a row that another sender has claimed since. */
export async function recordOutcome(
  q: Queryable,
  row: Pick<OutboxRow, 'notification_id' | 'attempts'>,
  outcome: Outcome,
  now: Date,
): Promise<void> {
  const status = outcome.status
  const error = outcome.status === 'sent' ? null : outcome.error.slice(0, 500)
  const retryAt = outcome.status === 'retry' ? outcome.at : null
  await q.query(
    sql`UPDATE notification_outbox
     SET status = CASE ${status}::text WHEN 'retry' THEN 'pending' ELSE ${status}::text END,
         sent_at = CASE ${status}::text WHEN 'sent' THEN ${now}::timestamptz END,
         next_attempt_at = CASE ${status}::text WHEN 'retry' THEN ${retryAt}::timestamptz ELSE next_attempt_at END,
         last_error = ${error}
     WHERE notification_id = ${row.notification_id} AND attempts = ${row.attempts} AND status = 'pending'`,
  )
}

/** Reminders are written in the daytime only (Shanghai hours, both included): nobody is woken by one. */
export const REMINDER_HOURS = [9, 21] as const

/**
 * The reminder the day before: a `booking.reminder` notification for each booking still to be used whose slot starts
 * tomorrow in Shanghai, written by the hourly cron during REMINDER_HOURS. A unique index keeps it to one per booking
 * however often this runs. Returns how many it wrote.
 */
export async function writeBookingReminders(q: Queryable, now: Date): Promise<number> {
  const rows = await q.query(
    sql`WITH tomorrow AS (
       SELECT (date_trunc('day', ${now}::timestamptz AT TIME ZONE 'Asia/Shanghai') + interval '1 day')
                AT TIME ZONE 'Asia/Shanghai' AS starts
       WHERE extract(hour FROM ${now}::timestamptz AT TIME ZONE 'Asia/Shanghai') BETWEEN ${REMINDER_HOURS[0]} AND ${REMINDER_HOURS[1]}
     )
     INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
     SELECT b.user_id, 'booking.reminder', '明天有预约',
            format('明天 %s %s（%s），%s人。请按时到场，不能来请提前取消。',
                   to_char(s.starts_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI'), sv.name, st.name, b.party_size),
            'booking', b.id::text, ${now}::timestamptz
     FROM tomorrow t
     JOIN slots s ON s.starts_at >= t.starts AND s.starts_at < t.starts + interval '1 day'
     JOIN bookings b ON b.slot_id = s.id AND b.status = 'booked'
     JOIN station_services sv ON sv.id = s.service_id
     JOIN stations st ON st.id = sv.station_id
     ON CONFLICT (entity_id) WHERE kind = 'booking.reminder' DO NOTHING
     RETURNING id`,
  )
  return rows.length
}
