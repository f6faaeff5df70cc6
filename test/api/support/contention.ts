import { expect } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import type { TestUser } from './fixtures'
import type { Harness, Reply } from './harness'

/**
 * n residents of the community in one statement, each a verified member of a household of their own and with a token;
 * with `volunteers`, each an active volunteer.
 */
export async function makeResidents(
  h: Harness,
  communityId: string,
  n: number,
  options: { volunteers?: boolean } = {},
): Promise<TestUser[]> {
  const nickname = options.volunteers ? '志愿者' : '居民'
  const rows = await h.db.query<{ id: string }>(
    sql`WITH u AS (
       INSERT INTO users (openid, nickname, role, community_id)
       SELECT 'test:' || gen_random_uuid(), ${nickname}::text || i, 'resident', ${communityId}::uuid
       FROM generate_series(1, ${n}::int) AS i
       RETURNING id
     ), v AS (
       INSERT INTO volunteers (user_id, community_id, real_name, phone, status, decided_at)
       SELECT id, ${communityId}::uuid, '测试志愿者', '13900000000', 'active', now() FROM u WHERE ${options.volunteers === true}::boolean
     ), b AS (
       INSERT INTO buildings (community_id, name) VALUES (${communityId}, '1号楼')
       ON CONFLICT (community_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id
     ), x AS (
       -- Each a verified member of a household of their own, as fixtures.ts's makeUser makes residents.
       INSERT INTO households (community_id, building_id, room)
       SELECT ${communityId}, b.id, left(u.id::text, 8) FROM u, b RETURNING id, room
     ), m AS (
       INSERT INTO memberships (user_id, community_id, household_id, building, room, relation, real_name, status, decided_at)
       SELECT u.id, ${communityId}, x.id, '1号楼', x.room, 'owner', '测试住户', 'verified', now()
       FROM u JOIN x ON x.room = left(u.id::text, 8)
     )
     SELECT id FROM u`,
  )
  expect(rows).toHaveLength(n)
  return rows.map((r) => ({ id: r.id, token: h.tokens.sign(r.id) }))
}

/** How many replies of each status and code: { '201': 20, '409 SLOT_FULL': 980 }. */
export function tally(replies: Reply[]) {
  const counts: Record<string, number> = {}
  for (const r of replies) {
    const key = r.status < 300 ? String(r.status) : `${r.status} ${r.body?.error?.code}`
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

/**
 * Runs the requests all at once and reports how long they took and how they were answered, for the record of each
 * database. `settle`, when given, runs once they are all answered, and what it returns joins the report.
 */
export async function race(
  h: Harness,
  label: string,
  requests: (() => Promise<Reply>)[],
  settle?: () => Promise<string>,
): Promise<Reply[]> {
  const started = performance.now()
  const replies = await Promise.all(requests.map((r) => r()))
  const ms = Math.round(performance.now() - started)
  const more = settle ? `, ${await settle()}` : ''
  console.info(`[contention] ${label} on ${h.db.kind}: ${ms} ms${more} — ${JSON.stringify(tally(replies))}`)
  return replies
}
