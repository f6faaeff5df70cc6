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
