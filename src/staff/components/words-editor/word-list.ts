import { WORD_MAX, WORDS_MAX, wordsSchema } from '@/shared/workbench'
import { firstIssue } from '@/utils/validation'

/** Pure helpers of 敏感词 (no Taro, so unit tests run them in Node). */

/** What was typed in the add box, split on spaces, commas and 、 so several words can be added at once. */
export function splitWords(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .map((w) => w.trim())
    .filter(Boolean)
}

export type AddResult = { ok: true; words: string[]; added: string[] } | { ok: false; message: string }

/**
 * Adds the typed words to the list, after checking them against the shared schema's rules (its messages, so the
 * page and the server say the same). Words already in the list are a message too: nothing changes silently.
 */
export function addWords(list: readonly string[], text: string): AddResult {
  const typed = splitWords(text)
  if (typed.length === 0) return { ok: false, message: '请先输入要添加的敏感词' }
  const tooLong = typed.find((w) => w.length > WORD_MAX)
  if (tooLong) {
    const start = tooLong.length > 8 ? `${tooLong.slice(0, 8)}…` : tooLong
    return { ok: false, message: `「${start}」有${tooLong.length}个字，每个敏感词最多${WORD_MAX}个字，请缩短后再添加` }
  }
  const have = new Set(list)
  const added = [...new Set(typed)].filter((w) => !have.has(w))
  if (added.length === 0) {
    return { ok: false, message: typed.length === 1 ? `「${typed[0]}」已经在词表里了` : '这些词都已经在词表里了' }
  }
  const words = [...list, ...added]
  if (words.length > WORDS_MAX) return { ok: false, message: `最多${WORDS_MAX}个敏感词，请先删除一些不用的` }
  return { ok: true, words, added }
}

export function removeWord(list: readonly string[], word: string): string[] {
  return list.filter((w) => w !== word)
}

/** What the draft changes against the saved list: said above 保存, and nothing to save when both are empty. */
export function wordChanges(saved: readonly string[], draft: readonly string[]) {
  const had = new Set(saved)
  const has = new Set(draft)
  return { added: draft.filter((w) => !had.has(w)), removed: saved.filter((w) => !has.has(w)) }
}

/** The line above 保存: 新增 2 个、删除 1 个，还没有保存. */
export function changesText(changes: { added: readonly string[]; removed: readonly string[] }): string | null {
  const parts = [
    changes.added.length ? `新增 ${changes.added.length} 个` : '',
    changes.removed.length ? `删除 ${changes.removed.length} 个` : '',
  ].filter(Boolean)
  return parts.length ? `${parts.join('、')}，还没有保存` : null
}

/** The list as it will be sent, checked with the shared schema: null when it may be saved, else its message. */
export function wordsIssue(words: readonly string[]): string | null {
  return firstIssue(wordsSchema, { words: [...words] })
}
