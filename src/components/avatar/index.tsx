import { Image, View } from '@tarojs/components'
import './index.scss'

interface Props {
  url: string | null
  name: string
}

/** The user's avatar, or the first character of their nickname on a coloured disc. */
export function Avatar({ url, name }: Props) {
  if (url) return <Image className="avatar" src={url} mode="aspectFill" />
  return <View className="avatar avatar--initial">{Array.from(name.trim())[0] ?? '邻'}</View>
}
