import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../src/server/db/sql'
import { WORD_MAX, WORDS_MAX } from '../../src/shared/workbench'
import { foldForMatching } from '../../src/server/lib/moderation'
import { makeCommunity, makeUser, type TestUser } from './support/fixtures'
import { call, startHarness, type Harness } from './support/harness'
import { expectError, ok } from './support/assert'
import { openTopic, topicBody, topicScene } from './topics/helpers'
import { wishBody } from './wishes/helpers'

/**
 * The sensitive-word list: admins edit it, and the database checks every write against it at once.
 * The list is one for the whole database, which other files may share: these tests only add words of their own
 * (random, so nobody else's text can contain them) and take them out again, never the words others rely on.
 */

let h: Harness
let admin: TestUser
beforeAll(async () => {
  h = await startHarness()
  admin = await makeUser(h, 'admin', null, '平台管理员甲')
})
afterAll(() => h.close())

const getWords = async (user: TestUser | null = admin) =>
  call(h.app, 'GET', '/api/admin/words', user ? { token: user.token } : {})
const putWords = (body: unknown, user: TestUser | null = admin) =>
  call(h.app, 'PUT', '/api/admin/words', { token: user?.token, body })

/** A word nobody else writes: two CJK characters and a random tail. */
const freshWord = () => `禁词${randomUUID().slice(0, 6)}`

/** Adds words to the list as it stands; returns the answer and a function that takes them out again. */
async function withWords(...words: string[]) {
  const current = (await getWords()).body.words as string[]
  const reply = await putWords({ words: [...current, ...words] })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return Object.assign(
    async () => {
      const now = (await getWords()).body.words as string[]
      const taken = new Set(words.map(foldForMatching))
      expect((await putWords({ words: now.filter((w) => !taken.has(foldForMatching(w))) })).status).toBe(200)
    },
    { saved: reply.body },
  )
}

/** How many times this file's admin changed the list: a refusal must leave it as it was. */
const saves = async () =>
  (await h.db.query(sql`SELECT 1 FROM audit_log WHERE actor_id = ${admin.id} AND action = 'words.update'`)).length

describe('GET /api/admin/words', () => {
  it('gives the admin the list, starting with the words the project ships with', async () => {
    const reply = await getWords()
    expect(reply.status).toBe(200)
    expect(Object.keys(reply.body).sort()).toEqual(['updatedAt', 'updatedBy', 'words'])
    expect(reply.body.words).toEqual(expect.arrayContaining(['赌博', '传销', '裸聊']))
  })

  it('is for the admin only: 401 without a token, 403 for residents, volunteers and staff', async () => {
    const communityId = await makeCommunity(h)
    expect((await getWords(null)).status).toBe(401)
    for (const kind of ['resident', 'volunteer', 'staff'] as const) {
      const reply = await getWords(await makeUser(h, kind, communityId))
      expect(reply.status).toBe(403)
      expect(reply.body.error.code).toBe('FORBIDDEN')
    }
  })
})

