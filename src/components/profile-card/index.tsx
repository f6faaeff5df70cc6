import { useState } from 'react'
import { View } from '@tarojs/components'
import { NICKNAME_MAX, ROLE_LABELS, type MeDto } from '@/shared/identity'
import { useMePatch } from '@/hooks/use-profile'
import { ActionButton } from '../action-button'
import { Avatar } from '../avatar'
import { Card } from '../card'
import { Field, TextInput } from '../field'
import './index.scss'

/** Avatar, nickname (editable) and role of the current user. */
export function ProfileCard({ me }: { me: MeDto }) {
  const [editing, setEditing] = useState(false)
  const [nickname, setNickname] = useState(me.nickname)
  const patch = useMePatch()

  const save = async () => {
    if (await patch.submit({ nickname })) setEditing(false)
  }

  return (
    <Card className="profile-card">
      <View className="profile-card__row">
        <Avatar url={me.avatarUrl} name={me.nickname} />
        <View className="profile-card__who">
          <View className="profile-card__name">{me.nickname}</View>
          <View className="profile-card__role">{ROLE_LABELS[me.role]}</View>
        </View>
        {editing ? null : (
          <ActionButton
            small
            variant="secondary"
            onClick={() => {
              setNickname(me.nickname)
              patch.clearError()
              setEditing(true)
            }}
          >
            改昵称
          </ActionButton>
        )}
      </View>
      {editing ? (
        <View className="profile-card__edit">
          <Field label="新的昵称" error={patch.error} hint={`最多${NICKNAME_MAX}个字`}>
            <TextInput value={nickname} onChange={setNickname} maxlength={NICKNAME_MAX} placeholder="请输入昵称" />
          </Field>
          <View className="profile-card__actions">
            <ActionButton variant="plain" onClick={() => setEditing(false)}>
              取消
            </ActionButton>
            <ActionButton onClick={save} loading={patch.submitting}>
              保存昵称
            </ActionButton>
          </View>
        </View>
      ) : null}
    </Card>
  )
}
