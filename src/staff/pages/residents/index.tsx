import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { choice } from '@/components/aria'
import { Field, TextInput } from '@/components/field'
import { FilterChips } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section, Tag } from '@/components/section'
import { AsyncContent, EmptyState, MoreFooter } from '@/components/state-views'
import { useAsync } from '@/hooks/use-async'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { usePagedList } from '@/hooks/use-paged-list'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useSubmit } from '@/hooks/use-submit'
import * as party from '@/services/contacts'
import { toApiError } from '@/services/http'
import * as proxy from '@/services/proxy'
import { BUILDING_MAX, REAL_NAME_MAX } from '@/shared/identity'
import {
  ROOM_MAX,
  UNIT_MAX,
  createProxyResidentSchema,
  type CreateProxyResidentInput,
  type ProxyResidentDto,
} from '@/shared/proxy'
import { openStationFor, openWishFormFor } from '@/utils/acting-for'
import { formatPhone } from '@/utils/format'
import { fieldIssues } from '@/utils/validation'
import { StaffOnly } from '../../components/staff-only'
import { useManagedStations } from '../../hooks/use-managed-stations'
import { useStaffScope } from '../../hooks/use-staff-scope'
import './index.scss'

const EMPTY = { realName: '', phone: '', building: '', unit: '', room: '' }

/** 登记没有微信的居民: a verified member of their household at once. */
function RegisterForm({ communityId, onDone }: { communityId: string; onDone: (r: ProxyResidentDto) => void }) {
  const [values, setValues] = useState(EMPTY)
  const [errors, setErrors] = useState<Partial<Record<keyof CreateProxyResidentInput, string>>>({})
  const set = (key: keyof typeof EMPTY) => (value: string) => setValues({ ...values, [key]: value })
  const form = useSubmit(
    (input: CreateProxyResidentInput, key: string) => proxy.createProxyResident(communityId, input, key),
    {
      validate: (input) => {
        const issues = fieldIssues<keyof CreateProxyResidentInput>(createProxyResidentSchema, input)
        setErrors(issues)
        return Object.keys(issues).length ? '请按红字提示修改后再提交' : null
      },
      onSuccess: (resident) => {
        setValues(EMPTY)
        onDone(resident)
      },
    },
  )
  return (
    <Section title="登记没有微信的居民">
      <View className="residents__note">登记后即为已认证住户，由您代为发布心愿、预约服务；本人不能登录。</View>
      <Field label="姓名" error={errors.realName}>
        <TextInput
          value={values.realName}
          onChange={set('realName')}
          maxlength={REAL_NAME_MAX}
          placeholder="例如：孙大爷"
        />
      </Field>
      <Field label="手机号码（选填）" error={errors.phone} hint="只有本社区工作人员能看到">
        <TextInput
          value={values.phone}
          onChange={set('phone')}
          type="number"
          maxlength={11}
          placeholder="11位手机号码"
        />
      </Field>
      <View className="residents__address">
        <Field label="楼栋" error={errors.building}>
          <TextInput value={values.building} onChange={set('building')} maxlength={BUILDING_MAX} placeholder="5号楼" />
        </Field>
        <Field label="单元（选填）" error={errors.unit}>
          <TextInput value={values.unit} onChange={set('unit')} maxlength={UNIT_MAX} placeholder="2单元" />
        </Field>
        <Field label="房号" error={errors.room}>
          <TextInput value={values.room} onChange={set('room')} maxlength={ROOM_MAX} placeholder="101" />
        </Field>
      </View>
      {form.error ? <View className="residents__error">{form.error}</View> : null}
      <ActionButton block loading={form.submitting} onClick={() => void form.submit(values)}>
        登记居民
      </ActionButton>
    </Section>
  )
}

/** A resident staff act for: who they are, and 代发心愿 / 代约 once chosen. */
function ResidentRow({
  resident,
  chosen,
  onChoose,
}: {
  resident: ProxyResidentDto
  chosen: boolean
  onChoose: () => void
}) {
  const where = [resident.building, resident.unit, resident.room].filter(Boolean).join(' ')
  return (
    <View
      className={['resident', chosen ? 'resident--chosen' : ''].join(' ')}
      {...choice('radio', chosen, `${resident.realName}，${where}`)}
      onClick={onChoose}
    >
      <View className="resident__name">{resident.realName}</View>
      <View className="resident__meta">
        {where}
        {resident.phone ? ` · ${formatPhone(resident.phone)}` : ''}
      </View>
    </View>
  )
}

