import { Switch, View } from '@tarojs/components'
import { useElderModeSwitch } from '@/hooks/use-profile'
import { chooseElderMode, useSession } from '@/hooks/use-session'
import { ActionButton } from '../action-button'
import { switchLabel } from '../aria'
import { Section } from '../section'
import './index.scss'

/** What elder mode does, said where it is offered and where it is switched. */
const WHAT_IT_DOES = '字更大、颜色更清楚、按钮更好点'

/** The 长辈模式 switch: larger text and buttons everywhere, at once. */
export function ElderModeCard({ elderMode }: { elderMode: boolean }) {
  const { toggle, error, submitting } = useElderModeSwitch()
  return (
    <Section>
      <View className="elder-mode" onClick={() => !submitting && void toggle(!elderMode)}>
        <View className="elder-mode__text">
          <View className="elder-mode__title">长辈模式</View>
          <View className="elder-mode__desc">{WHAT_IT_DOES}</View>
        </View>
        <View
          className="elder-mode__switch"
          // The whole row toggles; the switch itself must not toggle a second time.
          onClick={(e) => e.stopPropagation()}
        >
          <Switch
            className="elder-mode__control"
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

/**
 * The home page's way to elder mode (适老化 asks for one where it is seen at once): first a one-time offer, until
 * the user answers it here or with the switch in 我的; then a plain entry that turns it on and off.
 */
export function ElderModeEntry() {
  const { elderMode, elderModeChosen } = useSession()
  const { toggle, error, submitting } = useElderModeSwitch()
  const failed = error ? <View className="elder-mode__error">{error}</View> : null
  if (!elderMode && !elderModeChosen) {
    return (
      // Keyed apart from the entry: the tap on 不用了 is still bubbling when the entry replaces the offer, and an
      // entry made from the offer's reused box would take that tap as its own.
      <View key="offer" className="elder-offer">
        <View className="elder-mode__title">要打开长辈模式吗？</View>
        <View className="elder-mode__desc">{WHAT_IT_DOES}，在这里或「我的」里随时可以改</View>
        {failed}
        <View className="elder-offer__actions">
          <ActionButton variant="plain" disabled={submitting} onClick={chooseElderMode}>
            不用了
          </ActionButton>
          <ActionButton loading={submitting} onClick={() => void toggle(true)}>
            打开长辈模式
          </ActionButton>
        </View>
      </View>
    )
  }
  return (
    <>
      <View key="entry" className="elder-entry" onClick={() => !submitting && void toggle(!elderMode)}>
        <View className="elder-entry__label">长辈模式</View>
        <View className="elder-entry__state">{elderMode ? '已打开，点这里关闭' : '点这里打开'}</View>
      </View>
      {failed}
    </>
  )
}
