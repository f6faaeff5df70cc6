import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Card } from '@/components/card'
import { Field, TextInput } from '@/components/field'
import { InfoRow } from '@/components/info-row'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { formatCheckInCode } from '@/utils/station'
import { StaffOnly } from '../../components/staff-only'
import { useActivityCheckIn, type ActivityCheckInOutcome } from '../../hooks/use-activity-check-in'
import { useStaffScope } from '../../hooks/use-staff-scope'
import '../../components/check-in-result/index.scss'
import './index.scss'

/** WeChat can scan; the browser build (the demo) cannot, so there the code is typed. */
const CAN_SCAN = process.env.TARO_ENV === 'weapp'

function Outcome({ outcome }: { outcome: ActivityCheckInOutcome }) {
  if (outcome.kind === 'failed') {
    return (
      <Card className="check-in-result check-in-result--failed" role="alert">
        <View className="check-in-result__head">
          <View className="check-in-result__badge">!</View>
          <View className="check-in-result__title">未能签到</View>
        </View>
        <View className="check-in-result__message">{outcome.message}</View>
      </Card>
    )
  }
  const { result } = outcome
  return (
    <Card className="check-in-result check-in-result--done" role="status">
      <View className="check-in-result__head">
        <View className="check-in-result__badge">✓</View>
        <View className="check-in-result__title">签到成功</View>
      </View>
      <InfoRow label="活动" strong>
        {result.activityTitle}
      </InfoRow>
      <InfoRow label="报名人" strong>
        {result.name}
      </InfoRow>
      <InfoRow label="人数" strong>
        {result.partySize}人
      </InfoRow>
    </Card>
  )
}

export default function ActivityCheckInPage() {
  const scope = useStaffScope()
  const checkIn = useActivityCheckIn()
  const [code, setCode] = useState('')
  const submit = async () => {
    const result = await checkIn.run(code)
    if (result?.kind === 'done') setCode('')
  }
  return (
    <PageShell>
      <PageHeader title="活动签到" lead="居民到场后，扫他的活动签到二维码，或输入8位签到码" />
      <StaffOnly scope={scope}>
        {checkIn.outcome ? <Outcome outcome={checkIn.outcome} /> : null}
        <Section>
          {CAN_SCAN ? (
            <ActionButton block className="activity-check-in__scan" onClick={() => void checkIn.scan()}>
              扫码签到
            </ActionButton>
          ) : (
            <View className="activity-check-in__note">网页版不能扫码，请让居民读出签到码，在下面输入。</View>
          )}
          <Field label="签到码" hint={`8位数字，例如 ${formatCheckInCode('12345678')}`}>
            <TextInput
              value={code}
              onChange={setCode}
              type={CAN_SCAN ? 'number' : 'text'}
              maxlength={12}
              placeholder="输入签到码"
              label="签到码"
            />
          </Field>
          <ActionButton
            block
            variant={CAN_SCAN ? 'secondary' : 'primary'}
            loading={checkIn.busy}
            onClick={() => void submit()}
          >
            确认签到
          </ActionButton>
        </Section>
      </StaffOnly>
    </PageShell>
  )
}
