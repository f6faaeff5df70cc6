import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { AsyncState } from '@/hooks/use-async'
import { ROUTES } from '@/routes'
import { PARTY_STATUS_LABELS, type PartyRegistrationDto } from '@/shared/contacts'
import { ActionButton } from '../action-button'
import { Section, Tag } from '../section'
import './index.scss'

const go = (url: string) => () => void Taro.navigateTo({ url }).catch(() => undefined)

/** 我的: the 楼道联系牌 and 党员报到 with its state, for verified residents. */
export function NeighbourhoodCard({ party }: { party: AsyncState<{ registration: PartyRegistrationDto | null }> }) {
  const registration = party.data?.registration ?? null
  const status = registration ? PARTY_STATUS_LABELS[registration.status] : null
  return (
    <Section
      title="邻里联系"
      extra={
        status ? <Tag tone={registration?.status === 'confirmed' ? 'success' : 'warning'}>党员{status}</Tag> : null
      }
    >
      <View className="neighbourhood__note">社区、网格员、楼栋长和本楼党员的电话，有事一点就能打。</View>
      <View className="neighbourhood__actions">
        <ActionButton onClick={go(ROUTES.contacts)}>楼道联系牌</ActionButton>
        <ActionButton variant="secondary" onClick={go(ROUTES.party)}>
          {registration ? '我的党员报到' : '党员报到'}
        </ActionButton>
      </View>
    </Section>
  )
}