describe('PUT /api/admin/words', () => {
  it('is for the admin only, and a refusal changes nothing', async () => {
    const communityId = await makeCommunity(h)
    const before = (await getWords()).body
    const word = freshWord()
    expect((await putWords({ words: [word] }, null)).status).toBe(401)
    for (const kind of ['resident', 'volunteer', 'staff'] as const) {
      const reply = await putWords({ words: [...before.words, word] }, await makeUser(h, kind, communityId))
      expect(reply.status).toBe(403)
    }
    expect((await getWords()).body.words).not.toContain(word)
  })

  it.each([
    ['no words field', {}],
    ['words not a list', { words: '赌博' }],
    ['an empty word', { words: ['赌博', '  '] }],
    ['a word too long', { words: ['字'.repeat(WORD_MAX + 1)] }],
    ['too many words', { words: Array.from({ length: WORDS_MAX + 1 }, (_, i) => `词${i}`) }],
    ['an unknown field', { words: ['赌博'], extra: true }],
    ['a word of punctuation only, which would match every text', { words: ['赌博', '，—!'] }],
  ])('refuses %s: 400, the list unchanged', async (_name, body) => {
    const before = await saves()
    const reply = await putWords(body)
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    expect(reply.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(await saves()).toBe(before)
  })

  it('keeps words that differ only in spacing, width or case once, and says who changed the list and when', async () => {
    const tail = randomUUID().slice(0, 6)
    const word = `禁词${tail}`
    const remove = await withWords(word, ` 禁 词 ${tail.toUpperCase()} `, `禁词${tail}`.normalize('NFKC'))
    try {
      // The answer of the save itself: another admin (another file) may save the list right after.
      const saved = remove.saved
      expect(saved.words.filter((w: string) => foldForMatching(w) === foldForMatching(word))).toEqual([word])
      expect(saved.updatedBy).toBe('平台管理员甲')
      expect(Date.parse(saved.updatedAt)).toBe(h.clock.now().getTime())
    } finally {
      await remove()
    }
  })

  it('is audited: who, when, the words added and removed', async () => {
    const word = freshWord()
    const remove = await withWords(word)
    await remove()
    const rows = await h.db.query<{ action: string; actor_role: string; before: unknown; after: unknown }>(
      sql`SELECT action, actor_role, before, after FROM audit_log
       WHERE actor_id = ${admin.id} AND action = 'words.update' ORDER BY id`,
    )
    const [added, removed] = rows.slice(-2)
    expect(added).toMatchObject({
      actor_role: 'admin',
      before: { removed: [] },
      after: { added: [word] },
    })
    expect(removed).toMatchObject({ before: { removed: [word] }, after: { added: [] } })
    const count = (added!.after as { count: number }).count
    expect((added!.before as { count: number }).count).toBe(count - 1)
  })

  it('applies at once: a word added is refused in the next post, however it is written; removed, it is allowed', async () => {
    const communityId = await makeCommunity(h)
    const owner = await makeUser(h, 'resident', communityId)
    const word = freshWord()
    const disguised = ` ${[...word].join(' ')} `.replace('禁', '禁-').toUpperCase()
    const post = () =>
      call(h.app, 'POST', '/api/wishes', {
        token: owner.token,
        body: wishBody({ title: '帮忙取快递', description: `顺便问问${disguised}的事` }),
      })
    const wishesOfOwner = async () => (await h.db.query(sql`SELECT 1 FROM wishes WHERE owner_id = ${owner.id}`)).length

    const remove = await withWords(word)
    try {
      const refused = await post()
      expect(refused.status).toBe(422)
      expect(refused.body.error.code).toBe('CONTENT_REJECTED')
      expect(await wishesOfOwner()).toBe(0)
    } finally {
      await remove()
    }
    expect((await post()).status).toBe(201)
    expect(await wishesOfOwner()).toBe(1)
  })
})

describe('the shipped list (issue #18: "傻逼才装灯，浪费钱" was accepted)', () => {
  it('refuses common insults, fraud and gambling on every database, in a comment as anywhere', async () => {
    expect((await getWords()).body.words).toEqual(
      expect.arrayContaining(['傻逼', '脑残', '王八蛋', '刷单', '杀猪盘', '网赌', '六合彩', '约炮', '法轮功']),
    )
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    const comment = (body: string) =>
      call(h.app, 'POST', `/api/topics/${topic.id}/comments`, { token: s.neighbour.token, body: { body } })
    expectError(await comment('傻逼才装灯，浪费钱'), 422, 'CONTENT_REJECTED')
    expectError(await comment('傻 B 才装灯'), 422, 'CONTENT_REJECTED')
    // What neighbours write about daily life is not caught by the list.
    expect((await comment('垃圾分类做得好，大麻烦也能解决；上门服务很方便')).status).toBe(201)
  })
})

describe('GET/PUT /api/communities/:id/words: the words of a community, kept by its staff', () => {
  const path = (communityId: string) => `/api/communities/${communityId}/words`
  const getOwn = (communityId: string, user: TestUser | null) =>
    call(h.app, 'GET', path(communityId), { token: user?.token })
  const putOwn = (communityId: string, user: TestUser | null, body: unknown) =>
    call(h.app, 'PUT', path(communityId), { token: user?.token, body })
  const ownWords = async (communityId: string) =>
    (
      await h.db.query<{ word: string }>(
        sql`SELECT word FROM community_words WHERE community_id = ${communityId} ORDER BY position`,
      )
    ).map((r) => r.word)

  it('starts empty, and staff of the community save it: who and when, audited with the community', async () => {
    const s = await topicScene(h)
    expect((await ok(h, 'GET', path(s.communityId), s.staff)).words).toEqual([])
    const saved = await ok(h, 'PUT', path(s.communityId), s.staff, { words: ['装灯骗子', '物业走狗'] })
    expect(saved).toEqual({
      words: ['装灯骗子', '物业走狗'],
      updatedAt: h.clock.now().toISOString(),
      updatedBy: '陈主任',
    })
    expect(await ok(h, 'GET', path(s.communityId), s.admin)).toEqual(saved)
    const [audit] = await h.db.query(
      sql`SELECT actor_id, action, community_id, after FROM audit_log
       WHERE action = 'words.community_update' AND community_id = ${s.communityId}`,
    )
    expect(audit).toEqual({
      actor_id: s.staff.id,
      action: 'words.community_update',
      community_id: s.communityId,
      after: { count: 2, added: ['装灯骗子', '物业走狗'] },
    })
    // Removing one is saving the list without it.
    expect((await ok(h, 'PUT', path(s.communityId), s.staff, { words: ['物业走狗'] })).words).toEqual(['物业走狗'])
    expect(await ownWords(s.communityId)).toEqual(['物业走狗'])
  })

  it('is for staff of that community and the admin: 401, 403 for residents, volunteers and foreign staff; nothing saved', async () => {
    const s = await topicScene(h)
    const body = { words: ['不许的词'] }
    expect((await getOwn(s.communityId, null)).status).toBe(401)
    expect((await putOwn(s.communityId, null, body)).status).toBe(401)
    for (const user of [s.author, s.neighbour3, s.foreignStaff, s.outsider]) {
      expectError(await getOwn(s.communityId, user), 403, 'FORBIDDEN')
      expectError(await putOwn(s.communityId, user, body), 403, 'FORBIDDEN')
    }
    expect(await ownWords(s.communityId)).toEqual([])
    expect((await putOwn(s.communityId, s.admin, body)).status).toBe(200)
  })

  it('answers 404 for a community that does not exist, 400 for a malformed id', async () => {
    const s = await topicScene(h)
    const unknown = randomUUID()
    expectError(await getOwn(unknown, s.admin), 404, 'NOT_FOUND')
    expectError(await putOwn(unknown, s.admin, { words: ['词语'] }), 404, 'NOT_FOUND')
    expectError(await getOwn('not-a-uuid', s.staff), 400, 'VALIDATION_FAILED')
  })

  it.each([
    ['no words field', {}],
    ['an empty word', { words: ['  '] }],
    ['a word too long', { words: ['字'.repeat(WORD_MAX + 1)] }],
    ['too many words', { words: Array.from({ length: WORDS_MAX + 1 }, (_, i) => `词${i}`) }],
    ['an unknown field', { words: ['词语'], communityId: randomUUID() }],
    ['a word of punctuation only', { words: ['词语', '！！'] }],
  ])('refuses %s: 400, the list unchanged', async (_name, body) => {
    const s = await topicScene(h)
    await ok(h, 'PUT', path(s.communityId), s.staff, { words: ['原来的词'] })
    expectError(await putOwn(s.communityId, s.staff, body), 400, 'VALIDATION_FAILED')
    expect(await ownWords(s.communityId)).toEqual(['原来的词'])
  })

  it('keeps a word once however it is repeated, and two saves at once leave one of them whole', async () => {
    const s = await topicScene(h)
    const saved = await ok(h, 'PUT', path(s.communityId), s.staff, { words: ['黑心物业', '黑 心 物 业', '黑心物业！'] })
    expect(saved.words).toEqual(['黑心物业'])
    const lists = Array.from({ length: 20 }, (_, i) => [`词表${i}甲`, `词表${i}乙`])
    const replies = await Promise.all(lists.map((words) => putOwn(s.communityId, s.staff, { words })))
    expect(replies.map((r) => r.status)).toEqual(lists.map(() => 200))
    expect(lists).toContainEqual(await ownWords(s.communityId))
  })

  it('refuses a comment with a community word in that community, and accepts it in another', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    const other = await topicScene(h)
    const otherTopic = await openTopic(h, other)
    const text = '装灯的都是骗钱的托儿'
    await ok(h, 'PUT', path(s.communityId), s.staff, { words: ['骗钱的托'] })

    expectError(
      await call(h.app, 'POST', `/api/topics/${topic.id}/comments`, { token: s.neighbour.token, body: { body: text } }),
      422,
      'CONTENT_REJECTED',
    )
    const there = await call(h.app, 'POST', `/api/topics/${otherTopic.id}/comments`, {
      token: other.neighbour.token,
      body: { body: text },
    })
    expect(there.status).toBe(201)
    // And the other texts written in the community: a wish, a topic.
    expectError(
      await call(h.app, 'POST', '/api/wishes', { token: s.neighbour2.token, body: wishBody({ description: text }) }),
      422,
      'CONTENT_REJECTED',
    )
    expectError(
      await call(h.app, 'POST', '/api/topics', {
        token: s.author.token,
        body: topicBody(s.communityId, { body: text }),
      }),
      422,
      'CONTENT_REJECTED',
    )
    // Taken off the list, it is allowed again.
    await ok(h, 'PUT', path(s.communityId), s.staff, { words: [] })
    const after = await call(h.app, 'POST', `/api/topics/${topic.id}/comments`, {
      token: s.neighbour.token,
      body: { body: text },
    })
    expect(after.status).toBe(201)
  })
})

