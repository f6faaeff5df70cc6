import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/server/lib/errors'
import { foldForMatching, moderated } from '../../../src/server/lib/moderation'

describe('foldForMatching', () => {
  it.each([
    ['赌 博', '赌博'],
    ['赌\u3000博', '赌博'],
    ['赌-博', '赌博'],
    ['赌，博！', '赌博'],
    ['赌\u200b博', '赌博'],
    ['【赌】★博☆', '赌博'],
    ['ＡＢｃ', 'abc'],
    ['Ａ Ｂ－Ｃ１', 'abc1'],
    ['WeChat: VX', 'wechatvx'],
    ['ﬁ ①', 'fi1'],
    ['', ''],
    ['，。！', ''],
  ])('folds %j to %j', (text, folded) => {
    expect(foldForMatching(text)).toBe(folded)
  })
})

describe('moderated', () => {
  it('answers the database’s word check (SQLSTATE LM001) with 422 CONTENT_REJECTED', async () => {
    const refusal = Object.assign(new Error('wishes.title contains a sensitive word'), { code: 'LM001' })
    await expect(moderated(Promise.reject(refusal))).rejects.toMatchObject({ code: 'CONTENT_REJECTED', status: 422 })
    await expect(moderated(Promise.reject(refusal))).rejects.toBeInstanceOf(AppError)
  })

  it('passes other errors and results through', async () => {
    const other = Object.assign(new Error('duplicate'), { code: '23505' })
    await expect(moderated(Promise.reject(other))).rejects.toBe(other)
    await expect(moderated(Promise.resolve(7))).resolves.toBe(7)
  })
})
