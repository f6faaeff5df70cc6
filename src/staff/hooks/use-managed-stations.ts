import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import { ERROR_MESSAGES } from '@/shared/errors'
import type { CommunityDto } from '@/shared/identity'
import {
  createClosureSchema,
  patchStationSchema,
  shanghaiDate,
  type ClosureResultDto,
  type CreateClosureInput,
  type CreateStationInput,
  type PatchStationInput,
  type StationDetailDto,
  type StationSummaryDto,
} from '@/shared/stations'
import { useAsync } from '@/hooks/use-async'
import { useSubmit } from '@/hooks/use-submit'
import { toApiError } from '@/services/http'
import * as api from '@/services/stations'
import { formatDateWithWeekday } from '@/utils/station'
import { fieldIssues, firstIssue } from '@/utils/validation'
import { confirmAction } from '@/utils/confirm'
import {
  checkNewStation,
  checkStationChanges,
  type StationCheck,
  type StationErrors,
  type StationFormValues,
} from '../utils/forms'

const PAGE_LIMIT = 50
const MAX_PAGES = 4

async function stationsOf(communityId: string): Promise<StationSummaryDto[]> {
  const items: StationSummaryDto[] = []
  let cursor: string | undefined
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await api.listStations({ communityId, limit: PAGE_LIMIT, cursor })
    items.push(...page.items)
    if (!page.nextCursor) break
    cursor = page.nextCursor
  }
  return items
}

/** The stations of the user's communities, inactive ones included (the server shows those to their staff). */
export function useManagedStations(communities: readonly CommunityDto[], enabled: boolean) {
  const ids = communities.map((c) => c.id)
  const state = useAsync(
    async () => (await Promise.all(ids.map(stationsOf))).flat(),
    [ids.join(',')],
    enabled && ids.length > 0,
  )
  return { ...state, stations: state.data ?? [], loading: state.loading && !state.data }
}

export function useStation(id: string | null) {
  const state = useAsync(() => api.getStation(id ?? ''), [id], Boolean(id))
  return { ...state, station: state.data ?? null, loading: state.loading && !state.data }
}

export interface StationFormState {
  /** Checks the form with the shared schemas and, when it passes, sends it. */
  save: (values: StationFormValues) => void
  submitting: boolean
  /** The line under the form: 请按红字提示修改, or the server's message. */
  error: string | null
  /** One message per box. */
  errors: StationErrors
}

/** What the two station forms share: the per-box messages and the line under the form. */
function useFormMessages() {
  const [errors, setErrors] = useState<StationErrors>({})
  const [invalid, setInvalid] = useState<string | null>(null)
  const accept = useCallback(<T>(checked: StationCheck<T>): T | null => {
    setErrors(checked.ok ? {} : checked.errors)
    setInvalid(checked.ok ? null : '请按红字提示修改后再保存')
    return checked.ok ? checked.input : null
  }, [])
  return { errors, invalid, setInvalid, accept }
}

/** 新增驿站 in one of the user's communities. */
export function useNewStationForm(communityId: string, onSaved: (station: StationDetailDto) => void): StationFormState {
  const messages = useFormMessages()
  const send = useCallback((input: CreateStationInput, key: string) => api.createStation(input, key), [])
  const onSuccess = useCallback(
    (saved: StationDetailDto) => {
      void Taro.showToast({ title: '已添加驿站', icon: 'success' })
      onSaved(saved)
    },
    [onSaved],
  )
  const submit = useSubmit(send, { onSuccess })
  const { accept } = messages
  const { submit: run } = submit
  const save = useCallback(
    (values: StationFormValues) => {
      const input = accept(checkNewStation(communityId, values))
      if (input) void run(input)
    },
    [accept, run, communityId],
  )
  return { save, submitting: submit.submitting, error: messages.invalid ?? submit.error, errors: messages.errors }
}

