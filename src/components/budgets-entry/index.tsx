import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { ROUTES } from '@/routes'
import { Card } from '../card'
import './index.scss'

const open = () => void Taro.navigateTo({ url: ROUTES.budgets }).catch(() => undefined)

/** The way from the community's 议事 page to 社区微实事: residents propose and vote how the community fund is spent. */
export function BudgetsEntry() {
  return (
    <Card className="budgets-entry" padding="snug" onClick={open} hoverClass="card--pressed">
      <View className="budgets-entry__icon" aria-hidden>
        实
      </View>
      <View className="budgets-entry__text">
        <View className="budgets-entry__title">社区微实事</View>
        <View className="budgets-entry__desc">提项目、投票决定社区的钱办哪些实事，支出全公开</View>
      </View>
      <View className="budgets-entry__go" aria-hidden>
        ›
      </View>
    </Card>
  )
}
