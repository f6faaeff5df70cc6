import { View } from '@tarojs/components'
import { ROLE_LABELS, type DevUserDto } from '@/shared/identity'
import { Avatar } from '../avatar'
import { Card } from '../card'
import './index.scss'

interface Props {
  users: DevUserDto[]
  /** The user being logged in. */
  pending: string | null
  onPick: (userId: string) => void
}

/** The demo users of the H5 build: tap one to log in as them. */
export function DevUserList({ users, pending, onPick }: Props) {
  return (
    <View className="dev-users">
      {users.map((user) => (
        <Card
          key={user.id}
          className={['dev-user', pending === user.id ? 'dev-user--pending' : ''].filter(Boolean).join(' ')}
          gap="list"
          padding="snug"
          hoverClass="dev-user--pressed"
          onClick={() => !pending && onPick(user.id)}
        >
          <Avatar url={null} name={user.nickname} />
          <View className="dev-user__who">
            <View className="dev-user__name">{user.nickname}</View>
            <View className="dev-user__role">{ROLE_LABELS[user.role]}</View>
          </View>
          <View className="dev-user__go">{pending === user.id ? '登录中…' : '进入 ›'}</View>
        </Card>
      ))}
    </View>
  )
}
