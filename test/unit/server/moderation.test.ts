import { describe, expect, it } from 'vitest'
import { foldForMatching } from '../../../src/server/lib/moderation'

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