/** 编辑驿站: only the changed fields are sent. */
export function useEditStationForm(
  station: StationDetailDto,
  onSaved: (station: StationDetailDto) => void,
): StationFormState {
  const messages = useFormMessages()
  const send = useCallback(
    (input: PatchStationInput, key: string) => api.updateStation(station.id, input, key),
    [station.id],
  )
  const onSuccess = useCallback(
    (saved: StationDetailDto) => {
      void Taro.showToast({ title: '已保存', icon: 'success' })
      onSaved(saved)
    },
    [onSaved],
  )
  const submit = useSubmit(send, { onSuccess })
  const { accept, setInvalid } = messages
  const { submit: run } = submit
  const save = useCallback(
    (values: StationFormValues) => {
      const input = accept(checkStationChanges(station, values))
      if (!input) return
      if (Object.keys(input).length === 0) setInvalid(firstIssue(patchStationSchema, {}))
      else void run(input)
    },
    [accept, setInvalid, run, station],
  )
  return { save, submitting: submit.submitting, error: messages.invalid ?? submit.error, errors: messages.errors }
}

/** 停用 / 重新启用 a station, after saying what it means for residents. */
export function useStationActivation(onDone: (station: StationDetailDto) => void) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const setActive = useCallback(
    async (station: StationDetailDto, active: boolean) => {
      if (busy) return
      const confirmed = await confirmAction({
        title: active ? '重新启用驿站' : '停用驿站',
        content: active
          ? `启用后居民又能看到「${station.name}」并预约它的服务。`
          : `停用后居民在驿站列表里看不到「${station.name}」，也不能再预约；已有的预约仍然有效，如当天不开放请设置闭站。`,
        confirmText: active ? '启用' : '停用',
        danger: !active,
      })
      if (!confirmed) return
      setBusy(true)
      setError(null)
      try {
        // Setting a flag is naturally repeatable, so no key is kept across attempts.
        const saved = await api.updateStation(station.id, { active })
        void Taro.showToast({ title: active ? '已启用' : '已停用', icon: 'success' })
        onDone(saved)
      } catch (e) {
        setError(toApiError(e).message)
      } finally {
        setBusy(false)
      }
    },
    [busy, onDone],
  )
  return { busy, error, setActive }
}

export type ClosureErrors = Partial<Record<keyof CreateClosureInput, string>>

/** 设置闭站: asks first, since that day's bookings are cancelled and their holders notified. */
export function useClosureForm(stationId: string, onClosed: (result: ClosureResultDto) => void) {
  const [errors, setErrors] = useState<ClosureErrors>({})

  const validate = useCallback((input: CreateClosureInput) => {
    const issues = fieldIssues<keyof CreateClosureInput>(createClosureSchema, input)
    if (!issues.date && input.date < shanghaiDate(new Date())) issues.date = ERROR_MESSAGES.DATE_IN_PAST
    setErrors(issues)
    return Object.keys(issues).length ? '请按红字提示修改后再提交' : null
  }, [])
  const send = useCallback(
    (input: CreateClosureInput, key: string) =>
      api.closeStation(stationId, { date: input.date, reason: input.reason.trim() }, key),
    [stationId],
  )
  const submit = useSubmit(send, { validate, onSuccess: onClosed })
  const { submit: run } = submit

  /** Checks the form, then asks, then closes. */
  const close = useCallback(
    async (input: CreateClosureInput) => {
      // An invalid form goes straight to useSubmit, which shows why.
      if (validate(input)) return run(input)
      const confirmed = await confirmAction({
        title: '确认闭站',
        content: `${formatDateWithWeekday(input.date)}闭站后，这一天已有的预约会全部取消，并通知预约的居民。确定闭站吗？`,
        confirmText: '确定闭站',
        danger: true,
      })
      return confirmed ? run(input) : false
    },
    [validate, run],
  )

  return { close, submitting: submit.submitting, error: submit.error, errors }
}
