import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import { patchServiceSchema, type CreateServiceInput, type PatchServiceInput, type ServiceDto } from '@/shared/stations'
import { useSubmit } from '@/hooks/use-submit'
import * as api from '@/services/stations'
import { firstIssue } from '@/utils/validation'
import {
  checkNewService,
  checkServiceChanges,
  type ServiceCheck,
  type ServiceErrors,
  type ServiceFormValues,
} from '../utils/forms'

const NO_ERRORS: ServiceErrors = { fields: {}, rows: {} }

/**
 * 服务设置: a new service of a station, or the changes to one. Checked with the shared schemas (so the messages are
 * the server's); after saving, back to the station.
 */
export function useServiceForm(stationId: string, service: ServiceDto | null) {
  const [errors, setErrors] = useState<ServiceErrors>(NO_ERRORS)
  const [invalid, setInvalid] = useState<string | null>(null)

  const afterSave = useCallback((title: string) => {
    void Taro.showToast({ title, icon: 'success' })
    // Give the toast a moment; the station page reloads when it shows again.
    setTimeout(() => void Taro.navigateBack().catch(() => undefined), 600)
  }, [])

  const create = useSubmit(
    useCallback((input: CreateServiceInput, key: string) => api.createService(stationId, input, key), [stationId]),
    { onSuccess: useCallback(() => afterSave('已添加服务'), [afterSave]) },
  )
  const update = useSubmit(
    useCallback(
      (input: PatchServiceInput, key: string) => api.updateService(service?.id ?? '', input, key),
      [service?.id],
    ),
    { onSuccess: useCallback(() => afterSave('已保存'), [afterSave]) },
  )

  const { submit: runCreate } = create
  const { submit: runUpdate } = update
  /** Shows the form's messages; the input when it passed. */
  const accept = useCallback(<T>(checked: ServiceCheck<T>): T | null => {
    setErrors(checked.ok ? NO_ERRORS : checked.errors)
    setInvalid(checked.ok ? null : '请按红字提示修改后再保存')
    return checked.ok ? checked.input : null
  }, [])

  const save = useCallback(
    (values: ServiceFormValues) => {
      if (!service) {
        const input = accept(checkNewService(values))
        if (input) void runCreate(input)
        return
      }
      const input = accept(checkServiceChanges(service, values))
      if (!input) return
      if (Object.keys(input).length === 0) setInvalid(firstIssue(patchServiceSchema, {}))
      else void runUpdate(input)
    },
    [service, accept, runCreate, runUpdate],
  )

  const current = service ? update : create
  return { save, errors, submitting: current.submitting, error: invalid ?? current.error }
}
