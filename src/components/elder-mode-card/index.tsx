import { Switch, View } from '@tarojs/components'
import { useElderModeSwitch } from '@/hooks/use-profile'
import { switchLabel } from '../aria'
import { Section } from '../section'
import './index.scss'

/** The 长辈模式 switch: larger text and buttons everywhere, at once. */
export function ElderModeCard({ elderMode }: { elderMode: boolean }) {
  const { toggle, error, submitting } = useElderModeSwitch()
  return (
    <Section>
      <View className="elder-mode" onClick={() => !submitting && void toggle(!elderMode)}>
        <View className="elder-mode__text">
          <View className="elder-mode__title">长辈模式</View>
          <View className="elder-mode__desc">字更大、颜色更清楚、按钮更好点</View>
        </View>
        <View
          className="elder-mode__switch"
          // The whole row toggles; the switch itself must not toggle a second time.
          onClick={(e) => e.stopPropagation()}
        >
          <Switch
            checked={elderMode}
            disabled={submitting}
            color="#c8412f"
            {...switchLabel('长辈模式')}
            onChange={(e) => void toggle(e.detail.value)}
          />
        </View>
      </View>
      {error ? <View className="elder-mode__error">{error}</View> : null}
    </Section>
  )
}