/** 代约: the community's stations, each opened to book for the resident. */
function BookFor({ resident, communityId }: { resident: ProxyResidentDto; communityId: string }) {
  const stations = useManagedStations([{ id: communityId, name: '', street: '', district: '' }], true)
  const actingFor = { id: resident.userId, name: resident.realName }
  return (
    <Section title={`为${resident.realName}办理`}>
      <ActionButton block onClick={() => openWishFormFor(actingFor)}>
        代发心愿
      </ActionButton>
      <View className="residents__subhead">代约驿站服务</View>
      <AsyncContent loading={stations.loading} error={stations.error} onRetry={() => void stations.reload()}>
        {stations.stations.length === 0 ? (
          <View className="residents__note">本社区还没有驿站。</View>
        ) : (
          stations.stations.map((s) => (
            <ActionButton
              key={s.id}
              block
              variant="secondary"
              className="residents__station"
              label={`在${s.name}为${resident.realName}预约`}
              onClick={() => openStationFor(s.id, actingFor)}
            >
              {s.name}
            </ActionButton>
          ))
        )}
      </AsyncContent>
    </Section>
  )
}

/** 党员报到待确认: the community's pending registrations, each confirmed with one tap. */
function PartyQueue({ communityId }: { communityId: string }) {
  const pending = useAsync(() => party.listPendingParty(communityId), [communityId])
  const actions = useKeyedActions()
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const confirm = async (userId: string) => {
    setBusy(userId)
    setError(null)
    try {
      await actions.run(`confirm:${userId}`, userId, (key) => party.confirmParty(userId, key))
      await pending.reload()
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(null)
    }
  }
  const items = pending.data?.items ?? []
  return (
    <Section title="党员报到待确认" extra={items.length ? <Tag tone="warning">{items.length}人</Tag> : null}>
      <AsyncContent
        loading={pending.loading && !pending.data}
        error={pending.error}
        onRetry={() => void pending.reload()}
      >
        {items.length === 0 ? (
          <View className="residents__note">暂时没有待确认的党员报到。</View>
        ) : (
          items.map((p) => (
            <View key={p.userId} className="party-row">
              <View className="party-row__who">
                <View className="resident__name">{p.realName}</View>
                <View className="resident__meta">
                  {[p.building, p.unit, p.room].filter(Boolean).join(' ')} · {p.organization}
                </View>
              </View>
              <ActionButton
                small
                loading={busy === p.userId}
                label={`确认${p.realName}的党员报到`}
                onClick={() => void confirm(p.userId)}
              >
                确认
              </ActionButton>
            </View>
          ))
        )}
        {error ? <View className="residents__error">{error}</View> : null}
      </AsyncContent>
    </Section>
  )
}

/**
 * 代办: staff register residents without WeChat and act for them (代发心愿, 代约); and confirm party registrations.
 */
export default function ResidentsPage() {
  const scope = useStaffScope()
  const [communityChoice, setCommunityChoice] = useState<string | null>(null)
  const community = scope.communities.find((c) => c.id === communityChoice) ?? scope.communities[0] ?? null
  const communityId = community?.id ?? ''
  const residents = usePagedList(
    (cursor) => proxy.listProxyResidents(communityId, cursor),
    communityId,
    scope.allowed && Boolean(community),
  )
  const [chosenId, setChosenId] = useState<string | null>(null)
  const chosen = residents.items.find((r) => r.userId === chosenId) ?? null
  usePullRefresh(async () => {
    await scope.reload()
    await residents.reload()
  })

  return (
    <PageShell>
      <PageHeader title="代办" lead="为没有微信的居民登记，代发心愿、代约服务；记录会写明由您代办" />
      <StaffOnly scope={scope}>
        {scope.communities.length > 1 ? (
          <FilterChips
            chips={scope.communities.map((c) => ({ value: c.id, label: c.name }))}
            value={communityId}
            onChange={(id) => {
              setCommunityChoice(id)
              setChosenId(null)
            }}
          />
        ) : null}
        {community ? (
          <View>
            <Section title="选择居民">
              <AsyncContent loading={residents.loading} error={residents.error} onRetry={() => void residents.reload()}>
                {residents.items.length === 0 ? (
                  <EmptyState
                    icon="○"
                    title="还没有登记的居民"
                    description="在下面登记没有微信的居民后，就可以为他们代办。"
                  />
                ) : (
                  residents.items.map((r) => (
                    <ResidentRow
                      key={r.userId}
                      resident={r}
                      chosen={r.userId === chosenId}
                      onChoose={() => setChosenId(r.userId)}
                    />
                  ))
                )}
                {residents.hasMore ? <MoreFooter list={residents} idle="点这里加载更多" /> : null}
              </AsyncContent>
            </Section>
            {chosen ? <BookFor key={chosen.userId} resident={chosen} communityId={communityId} /> : null}
            <RegisterForm
              communityId={communityId}
              onDone={(r) => {
                void residents.reload()
                setChosenId(r.userId)
              }}
            />
            <PartyQueue communityId={communityId} />
          </View>
        ) : null}
      </StaffOnly>
    </PageShell>
  )
}
