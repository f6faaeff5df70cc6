import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Field, TextInput } from '@/components/field'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { CheckInResult } from '../../components/check-in-result'
import { StaffOnly } from '../../components/staff-only'
import { useCheckIn } from '../../hooks/use-check-in'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { openStationBookings } from '../../utils/navigation'
import { control } from '@/components/aria'
import './index.scss'

/** WeChat can scan; the browser build (the demo) cannot, so there the code is typed. */
const CAN_SCAN = process.env.TARO_ENV === 'weapp'

export default function CheckInPage() {
  const scope = useStaffScope()
  const checkIn = useCheckIn()
  const [code, setCode] = useState('')
  const { outcome } = checkIn

  const submit = async () => {
    const result = await checkIn.run(code)
    // A checked-in code is done with: the box is ready for the next resident.
    if (result?.kind === 'done') setCode('')
  }

  return (
    <PageShell>
      <PageHeader title="预约签到" lead="居民到站后，扫他的签到二维码，或输入8位签到码" />
      <StaffOnly scope={scope}>
        {/* On top, where the eye is after scanning; the form stays below for the next resident. */}
        {outcome ? <CheckInResult outcome={outcome} /> : null}
        <Section>
          {CAN_SCAN ? (
            <ActionButton block className="check-in__scan" onClick={() => void checkIn.scan()}>
              扫码签到
            </ActionButton>
          ) : (
            <View className="check-in__note">网页版不能扫码，请让居民读出签到码，在下面输入。</View>
          )}
          <Field label="签到码" hint={'8位数字，可以带空格，例如 1234\u00a05678'}>
            <TextInput
              value={code}
              onChange={setCode}
              // The number pad on phones; in the browser a text box, so "1234 5678" can be typed as read out.
              type={CAN_SCAN ? 'number' : 'text'}
              maxlength={12}
              placeholder="输入签到码"
            />
          </Field>
          <ActionButton
            block
            variant={CAN_SCAN ? 'secondary' : 'primary'}
            loading={checkIn.busy !== null}
            onClick={() => void submit()}
          >
            确认签到
          </ActionButton>
        </Section>
        <View className="check-in__link" {...control()} onClick={() => openStationBookings()}>
          查看今天的预约名单 ›
        </View>
      </StaffOnly>
    </PageShell>
  )
}
