import { sql } from '../../db/sql'
import type { Queryable } from '../../db/types'

export interface WordListRow {
  words: string[]
  updated_at: Date | null
  updated_by: string | null
}

/** The list in its order, with who changed it last (their nickname) and when. */
export async function findWordList(q: Queryable): Promise<WordListRow> {
  const [row] = await q.query<WordListRow>(
    sql`SELECT ARRAY(SELECT word FROM sensitive_words ORDER BY position) AS words, l.updated_at, u.nickname AS updated_by
     FROM sensitive_word_list l LEFT JOIN users u ON u.id = l.updated_by`,
  )
  return row!
}

/**
 * Replaces the list, in one transaction the caller holds: the list's row is locked first, so two admins saving at
 * once apply one after the other. Words whose folded form repeats an earlier one are dropped (the unique index).
 * Returns the words before the change.
 */
export async function replaceWordList(q: Queryable, words: string[], actorId: string, now: Date): Promise<string[]> {
  await q.query(sql`SELECT 1 FROM sensitive_word_list FOR UPDATE`)
  const [before] = await q.query<{ words: string[] }>(
    sql`SELECT ARRAY(SELECT word FROM sensitive_words ORDER BY position) AS words`,
  )
  await q.query(sql`DELETE FROM sensitive_words`)
  await q.query(
    sql`INSERT INTO sensitive_words (word, position)
     SELECT word, position FROM unnest(${words}::text[]) WITH ORDINALITY AS w (word, position)
     ON CONFLICT DO NOTHING`,
  )
  await q.query(sql`UPDATE sensitive_word_list SET updated_at = ${now}, updated_by = ${actorId}`)
  return before!.words
}

/** A community's own words in their order, with who changed them last and when; null for an unknown community. */
export async function findCommunityWordList(q: Queryable, communityId: string): Promise<WordListRow | null> {
  const [row] = await q.query<WordListRow>(
    sql`SELECT ARRAY(SELECT word FROM community_words WHERE community_id = c.id ORDER BY position) AS words,
            l.updated_at, u.nickname AS updated_by
     FROM communities c
     LEFT JOIN community_word_lists l ON l.community_id = c.id
     LEFT JOIN users u ON u.id = l.updated_by
     WHERE c.id = ${communityId}`,
  )
  return row ?? null
}

/**
 * Replaces a community's words, in one transaction the caller holds. The first statement writes the list's row
 * (locking it), so two saves of one community apply one after the other; null when the community does not exist.
 * Returns the words before the change.
 */
export async function replaceCommunityWordList(
  q: Queryable,
  a: { communityId: string; words: string[]; actorId: string; now: Date },
): Promise<string[] | null> {
  const [locked] = await q.query<{ community_id: string }>(
    sql`INSERT INTO community_word_lists (community_id, updated_at, updated_by)
     SELECT id, ${a.now}, ${a.actorId} FROM communities WHERE id = ${a.communityId}
     ON CONFLICT (community_id) DO UPDATE SET updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
     RETURNING community_id`,
  )
  if (!locked) return null
  const [before] = await q.query<{ words: string[] }>(
    sql`WITH gone AS (DELETE FROM community_words WHERE community_id = ${a.communityId} RETURNING word, position)
     SELECT ARRAY(SELECT word FROM gone ORDER BY position) AS words`,
  )
  await q.query(
    sql`INSERT INTO community_words (community_id, word, position)
     SELECT ${a.communityId}::uuid, word, position FROM unnest(${a.words}::text[]) WITH ORDINALITY AS w (word, position)
     ON CONFLICT DO NOTHING`,
  )
  return before!.words
}
