import { useState, type ReactNode } from 'react'
import { Picker, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { Field, SelectBox, TextArea, TextInput } from '@/components/field'
import type { CommunityDto } from '@/shared/identity'
import type { StationDetailDto } from '@/shared/stations'
import { useEditStationForm, useNewStationForm, type StationFormState } from '../../hooks/use-managed-stations'
import { EMPTY_STATION_FORM, stationFormFrom, type StationFormValues } from '../../utils/forms'
import './index.scss'

/** WeChat has a map to pick the station's place on; in the browser build the numbers are typed. */
const CAN_PICK_ON_MAP = process.env.TARO_ENV === 'weapp'

/** Six decimals are about 10 cm: plenty, and short enough to read back. */
const coord = (n: number) => String(Math.round(n * 1e6) / 1e6)

interface FieldsProps {
  form: StationFormState
  initial: StationFormValues
  submitLabel: string
  onCancel: () => void
  /** Above the fields: the community picker of a new station. */
  top?: ReactNode
}

function StationFields({ form, initial, submitLabel, onCancel, top }: FieldsProps) {
  const [values, setValues] = useState(initial)
  const [mapError, setMapError] = useState<string | null>(null)
  const set = (key: keyof StationFormValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }))
  const errors = form.errors

  const pickOnMap = async () => {
    setMapError(null)
    try {
      const lat = Number(values.lat)
      const lng = Number(values.lng)
      const near = values.lat && values.lng && Number.isFinite(lat) && Number.isFinite(lng)
      const place = await Taro.chooseLocation(near ? { latitude: lat, longitude: lng } : {})
      setValues((v) => ({
        ...v,
        lat: coord(place.latitude),
        lng: coord(place.longitude),
        // The map's address fills an empty box, never overwrites what staff wrote.
        address: v.address.trim() ? v.address : (place.address || place.name || '').slice(0, 100),
      }))
    } catch (e) {
      const errMsg = String((e as { errMsg?: string } | null)?.errMsg ?? '')
      if (!/cancel/i.test(errMsg)) setMapError('没能打开地图，请检查是否允许了位置权限，或直接填写经纬度')
    }
  }

  return (
    <View className="station-form">
      {top}
      <Field label="驿站名称" error={errors.name} hint="2-40个字，例如：阳光社区党群服务驿站">
        <TextInput value={values.name} onChange={set('name')} maxlength={40} placeholder="驿站的名称" />
      </Field>
      <Field label="地址" error={errors.address} hint="居民按这个地址找过来">
        <TextInput
          value={values.address}
          onChange={set('address')}
          maxlength={100}
          placeholder="例如：阳光路18号一楼"
        />
      </Field>
      <Field label="位置（纬度、经度）" error={errors.lat ?? errors.lng ?? mapError}>
        {CAN_PICK_ON_MAP ? (
          <ActionButton block variant="secondary" className="station-form__map" onClick={() => void pickOnMap()}>
            在地图上选点
          </ActionButton>
        ) : null}
        <View className="station-form__coords">
          <View className="station-form__coord">
            <TextInput value={values.lat} onChange={set('lat')} maxlength={14} placeholder="纬度" />
          </View>
          <View className="station-form__coord">
            <TextInput value={values.lng} onChange={set('lng')} maxlength={14} placeholder="经度" />
          </View>
        </View>
        {!errors.lat && !errors.lng && !mapError ? (
          <View className="field__hint">
            {CAN_PICK_ON_MAP ? '在地图上选，或直接填写，' : '可在地图软件里查到，'}例如 30.27415 和 120.15515
          </View>
        ) : null}
      </Field>
      <Field label="联系电话（选填）" error={errors.phone}>
        <TextInput value={values.phone} onChange={set('phone')} maxlength={20} placeholder="例如：0571-88001234" />
      </Field>
      <Field label="简介（选填）" error={errors.intro}>
        <TextArea
          value={values.intro}
          onChange={set('intro')}
          maxlength={500}
          placeholder="提供哪些服务、有什么要带的，居民在驿站页面会看到"
        />
      </Field>
      {form.error ? <View className="station-form__error">{form.error}</View> : null}
      <View className="station-form__actions">
        <ActionButton variant="plain" disabled={form.submitting} onClick={onCancel}>
          取消
        </ActionButton>
        <ActionButton loading={form.submitting} onClick={() => form.save(values)}>
          {submitLabel}
        </ActionButton>
      </View>
    </View>
  )
}

interface NewProps {
  communities: readonly CommunityDto[]
  onSaved: (station: StationDetailDto) => void
  onCancel: () => void
}

/** 新增驿站: in the user's community, chosen first when they work for more than one. */
export function NewStationForm({ communities, onSaved, onCancel }: NewProps) {
  const [communityId, setCommunityId] = useState(communities[0]?.id ?? '')
  const form = useNewStationForm(communityId, onSaved)
  const chosen = communities.find((c) => c.id === communityId)
  const picker =
    communities.length > 1 ? (
      <Field label="所属社区">
        <Picker
          mode="selector"
          range={communities.map((c) => c.name)}
          value={Math.max(
            0,
            communities.findIndex((c) => c.id === communityId),
          )}
          onChange={(e) => setCommunityId(communities[Number(e.detail.value)]?.id ?? communityId)}
        >
          <SelectBox text={chosen?.name} placeholder="点这里选择社区" />
        </Picker>
      </Field>
    ) : null
  return (
    <StationFields form={form} initial={EMPTY_STATION_FORM} submitLabel="添加驿站" onCancel={onCancel} top={picker} />
  )
}

interface EditProps {
  station: StationDetailDto
  onSaved: (station: StationDetailDto) => void
  onCancel: () => void
}

export function EditStationForm({ station, onSaved, onCancel }: EditProps) {
  const form = useEditStationForm(station, onSaved)
  return <StationFields form={form} initial={stationFormFrom(station)} submitLabel="保存" onCancel={onCancel} />
}
