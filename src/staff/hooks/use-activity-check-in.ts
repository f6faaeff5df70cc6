import { useCallback, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { checkInActivity } from '@/services/activities'
import { toApiError } from '@/services/http'
import type { ActivityCheckInResultDto } from '@/shared/activities'
import { codeFromText } from '../utils/check-in'

export type ActivityCheckInOutcome =
  { kind: 'done'; result: ActivityCheckInResultDto } | { kind: 'failed'; code: string; message: string }

/** Checks activity sign-ups in by their code (typed or scanned), each code its own keyed action. */
export function useActivityCheckIn() {
  const actions = useKeyedActions()
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<ActivityCheckInOutcome | null>(null)
  const busyRef = useRef(false)

  const run = useCallback(
    async (raw: string): Promise<ActivityCheckInOutcome | null> => {
      if (busyRef.current) return null
      const code = codeFromText(raw)
      if (!code) {
        const failed = { kind: 'failed' as const, code: raw, message: '签到码是8位数字，请核对后重新输入' }
        setOutcome(failed)
        return failed
      }
      busyRef.current = true
      setBusy(true)
      let next: ActivityCheckInOutcome
      try {
        next = { kind: 'done', result: await actions.run(code, code, (key) => checkInActivity(code, key)) }
      } catch (e) {
        next = { kind: 'failed', code, message: toApiError(e).message }
      } finally {
        busyRef.current = false
        setBusy(false)
      }
      setOutcome(next)
      return next
    },
    [actions],
  )

  /** Opens the camera (WeChat only); closing it is not an error. */
  const scan = useCallback(async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] })
      return run(res.result ?? '')
    } catch (e) {
      if (/cancel/i.test(String((e as { errMsg?: string } | null)?.errMsg ?? ''))) return null
      const failed = { kind: 'failed' as const, code: '', message: '没能打开扫码，请检查相机权限，或直接输入8位签到码' }
      setOutcome(failed)
      return failed
    }
  }, [run])

  return { busy, outcome, run, scan }
}