describe('the database folds text as foldForMatching does', () => {
  const fold = async (texts: string[]) =>
    (
      await h.db.query<{ f: string }>(
        sql`SELECT fold_text(t) AS f FROM unnest(${texts}::text[]) WITH ORDINALITY u (t, i) ORDER BY i`,
      )
    ).map((r) => r.f)

  it('on tricky texts: spaces, full-width letters, punctuation and symbols between characters, zero-width', async () => {
    const texts = [
      '赌 博',
      '赌\u3000博',
      '赌\t\n博',
      '赌-博',
      '赌，博。',
      '赌·博',
      '赌…博',
      '赌\u200b博',
      '赌\ufeff博',
      '【赌】「博」',
      '《赌博》！？',
      'ＡＢｃ１２',
      'Ａ Ｂ－Ｃ',
      'WeChat: 加我 ＶＸ',
      '赌★博☆',
      '赌😀博',
      '赌→博',
      '赌¥博$',
      '①②',
      'ﬁ Ⅻ ㈱',
      'ÉCOLE Straße',
      '有人在空地上 赌-博，大家看看怎么办',
      '',
    ]
    expect(await fold(texts)).toEqual(texts.map(foldForMatching))
  })

  it('on every code point of the blocks residents write in: Latin, Greek, Cyrillic, punctuation, symbols, CJK, full-width forms, emoji', async () => {
    const blocks = [
      [0x1, 0x2fff],
      [0x3000, 0x9fff],
      [0xf900, 0xffff],
      [0x1f000, 0x1faff],
    ]
    // Case mappings of a few rare letters, where the engines' Unicode tables differ: U+0130 İ lower-cases to "i̇" in
    // JavaScript (full case mapping) and to "i" in PostgreSQL (simple); U+1C89 and U+1C8A (Unicode 16) are unknown to
    // PostgreSQL 15, U+2C2F (Glagolitic, Unicode 14) to PGlite. Unassigned code points are left out: the ranges in
    // SQL bridge over them.
    const exceptions = new Set([0x130, 0x1c89, 0x1c8a, 0x2c2f])
    const [los, his] = [blocks.map((b) => b[0]), blocks.map((b) => b[1])]
    const rows = await h.db.query<{ c: number; f: string }>(
      sql`SELECT c, fold_text(chr(c)) AS f
       FROM unnest(${los}::int[], ${his}::int[]) b (lo, hi), generate_series(b.lo, b.hi) c`,
    )
    expect(rows.length).toBe(blocks.reduce((n, [lo, hi]) => n + hi! - lo! + 1, 0))
    const differ = rows
      .filter((r) => !exceptions.has(r.c) && !/\p{Cn}/u.test(String.fromCodePoint(r.c)))
      .filter((r) => r.f !== foldForMatching(String.fromCodePoint(r.c)))
      .map(
        (r) =>
          `U+${r.c.toString(16)}: ${JSON.stringify(r.f)} vs ${JSON.stringify(foldForMatching(String.fromCodePoint(r.c)))}`,
      )
    expect(differ).toEqual([])
  })
})
