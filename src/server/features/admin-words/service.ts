import type { WordListDto, WordsInput } from '../../../shared/workbench'
import type { Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import { recordAudit } from '../../lib/audit'
import type { Clock } from '../../lib/clock'
import { AppError } from '../../lib/errors'
import { foldForMatching } from '../../lib/moderation'
import * as repo from './repo'

const toDto = (row: repo.WordListRow): WordListDto => ({
  words: row.words,
  updatedAt: row.updated_at ? new Date(row.updated_at).toISOString() : null,
  updatedBy: row.updated_by,
})

export async function getWordList(db: Db): Promise<WordListDto> {
  return toDto(await repo.findWordList(db))
}

/**
 * The admin replaces the sensitive-word list. It applies to the next write anywhere: the database checks texts
 * against the table itself. A word made only of spaces and punctuation would match every text, so it is refused;
 * words that differ only in spacing, punctuation, width or case are kept once.
 */
export async function saveWordList(db: Db, clock: Clock, actor: Actor, input: WordsInput): Promise<WordListDto> {
  const issues = input.words.flatMap((word, i) =>
    foldForMatching(word) ? [] : [{ path: ['words', i], message: '敏感词要包含文字，不能只有符号或空格' }],
  )
  if (issues.length > 0) throw AppError.validation(issues, issues[0]!.message)
  const seen = new Set<string>()
  const words = input.words.filter((word) => {
    const folded = foldForMatching(word)
    if (seen.has(folded)) return false
    seen.add(folded)
    return true
  })
  return db.tx(async (q) => {
    const before = await repo.replaceWordList(q, words, actor.id, clock.now())
    const [was, now] = [new Set(before), new Set(words)]
    const added = words.filter((w) => !was.has(w))
    const removed = before.filter((w) => !now.has(w))
    await recordAudit(q, actor, {
      action: 'words.update',
      entityType: 'word_list',
      entityId: 'sensitive_words',
      communityId: null,
      before: { count: before.length, removed },
      after: { count: words.length, added },
    })
    return toDto(await repo.findWordList(q))
  })
}
