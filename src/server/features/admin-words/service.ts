import type { WordListDto, WordsInput } from '../../../shared/workbench'
import { staffCan, type Actor } from '../../auth/actor'
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
 * The words to save: a word made only of spaces and punctuation would match every text, so it is refused; words
 * that differ only in spacing, punctuation, width or case are kept once, the first of them.
 */
function distinctWords(input: WordsInput): string[] {
  const issues = input.words.flatMap((word, i) =>
    foldForMatching(word) ? [] : [{ path: ['words', i], message: '敏感词要包含文字，不能只有符号或空格' }],
  )
  if (issues.length > 0) throw AppError.validation(issues, issues[0]!.message)
  const seen = new Set<string>()
  return input.words.filter((word) => {
    const folded = foldForMatching(word)
    if (seen.has(folded)) return false
    seen.add(folded)
    return true
  })
}

/** What a save changed, for the audit log. */
function changeOf(before: string[], words: string[]) {
  const [was, now] = [new Set(before), new Set(words)]
  return {
    before: { count: before.length, removed: before.filter((w) => !now.has(w)) },
    after: { count: words.length, added: words.filter((w) => !was.has(w)) },
  }
}

/** The admin replaces the platform's list. It applies to the next write anywhere: the database checks texts itself. */
export async function saveWordList(db: Db, clock: Clock, actor: Actor, input: WordsInput): Promise<WordListDto> {
  const words = distinctWords(input)
  return db.tx(async (q) => {
    const before = await repo.replaceWordList(q, words, actor.id, clock.now())
    await recordAudit(q, actor, {
      action: 'words.update',
      entityType: 'word_list',
      entityId: 'sensitive_words',
      communityId: null,
      ...changeOf(before, words),
    })
    return toDto(await repo.findWordList(q))
  })
}

/** Staff of the community (or the admin) only; 404 for a community that does not exist. */
function checkCommunity(actor: Actor, communityId: string) {
  if (!staffCan(actor, communityId)) throw AppError.forbidden('这不是您负责的社区')
}

/** A community's own words, which apply to what is written in that community on top of the platform's list. */
export async function getCommunityWordList(db: Db, actor: Actor, communityId: string): Promise<WordListDto> {
  checkCommunity(actor, communityId)
  const row = await repo.findCommunityWordList(db, communityId)
  if (!row) throw AppError.notFound('没有找到这个社区')
  return toDto(row)
}

/** Staff replace their community's words; the next text written in that community is checked against them. */
export async function saveCommunityWordList(
  db: Db,
  clock: Clock,
  actor: Actor,
  communityId: string,
  input: WordsInput,
): Promise<WordListDto> {
  checkCommunity(actor, communityId)
  const words = distinctWords(input)
  const now = clock.now()
  return db.tx(async (q) => {
    const before = await repo.replaceCommunityWordList(q, { communityId, words, actorId: actor.id, now })
    if (!before) throw AppError.notFound('没有找到这个社区')
    await recordAudit(q, actor, {
      action: 'words.community_update',
      entityType: 'word_list',
      entityId: communityId,
      communityId,
      ...changeOf(before, words),
    })
    // Saved as sent: the words in their order, by the actor, now.
    return { words, updatedAt: now.toISOString(), updatedBy: actor.me.nickname }
  })
}
