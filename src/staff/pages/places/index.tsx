import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { control } from '@/components/aria'
import { Field, TextInput } from '@/components/field'
import { FilterChips } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent, EmptyState, MoreFooter } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useSubmit } from '@/hooks/use-submit'
import { createBuilding, createGrid, createHousehold } from '@/services/places'
import type { HouseholdDto } from '@/shared/places'
import { HouseholdImport } from '../../components/household-import'
import { StaffOnly } from '../../components/staff-only'
import { useDoorCodes, useHouseholds, usePlaces } from '../../hooks/use-places'
import { useStaffScope } from '../../hooks/use-staff-scope'
import './index.scss'

const ALL = ''
const placeOf = (x: HouseholdDto) => [x.building, x.unit, x.room].filter(Boolean).join(' ')

/** 小区管理: a community's grids, buildings and households, added one by one or imported from a table. */
export default function PlacesPage() {
  const scope = useStaffScope()
  const [chosen, setChosen] = useState<string | null>(null)
  const community = scope.communities.find((c) => c.id === chosen) ?? scope.communities[0] ?? null
  const communityId = community?.id ?? null
  const places = usePlaces(communityId)
  const [building, setBuilding] = useState(ALL)
  const households = useHouseholds(communityId, building || null)
  const doorCodes = useDoorCodes()
  const reloadAll = async () => {
    await Promise.all([places.reload(), households.reload()])
  }
  usePullRefresh(async () => {
    await scope.reload()
    await reloadAll()
  })

  return (
    <PageShell>
      <PageHeader title="小区管理" lead="网格、楼栋和住户。居民申请认证时按这里登记的楼栋和房号核对" />
      <StaffOnly scope={scope}>
        {scope.communities.length > 1 ? (
          <FilterChips
            chips={scope.communities.map((c) => ({ value: c.id, label: c.name }))}
            value={communityId ?? ''}
            onChange={(id) => {
              setChosen(id)
              setBuilding(ALL)
            }}
          />
        ) : null}
        {communityId ? (
          // Shown while loading only the first time: a reload after an add keeps the forms and the import's report.
          <AsyncContent
            loading={places.loading && !places.ready}
            error={places.error}
            onRetry={() => void places.reload()}
          >
            <Section title={`网格（${places.grids.length}）`}>
              {places.grids.map((g) => (
                <View key={g.id} className="places__row">
                  <View className="places__name">{g.name}</View>
                  <View className="places__meta">{g.buildingCount} 栋楼</View>
                </View>
              ))}
              <NameForm
                label="新网格名称"
                placeholder="例如 第二网格"
                send={(name, key) => createGrid(communityId, { name }, key)}
                onDone={() => void places.reload()}
              />
            </Section>
            <Section title={`楼栋（${places.buildings.length}）`}>
              {places.buildings.map((b) => (
                <View key={b.id} className="places__row">
                  <View className="places__name">{b.name}</View>
                  <View className="places__meta">
                    {b.gridName ?? '未分网格'} · {b.householdCount} 户
                  </View>
                </View>
              ))}
              <BuildingForm communityId={communityId} grids={places.grids} onDone={() => void places.reload()} />
            </Section>
            <Section title="添加一户">
              <HouseholdForm communityId={communityId} onDone={() => void reloadAll()} />
            </Section>
            <Section title="批量导入">
              <HouseholdImport communityId={communityId} onImported={() => void reloadAll()} />
            </Section>
            <Section title="住户">
              <FilterChips
                chips={[
                  { value: ALL, label: '全部楼栋' },
                  ...places.buildings.map((b) => ({ value: b.name, label: b.name })),
                ]}
                value={building}
                onChange={setBuilding}
              />
              <AsyncContent
                loading={households.loading}
                error={households.error}
                onRetry={() => void households.reload()}
              >
                {households.items.length === 0 ? (
                  <EmptyState icon="户" title="还没有登记住户" description="在上面逐户添加，或批量导入表格。" />
                ) : (
                  households.items.map((x) => (
                    <View key={x.id} className="places__row">
                      <View className="places__info">
                        <View className="places__name">{placeOf(x)}</View>
                        <View className="places__meta">
                          {x.areaM2 === null ? '面积未填' : `${x.areaM2} 平方米`} · {x.memberCount} 人已认证
                        </View>
                        {doorCodes.errors[x.id] ? (
                          <View className="places__error">{doorCodes.errors[x.id]}</View>
                        ) : null}
                      </View>
                      {doorCodes.codes[x.id] ? (
                        <View className="places__code" aria-label={`门牌认证码 ${doorCodes.codes[x.id]}`}>
                          {doorCodes.codes[x.id]}
                        </View>
                      ) : (
                        <View
                          className="places__link"
                          {...control('button', `查看${placeOf(x)}的门牌认证码`)}
                          onClick={() => void doorCodes.reveal(x.id)}
                        >
                          门牌码
                        </View>
                      )}
                    </View>
                  ))
                )}
                <MoreFooter list={households} idle="加载更多住户" end="" />
              </AsyncContent>
            </Section>
          </AsyncContent>
        ) : null}
      </StaffOnly>
    </PageShell>
  )
}

