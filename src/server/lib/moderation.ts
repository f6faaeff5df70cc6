/**
 * Content moderation. The sensitive-word list lives in the database (`sensitive_words`, edited by admins) and is
 * checked there, by triggers in the very statement that writes a user's text (migration 0006): no extra round trip,
 * and a change to the list applies to the next write. Their refusal (SQLSTATE LM001) is answered 422 by lib/refusals.ts.
 */

/**
 * Folds text so spacing, punctuation, width and case do not hide a word: "赌 博", "赌-博", "ＡＢ" → "赌博", "ab".
 * The database's `fold_text` does the same (a test compares them); here it validates the words admins enter.
 */
export function foldForMatching(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}\u200b-\u200d\ufeff]/gu, '')
}
