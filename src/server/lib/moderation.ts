import { AppError } from './errors'

/**
 * The sensitive-word list. A small starting list kept in the repository; the staff-editable list replaces it
 * with the workbench.
 */
export const DEFAULT_SENSITIVE_WORDS = [
  '赌博',
  '博彩',
  '代开发票',
  '办假证',
  '枪支',
  '毒品',
  '色情',
  '诈骗',
  '传销',
  '裸聊',
]

/** Folds text so spacing, punctuation, width and case do not hide a word: "赌 博", "赌-博", "ＡＢ" → "赌博", "ab". */
export function foldForMatching(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}\u200b-\u200d\ufeff]/gu, '')
}

/** Throws 422 CONTENT_REJECTED when any of the texts contains a listed word. */
export function assertAcceptableText(
  texts: (string | null | undefined)[],
  words: readonly string[] = DEFAULT_SENSITIVE_WORDS,
) {
  const folded = texts.filter((t): t is string => !!t).map(foldForMatching)
  const hit = words.map(foldForMatching).find((word) => word && folded.some((text) => text.includes(word)))
  if (hit) throw new AppError('CONTENT_REJECTED', 422)
}
