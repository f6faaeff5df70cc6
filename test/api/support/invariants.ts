import { sql, type Sql } from '../../../src/server/db/sql'
import type { Queryable } from '../../../src/server/db/types'

/** One invariant that does not hold: which, what it means, how many rows break it and a few of them. */
export interface Violation {
  invariant: string
  description: string
  count: number
  examples: Record<string, unknown>[]
}

interface Invariant {
  name: string
  description: string
  /** Selects the rows that break the invariant (none when it holds). */
  sql: Sql
}

/**
 * Rules that must hold on any committed state of the database, whatever requests ran, failed or were cut off
 * half-way. Each is one SELECT of the offending rows, so each sees one snapshot; checkInvariants runs them all in
 * one REPEATABLE READ transaction, so together they see the same one.
 */
export const INVARIANTS: readonly Invariant[] = [
  // 驿站预约
  {
    name: 'slot_within_capacity',
    description: 'seats booked never exceed a slot’s capacity, nor go below zero',
    sql: sql`SELECT id AS slot_id, booked, capacity FROM slots WHERE booked < 0 OR booked > capacity`,
  },
  {
    // Only a cancellation gives seats back (bookings_after_status): a no-show keeps its seat, in a slot that has
    // ended anyway. (The column's comment in 0003 says "booked or checked_in"; the triggers have always counted
    // no-shows too, and the stations' figures read it so.)
    name: 'slot_booked_matches_bookings',
    description: 'slots.booked equals the party sizes of the slot’s bookings not cancelled',
    sql: sql`SELECT s.id AS slot_id, s.booked, COALESCE(b.seats, 0)::int AS seats
          FROM slots s
          LEFT JOIN (SELECT slot_id, sum(party_size) AS seats FROM bookings
                     WHERE status <> 'cancelled' GROUP BY slot_id) b ON b.slot_id = s.id
          WHERE s.booked <> COALESCE(b.seats, 0)`,
  },
  {
    name: 'one_active_booking_per_user_slot',
    description: 'a user holds at most one active booking of a slot',
    sql: sql`SELECT user_id, slot_id, count(*)::int AS active FROM bookings
          WHERE status IN ('booked', 'checked_in') GROUP BY user_id, slot_id HAVING count(*) > 1`,
  },
  {
    // A booking counts as upcoming while it is still 'booked': a slot that ended without a check-in turns it into
    // a no-show (swept lazily), which is when it stops counting.
    name: 'upcoming_bookings_counter',
    description: 'users.upcoming_bookings equals the user’s bookings still in status booked',
    sql: sql`SELECT u.id AS user_id, u.upcoming_bookings, COALESCE(b.n, 0)::int AS booked
          FROM users u
          LEFT JOIN (SELECT user_id, count(*) AS n FROM bookings WHERE status = 'booked' GROUP BY user_id) b
            ON b.user_id = u.id
          WHERE u.upcoming_bookings <> COALESCE(b.n, 0)`,
  },
  {
    name: 'one_waiting_entry_per_user_slot',
    description: 'a user waits at most once for a slot, and never for a slot they hold an active booking of',
    sql: sql`SELECT user_id, slot_id, waiting, also_booked FROM (
            SELECT w.user_id, w.slot_id, count(*)::int AS waiting,
                   EXISTS (SELECT 1 FROM bookings b WHERE b.user_id = w.user_id AND b.slot_id = w.slot_id
                           AND b.status IN ('booked', 'checked_in')) AS also_booked
            FROM waitlist_entries w WHERE w.status = 'waiting' GROUP BY w.user_id, w.slot_id) e
          WHERE waiting > 1 OR also_booked`,
  },
  {
    name: 'promoted_entry_has_its_booking',
    description: 'a promoted waitlist entry names a booking of its own slot and user, made from the waitlist',
    sql: sql`SELECT w.id AS entry_id, w.booking_id FROM waitlist_entries w
          LEFT JOIN bookings b ON b.id = w.booking_id
          WHERE w.status = 'promoted'
            AND (b.id IS NULL OR b.slot_id <> w.slot_id OR b.user_id <> w.user_id OR NOT b.from_waitlist)`,
  },
  // 微心愿
  {
    name: 'one_live_claim_per_wish',
    description: 'a wish has at most one live (not ended) claim, or for a team wish (帮帮团) at most its team size',
    sql: sql`SELECT c.wish_id, count(*)::int AS live, w.team_size FROM wish_claims c JOIN wishes w ON w.id = c.wish_id
          WHERE c.ended_at IS NULL GROUP BY c.wish_id, w.team_size HAVING count(*) > w.team_size`,
  },
  {
    name: 'claimed_wish_matches_live_claim',
    description:
      'a claimed or fulfilled wish has as many live claims as its team count (one for an ordinary wish), its claimer’s among them; no other wish has one',
    sql: sql`SELECT w.id AS wish_id, w.status, w.claimer_id, w.team_count, c.volunteer_ids
          FROM wishes w
          LEFT JOIN (SELECT wish_id, array_agg(volunteer_id) AS volunteer_ids FROM wish_claims
                     WHERE ended_at IS NULL GROUP BY wish_id) c ON c.wish_id = w.id
          WHERE CASE WHEN w.status IN ('claimed', 'fulfilled')
                     THEN c.volunteer_ids IS NULL OR cardinality(c.volunteer_ids) <> w.team_count
                          OR NOT w.claimer_id = ANY (c.volunteer_ids)
                     ELSE c.volunteer_ids IS NOT NULL END`,
  },
  {
    name: 'completed_wish_claim_completed',
    description: 'a completed wish’s claimer has a claim of it that ended as completed',
    sql: sql`SELECT w.id AS wish_id, w.claimer_id FROM wishes w
          WHERE w.status = 'completed' AND NOT EXISTS (
            SELECT 1 FROM wish_claims c WHERE c.wish_id = w.id AND c.volunteer_id = w.claimer_id
              AND c.end_reason = 'completed')`,
  },
  {
    name: 'volunteer_hours_match_completed_wishes',
    description:
      'wish hours are recorded exactly for the completed wishes: one record for each claim that ended in the completion (the claimer, or each member of a team), with the wish’s hours and community',
    sql: sql`SELECT w.id AS wish_id, w.status, c.volunteer_id AS member, w.hours::text AS wish_hours,
                 h.volunteer_id, h.hours::text AS recorded_hours, h.id AS record_id
          FROM (SELECT * FROM wishes WHERE status = 'completed') w
          JOIN wish_claims c ON c.wish_id = w.id AND c.end_reason = 'completed'
          FULL JOIN (SELECT * FROM volunteer_hours WHERE wish_id IS NOT NULL) h
            ON h.wish_id = c.wish_id AND h.volunteer_id = c.volunteer_id
          WHERE w.id IS NULL OR h.id IS NULL
             OR h.hours IS DISTINCT FROM w.hours OR h.community_id IS DISTINCT FROM w.community_id`,
  },
  {
    name: 'live_wishes_counter',
    description: 'users.live_wishes equals the user’s wishes waiting for review, open, claimed or fulfilled',
    sql: sql`SELECT u.id AS user_id, u.live_wishes, COALESCE(w.n, 0)::int AS live
          FROM users u
          LEFT JOIN (SELECT owner_id, count(*) AS n FROM wishes
                     WHERE status IN ('pending_review', 'open', 'claimed', 'fulfilled') GROUP BY owner_id) w
            ON w.owner_id = u.id
          WHERE u.live_wishes <> COALESCE(w.n, 0)`,
  },
  {
    name: 'live_claims_counter',
    description: 'users.live_claims equals the user’s claims not yet ended',
    sql: sql`SELECT u.id AS user_id, u.live_claims, COALESCE(c.n, 0)::int AS live
          FROM users u
          LEFT JOIN (SELECT volunteer_id, count(*) AS n FROM wish_claims WHERE ended_at IS NULL
                     GROUP BY volunteer_id) c ON c.volunteer_id = u.id
          WHERE u.live_claims <> COALESCE(c.n, 0)`,
  },
  // 社区活动
  {
    name: 'activity_seats_match_signups',
    description: 'an activity’s seats taken equal the party sizes of its live sign-ups, within its capacity',
    sql: sql`SELECT a.id AS activity_id, a.seats_taken, a.capacity, COALESCE(s.n, 0)::int AS seats
          FROM activities a
          LEFT JOIN (SELECT activity_id, sum(party_size) AS n FROM activity_signups WHERE status <> 'cancelled'
                     GROUP BY activity_id) s ON s.activity_id = a.id
          WHERE a.seats_taken <> COALESCE(s.n, 0) OR a.seats_taken > COALESCE(a.capacity, a.seats_taken)`,
  },
  {
    name: 'activity_post_taken_matches_claims',
    description: 'a post’s places taken equal its live claims, within its count',
    sql: sql`SELECT p.id AS post_id, p.taken, p.count, COALESCE(k.n, 0)::int AS live
          FROM activity_posts p
          LEFT JOIN (SELECT post_id, count(*) AS n FROM activity_post_claims WHERE released_at IS NULL
                     GROUP BY post_id) k ON k.post_id = p.id
          WHERE p.taken <> COALESCE(k.n, 0) OR p.taken > p.count`,
  },
  {
    name: 'activity_hours_match_present_holders',
    description:
      'post hours are recorded exactly for the present holders of completed activities’ posts, once each, with the post’s hours',
    sql: sql`SELECT k.id AS claim_id, k.volunteer_id AS holder, h.id AS record_id, h.volunteer_id, h.hours::text
          FROM (SELECT k.*, p.hours FROM activity_post_claims k JOIN activity_posts p ON p.id = k.post_id
                JOIN activities a ON a.id = k.activity_id
                WHERE a.status = 'completed' AND k.released_at IS NULL AND NOT k.absent) k
          FULL JOIN (SELECT * FROM volunteer_hours WHERE activity_post_id IS NOT NULL) h
            ON h.activity_post_id = k.post_id AND h.volunteer_id = k.volunteer_id
          WHERE k.id IS NULL OR h.id IS NULL OR h.hours IS DISTINCT FROM k.hours`,
  },
  // 议事协商
  {
    name: 'one_ballot_per_person_topic',
    description: 'a person has at most one ballot per topic',
    sql: sql`SELECT topic_id, user_id, count(*)::int AS ballots FROM ballots
          GROUP BY topic_id, user_id HAVING count(*) > 1`,
  },
  {
    name: 'one_ballot_per_household',
    description: 'a per-household topic has at most one ballot per household, keyed by that household',
    sql: sql`SELECT b.topic_id, b.household_id, count(*)::int AS ballots FROM ballots b JOIN topics t ON t.id = b.topic_id
          WHERE t.ballot_rule = 'per_household'
          GROUP BY b.topic_id, b.household_id
          HAVING count(*) > 1 OR bool_or(b.voter_key IS DISTINCT FROM b.household_id)`,
  },
  {
    name: 'ballot_options_valid',
    description: 'a ballot names 1..maxChoices distinct options, all of its own topic, and the topic was opened',
    sql: sql`SELECT b.topic_id, b.user_id, b.option_ids::text AS option_ids, t.max_choices, t.status
          FROM ballots b JOIN topics t ON t.id = b.topic_id
          WHERE t.status NOT IN ('open', 'closed')
             OR cardinality(b.option_ids) < 1
             OR cardinality(b.option_ids) > t.max_choices
             OR (SELECT count(DISTINCT x) FROM unnest(b.option_ids) x) <> cardinality(b.option_ids)
             OR EXISTS (SELECT 1 FROM unnest(b.option_ids) x
                        WHERE NOT EXISTS (SELECT 1 FROM topic_options o WHERE o.id = x AND o.topic_id = b.topic_id))`,
  },
  {
    name: 'closed_topic_tally_frozen',
    description: 'a closed topic’s frozen count per option equals its ballots naming that option',
    sql: sql`SELECT o.topic_id, o.id AS option_id, o.final_count,
                 (SELECT count(*)::int FROM ballots b WHERE b.topic_id = o.topic_id AND o.id = ANY (b.option_ids))
                   AS ballots
          FROM topic_options o JOIN topics t ON t.id = o.topic_id
          WHERE t.status = 'closed'
            AND o.final_count IS DISTINCT FROM
                (SELECT count(*)::int FROM ballots b WHERE b.topic_id = o.topic_id AND o.id = ANY (b.option_ids))`,
  },
  {
    name: 'comment_report_count',
    description: 'a comment’s report_count equals its reports',
    sql: sql`SELECT c.id AS comment_id, c.report_count, COALESCE(r.n, 0)::int AS reports
          FROM topic_comments c
          LEFT JOIN (SELECT comment_id, count(*) AS n FROM comment_reports GROUP BY comment_id) r
            ON r.comment_id = c.id
          WHERE c.report_count <> COALESCE(r.n, 0)`,
  },
  {
    name: 'reply_one_level',
    description: 'a reply answers a top-level comment of the same topic',
    sql: sql`SELECT c.id AS comment_id, c.parent_id FROM topic_comments c
          JOIN topic_comments p ON p.id = c.parent_id
          WHERE p.parent_id IS NOT NULL OR p.topic_id <> c.topic_id`,
  },
  // 消息
  {
    name: 'notification_in_outbox',
    description: 'every notification has its outbox row',
    sql: sql`SELECT n.id AS notification_id, n.kind FROM notifications n
          WHERE NOT EXISTS (SELECT 1 FROM notification_outbox o WHERE o.notification_id = n.id)`,
  },
]

