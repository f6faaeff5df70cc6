import { useState } from 'react'
import { Switch, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { switchLabel } from '@/components/aria'
import { Field, TextInput } from '@/components/field'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import type { ServiceDto } from '@/shared/stations'
import { ScheduleEditor } from '../../components/schedule-editor'
import { StaffOnly } from '../../components/staff-only'
import { useStation } from '../../hooks/use-managed-stations'
import { useServiceForm } from '../../hooks/use-service-form'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { newServiceForm, serviceFormFrom, type ServiceField, type ServiceFormValues } from '../../utils/forms'
import { rowsFromSchedule } from '../../utils/schedule'
import './index.scss'

/**
 * The number fields, each a short box with its unit after it ("[ 30 ] 分钟"); `name` is what a screen reader calls
 * the box, which has no placeholder to say it.
 */
const NUMBER_FIELDS: {
  key: Exclude<ServiceField, 'name'>
  label: string
  hint: string
  unit: string
  maxlength: number
  name: string
}[] = [
  {
    key: 'slotMinutes',
    label: '每个时段多长',
    hint: '10-240分钟，例如 30',
    unit: '分钟',
    maxlength: 3,
    name: '每个时段多少分钟',
  },
  { key: 'capacity', label: '每个时段可约', hint: '1-200位', unit: '位', maxlength: 3, name: '每个时段可约几位' },
  {
    key: 'bookingWindowDays',
    label: '可以提前几天预约',
    hint: '1-30天，含当天；一般为7天',
    unit: '天',
    maxlength: 2,
    name: '可以提前几天预约',
  },
  {
    key: 'cancelCutoffMinutes',
    label: '开始前多久停止取消',
    hint: '0-1440分钟；一般为60，填0表示开始前都可以取消',
    unit: '分钟',
    maxlength: 4,
    name: '开始前多少分钟截止取消',
  },
]

interface FormProps {
  stationId: string
  service: ServiceDto | null
}

function ServiceForm({ stationId, service }: FormProps) {
  const form = useServiceForm(stationId, service)
  const [values, setValues] = useState<ServiceFormValues>(() =>
    service ? serviceFormFrom(service, rowsFromSchedule(service.schedule)) : newServiceForm(),
  )
  const set = (key: keyof ServiceFormValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }))
  const { fields } = form.errors

  return (
    <View>
      <Section>
        <Field label="服务名称" error={fields.name} hint="2-30个字，例如：健康咨询">
          <TextInput value={values.name} onChange={set('name')} maxlength={30} placeholder="服务的名称" />
        </Field>
        {NUMBER_FIELDS.map((f) => (
          <Field key={f.key} label={f.label} error={fields[f.key]} hint={f.hint}>
            <View className="number-box">
              <View className="number-box__input">
                <TextInput
                  value={values[f.key]}
                  onChange={set(f.key)}
                  type="number"
                  maxlength={f.maxlength}
                  label={f.name}
                />
              </View>
              <View className="number-box__unit">{f.unit}</View>
            </View>
          </Field>
        ))}
      </Section>

      <Section title="每周服务时段">
        <View className="service-edit__hint">同一天可以有几个时段（如上午、下午各一段），但不能重叠。</View>
        <ScheduleEditor
          rows={values.rows}
          onChange={(rows) => setValues((v) => ({ ...v, rows }))}
          errors={form.errors.rows}
        />
        {form.errors.schedule ? <View className="service-edit__error">{form.errors.schedule}</View> : null}
      </Section>

      {service ? (
        <Section>
          <View className="service-edit__switch" onClick={() => setValues((v) => ({ ...v, active: !v.active }))}>
            <View className="service-edit__switch-text">
              <View className="service-edit__switch-title">{values.active ? '服务开放中' : '服务已暂停'}</View>
              <View className="service-edit__switch-desc">暂停后居民不能再预约这个服务，已有的预约仍然有效</View>
            </View>
            <View onClick={(e) => e.stopPropagation()}>
              <Switch
                checked={values.active}
                color="#c8412f"
                {...switchLabel('开放这个服务')}
                onChange={(e) => setValues((v) => ({ ...v, active: e.detail.value }))}
              />
            </View>
          </View>
        </Section>
      ) : null}

      {form.error ? <View className="service-edit__error service-edit__error--form">{form.error}</View> : null}
      <ActionButton block loading={form.submitting} onClick={() => form.save(values)}>
        {service ? '保存修改' : '添加服务'}
      </ActionButton>
    </View>
  )
}

export default function ServiceEditPage() {
  const { stationId = '', serviceId } = useRouter().params
  const scope = useStaffScope()
  const detail = useStation(stationId || null)
  const { station } = detail
  const service = serviceId ? (station?.services.find((s) => s.id === serviceId) ?? null) : null

  // The form starts from the service as loaded and keeps what is typed across reloads; another service starts afresh.
  const formKey = station ? `${station.id}:${service?.id ?? 'new'}` : ''

  return (
    <PageShell>
      <PageHeader
        title={serviceId ? '编辑服务' : '新增服务'}
        lead={station ? station.name : '设置服务的时段、名额和预约规则'}
      />
      <StaffOnly scope={scope}>
        {!stationId ? (
          <EmptyState icon="!" title="没有指定驿站" description="请从「驿站管理」里选择驿站后再添加或编辑服务。" />
        ) : (
          <AsyncContent loading={detail.loading} error={detail.error} onRetry={() => void detail.reload()}>
            {!station ? null : !station.canManage ? (
              <EmptyState
                icon="!"
                title="这个驿站不归您管理"
                description="只有驿站所在社区的工作人员可以修改它的服务。"
              />
            ) : serviceId && !service ? (
              <EmptyState icon="?" title="没有找到这个服务" description="它可能已被修改，请返回驿站管理后重新打开。" />
            ) : (
              <ServiceForm key={formKey} stationId={station.id} service={service} />
            )}
          </AsyncContent>
        )}
      </StaffOnly>
    </PageShell>
  )
}
