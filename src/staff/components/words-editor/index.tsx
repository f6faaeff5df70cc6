import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Field, TextInput } from '@/components/field'
import { WORD_MAX } from '@/shared/workbench'
import { addWords, changesText, removeWord, wordChanges } from './word-list'
import { control } from '@/components/aria'
import './index.scss'

interface Props {
  /** The list as saved on the server. */
  saved: readonly string[]
  saving: boolean
  /** The shared schema's message, or the server's. */
  saveError: string | null
  onSave: (words: string[]) => Promise<boolean>
  /** What an empty list means here; by default, that nothing is stopped. */
  emptyText?: string
}

/**
 * The word list being edited: add one or several words, tap × to take one away, then 保存. Nothing reaches the
 * server before 保存, and 撤销修改 goes back to the saved list.
 */
export function WordsEditor({ saved, saving, saveError, onSave, emptyText }: Props) {
  const [draft, setDraft] = useState<string[]>(() => [...saved])
  const [text, setText] = useState('')
  const [addError, setAddError] = useState<string | null>(null)
  const changes = wordChanges(saved, draft)
  const pending = changesText(changes)
  const fresh = new Set(changes.added)

  const add = () => {
    const result = addWords(draft, text)
    if (!result.ok) {
      setAddError(result.message)
      return
    }
    setDraft(result.words)
    setText('')
    setAddError(null)
  }

  return (
    <View className="words-editor">
      <Field label="添加敏感词" error={addError} hint={`每个词最多${WORD_MAX}个字；一次添加几个时，用空格或逗号隔开`}>
        <View className="words-editor__add">
          <View className="words-editor__input">
            <TextInput value={text} onChange={setText} placeholder="输入要屏蔽的词" maxlength={200} />
          </View>
          <ActionButton variant="secondary" onClick={add}>
            添加
          </ActionButton>
        </View>
      </Field>

      {draft.length === 0 ? (
        <View className="words-editor__none">
          {emptyText ?? '词表是空的，居民发布的内容不会被拦下。在上面输入词语后点「添加」。'}
        </View>
      ) : (
        <View>
          <View className="words-editor__count">共 {draft.length} 个敏感词，点词语右边的 × 可以删除</View>
          <View className="words-editor__list">
            {draft.map((word) => (
              <View
                key={word}
                className={['words-editor__word', fresh.has(word) ? 'words-editor__word--new' : '']
                  .filter(Boolean)
                  .join(' ')}
              >
                <View className="words-editor__text">{word}</View>
                <View
                  className="words-editor__remove"
                  {...control('button', `删除${word}`)}
                  onClick={() => setDraft(removeWord(draft, word))}
                >
                  ×
                </View>
              </View>
            ))}
          </View>
        </View>
      )}

      <View className="words-editor__footer">
        {pending ? <View className="words-editor__pending">{pending}</View> : null}
        {changes.removed.length ? (
          <View className="words-editor__removed">将删除：{changes.removed.join('、')}</View>
        ) : null}
        {saveError ? <View className="words-editor__error">{saveError}</View> : null}
        <ActionButton block loading={saving} disabled={!pending} onClick={() => void onSave(draft)}>
          保存词表
        </ActionButton>
        {pending ? (
          <ActionButton
            block
            variant="plain"
            className="words-editor__undo"
            disabled={saving}
            onClick={() => {
              setDraft([...saved])
              setAddError(null)
            }}
          >
            撤销修改
          </ActionButton>
        ) : null}
      </View>
    </View>
  )
}
