import { useCallback, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { checkInSchema, type StaffBookingDto } from '@/shared/stations'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { toApiError } from '@/services/http'
import { checkIn } from '@/services/stations'
import { firstIssue } from '@/utils/validation'
import { codeFromText, wasCheckedInBefore } from '../utils/check-in'

export type CheckInOutcome =
  { kind: 'done'; booking: StaffBookingDto; repeat: boolean } | { kind: 'failed'; code: string; message: string }

/**
 * Checks bookings in by their code, one at a time. Each code is its own action (useKeyedActions): a retry after a
 * lost answer reuses its Idempotency-Key, while a refusal from the server ends the action, so the same code can be
 * tried again later (a "too early" refusal would be replayed for as long as its key were reused).
 */
export function useCheckIn() {
  const actions = useKeyedActions()
  const [busy, setBusy] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<CheckInOutcome | null>(null)
  const busyRef = useRef(false)

  const run = useCallback(
    async (rawCode: string): Promise<CheckInOutcome | null> => {
      if (busyRef.current) return null
      const invalid = firstIssue(checkInSchema, { code: rawCode })
      if (invalid) {
        const failed: CheckInOutcome = { kind: 'failed', code: rawCode, message: invalid }
        setOutcome(failed)
        return failed
      }
      const code = rawCode.replace(/\s+/g, '')
      busyRef.current = true
      setBusy(code)
      const sentAt = Date.now()
      let result: CheckInOutcome
      try {
        const booking = await actions.run(code, code, (key) => checkIn(code, key))
        result = { kind: 'done', booking, repeat: wasCheckedInBefore(booking, sentAt) }
      } catch (e) {
        result = { kind: 'failed', code, message: toApiError(e).message }
      } finally {
        busyRef.current = false
        setBusy(null)
      }
      setOutcome(result)
      return result
    },
    [actions],
  )

  /**
   * Opens the camera (WeChat only). The QR code of a booking holds its 8 digits. Closing the camera is not an error.
   */
  const scan = useCallback(async () => {
    let text: string
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] })
      text = res.result ?? ''
    } catch (e) {
      const errMsg = String((e as { errMsg?: string } | null)?.errMsg ?? '')
      if (/cancel/i.test(errMsg)) return null
      const failed: CheckInOutcome = {
        kind: 'failed',
        code: '',
        message: '没能打开扫码，请检查是否允许了相机权限，或直接输入8位签到码',
      }
      setOutcome(failed)
      return failed
    }
    const code = codeFromText(text)
    if (!code) {
      const failed: CheckInOutcome = {
        kind: 'failed',
        code: '',
        message: '这不是驿站预约的签到码，请让居民打开"我的预约"里的二维码，或直接输入8位签到码',
      }
      setOutcome(failed)
      return failed
    }
    return run(code)
  }, [run])

  return { busy, outcome, run, scan, clear: useCallback(() => setOutcome(null), []) }
}