function NameForm(props: {
  label: string
  placeholder: string
  send: (name: string, key: string) => Promise<unknown>
  onDone: () => void
}) {
  const [name, setName] = useState('')
  const form = useSubmit(props.send, {
    validate: (value) => (value.trim() ? null : `请填写${props.label}`),
    onSuccess: () => {
      setName('')
      props.onDone()
    },
  })
  return (
    <View className="places__form">
      <Field label={props.label} error={form.error}>
        <TextInput value={name} onChange={setName} placeholder={props.placeholder} maxlength={30} label={props.label} />
      </Field>
      <ActionButton block variant="secondary" loading={form.submitting} onClick={() => void form.submit(name)}>
        添加
      </ActionButton>
    </View>
  )
}

function BuildingForm(props: { communityId: string; grids: { id: string; name: string }[]; onDone: () => void }) {
  const [name, setName] = useState('')
  const [gridId, setGridId] = useState(ALL)
  const form = useSubmit(
    (input: { name: string; gridId?: string }, key: string) => createBuilding(props.communityId, input, key),
    {
      validate: (input) => (input.name.trim() ? null : '请填写楼栋名称'),
      onSuccess: () => {
        setName('')
        props.onDone()
      },
    },
  )
  return (
    <View className="places__form">
      <Field label="新楼栋名称" error={form.error}>
        <TextInput value={name} onChange={setName} placeholder="例如 5号楼" maxlength={30} label="新楼栋名称" />
      </Field>
      {props.grids.length ? (
        <Field label="所属网格">
          <FilterChips
            chips={[{ value: ALL, label: '不分网格' }, ...props.grids.map((g) => ({ value: g.id, label: g.name }))]}
            value={gridId}
            onChange={setGridId}
          />
        </Field>
      ) : null}
      <ActionButton
        block
        variant="secondary"
        loading={form.submitting}
        onClick={() => void form.submit({ name, ...(gridId ? { gridId } : {}) })}
      >
        添加
      </ActionButton>
    </View>
  )
}

function HouseholdForm({ communityId, onDone }: { communityId: string; onDone: () => void }) {
  const [fields, setFields] = useState({ building: '', unit: '', room: '', area: '' })
  const set = (name: keyof typeof fields) => (value: string) => setFields((f) => ({ ...f, [name]: value }))
  const form = useSubmit(
    (f: typeof fields, key: string) =>
      createHousehold(
        communityId,
        {
          building: f.building,
          room: f.room,
          ...(f.unit.trim() ? { unit: f.unit } : {}),
          ...(f.area.trim() ? { areaM2: Number(f.area) } : {}),
        },
        key,
      ),
    {
      validate: (f) =>
        !f.building.trim()
          ? '请填写楼栋'
          : !f.room.trim()
            ? '请填写房号'
            : f.area.trim() && !(Number(f.area) > 0)
              ? '面积应为大于0的数字，例如 89.5'
              : null,
      onSuccess: () => {
        setFields((f) => ({ ...f, room: '', area: '' }))
        onDone()
      },
    },
  )
  return (
    <View className="places__form">
      <View className="places__grid">
        <Field label="楼栋">
          <TextInput
            value={fields.building}
            onChange={set('building')}
            placeholder="3号楼"
            maxlength={30}
            label="楼栋"
          />
        </Field>
        <Field label="单元（可空）">
          <TextInput value={fields.unit} onChange={set('unit')} placeholder="1单元" maxlength={10} label="单元" />
        </Field>
        <Field label="房号">
          <TextInput value={fields.room} onChange={set('room')} placeholder="101" maxlength={10} label="房号" />
        </Field>
        <Field label="面积㎡（可空）">
          <TextInput value={fields.area} onChange={set('area')} placeholder="89.5" maxlength={9} label="面积，平方米" />
        </Field>
      </View>
      {form.error ? <View className="places__error">{form.error}</View> : null}
      <ActionButton block loading={form.submitting} onClick={() => void form.submit(fields)}>
        添加这一户
      </ActionButton>
    </View>
  )
}