const EXAMPLES = 5

/**
 * Runs every invariant and returns those that do not hold (an empty array when all do). Takes the database or an
 * open transaction: inside a transaction it sees that transaction's own writes (the negative test breaks rows in a
 * transaction it then rolls back).
 */
export async function checkInvariants(db: Queryable & { tx?: unknown }): Promise<Violation[]> {
  const run = async (q: Queryable) => {
    const violations: Violation[] = []
    for (const invariant of INVARIANTS) {
      const rows = await q.query<Record<string, unknown>>(invariant.sql)
      if (rows.length > 0) {
        violations.push({
          invariant: invariant.name,
          description: invariant.description,
          count: rows.length,
          examples: rows.slice(0, EXAMPLES),
        })
      }
    }
    return violations
  }
  if (isDb(db)) {
    return db.tx(async (q) => {
      await q.query(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`)
      return run(q)
    })
  }
  return run(db)
}

function isDb(db: Queryable & { tx?: unknown }): db is Queryable & {
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>
} {
  return typeof db.tx === 'function'
}

/** The violations as readable lines, for a failing assertion's message or a log. */
export function describeViolations(violations: Violation[]): string {
  return violations
    .map(
      (v) =>
        `${v.invariant} (${v.count}): ${v.description}\n  ${v.examples.map((e) => JSON.stringify(e)).join('\n  ')}`,
    )
    .join('\n')
}
