import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Field, TextInput } from '@/components/field'
import { FilterChips } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { QrCode } from '@/components/qr-code'
import { Section } from '@/components/section'
import { AsyncContent } from '@/components/state-views'
import { useSubmit } from '@/hooks/use-submit'
import { createInvite, createOrg } from '@/services/places'
import {
  COMMUNITY_INVITE_ROLES,
  INVITE_ROLE_LABELS,
  ORG_KINDS,
  ORG_KIND_LABELS,
  type CreateCommunityInviteInput,
  type InviteDto,
  type OrgKind,
} from '@/shared/places'
import { formatDateTime } from '@/utils/format'
import { StaffOnly } from '../../components/staff-only'
import { useOrgs, usePlaces } from '../../hooks/use-places'
import { useStaffScope } from '../../hooks/use-staff-scope'
import './index.scss'

type Role = (typeof COMMUNITY_INVITE_ROLES)[number]
const HOURS = [
  { value: '24', label: '1天' },
  { value: '72', label: '3天' },
  { value: '168', label: '7天' },
] as const

/** What each role may do, said before the code is made. */
const ROLE_NOTES: Record<Role, string> = {
  staff: '可以审核、管理本社区的一切事务，请只邀请社区工作人员',
  grid_worker: '姓名和手机号会显示在本网格各楼栋的楼道联系牌上',
  building_head: '姓名和手机号会显示在这栋楼的楼道联系牌上',
  handler: '可以接收和办理派给本组织的问题反馈',
}

/** 邀请: a one-use code, shown large and as a QR code, that makes its taker staff, a grid worker, a building head or a handler. */
export default function InvitesPage() {
  const scope = useStaffScope()
  const [chosen, setChosen] = useState<string | null>(null)
  const community = scope.communities.find((c) => c.id === chosen) ?? scope.communities[0] ?? null
  const communityId = community?.id ?? null
  const places = usePlaces(communityId)
  const orgs = useOrgs(communityId)
  const [role, setRole] = useState<Role>('staff')
  const [placeId, setPlaceId] = useState('')
  const [hours, setHours] = useState('72')
  const [invite, setInvite] = useState<InviteDto | null>(null)
  const form = useSubmit((input: CreateCommunityInviteInput, key: string) => createInvite(communityId!, input, key), {
    validate: (input) =>
      input.role !== 'staff' && !(input.gridId ?? input.buildingId ?? input.orgId) ? '请先选择邀请到哪里' : null,
    onSuccess: setInvite,
  })

  const choices =
    role === 'grid_worker'
      ? places.grids
      : role === 'building_head'
        ? places.buildings
        : role === 'handler'
          ? orgs.orgs
          : []
  const placeField = { grid_worker: 'gridId', building_head: 'buildingId', handler: 'orgId', staff: null }[role]
  const make = () =>
    void form.submit({
      role,
      expiresInHours: Number(hours),
      ...(placeField && placeId ? { [placeField]: placeId } : {}),
    })

  return (
    <PageShell>
      <PageHeader title="邀请" lead="生成一次性的邀请码，对方在「我的 › 输入邀请码」里输入或扫码，即获得相应身份" />
      <StaffOnly scope={scope}>
        {invite ? (
          <Section title="邀请码">
            <View className="invites__result">
              <View className="invites__code" aria-label={`邀请码 ${invite.code.split('').join(' ')}`}>
                {invite.code.slice(0, 4)} {invite.code.slice(4)}
              </View>
              <QrCode value={invite.code} label={`邀请码二维码：${invite.code}`} />
              <View className="invites__meta">
                {INVITE_ROLE_LABELS[invite.role]} · {invite.placeName}
              </View>
              <View className="invites__meta">有效期至 {formatDateTime(invite.expiresAt)}，只能使用一次</View>
              <ActionButton block variant="secondary" onClick={() => setInvite(null)}>
                再邀请一位
              </ActionButton>
            </View>
          </Section>
        ) : (
          <AsyncContent
            loading={places.loading && !places.ready}
            error={places.error}
            onRetry={() => void places.reload()}
          >
            {scope.communities.length > 1 ? (
              <FilterChips
                chips={scope.communities.map((c) => ({ value: c.id, label: c.name }))}
                value={communityId ?? ''}
                onChange={(id) => {
                  setChosen(id)
                  setPlaceId('')
                }}
              />
            ) : null}
            <Section title="邀请的身份">
              <FilterChips
                chips={COMMUNITY_INVITE_ROLES.map((r) => ({ value: r, label: INVITE_ROLE_LABELS[r] }))}
                value={role}
                onChange={(r) => {
                  setRole(r)
                  setPlaceId('')
                }}
              />
              <View className="invites__note">{ROLE_NOTES[role]}</View>
              {role !== 'staff' ? (
                <Field label={{ grid_worker: '网格', building_head: '楼栋', handler: '组织' }[role]}>
                  {choices.length ? (
                    <FilterChips
                      chips={choices.map((p) => ({ value: p.id, label: p.name }))}
                      value={placeId}
                      onChange={setPlaceId}
                    />
                  ) : (
                    <View className="invites__note">
                      {role === 'handler' ? '还没有组织，请先在下面添加。' : '还没有登记，请先到「小区管理」添加。'}
                    </View>
                  )}
                </Field>
              ) : null}
              {role === 'handler' && communityId ? (
                <OrgForm communityId={communityId} onDone={() => void orgs.reload()} />
              ) : null}
              <Field label="有效期">
                <FilterChips chips={HOURS} value={hours} onChange={setHours} />
              </Field>
              {form.error ? <View className="invites__error">{form.error}</View> : null}
              <ActionButton block loading={form.submitting} onClick={make}>
                生成邀请码
              </ActionButton>
            </Section>
          </AsyncContent>
        )}
      </StaffOnly>
    </PageShell>
  )
}

function OrgForm({ communityId, onDone }: { communityId: string; onDone: () => void }) {
  const [kind, setKind] = useState<OrgKind>('property')
  const [name, setName] = useState('')
  const form = useSubmit((input: { kind: OrgKind; name: string }, key: string) => createOrg(communityId, input, key), {
    validate: (input) => (input.name.trim().length >= 2 ? null : '请填写组织名称，至少2个字'),
    onSuccess: () => {
      setName('')
      onDone()
    },
  })
  return (
    <View className="invites__org">
      <Field label="新增组织" error={form.error}>
        <FilterChips
          chips={ORG_KINDS.map((k) => ({ value: k, label: ORG_KIND_LABELS[k] }))}
          value={kind}
          onChange={setKind}
        />
        <TextInput value={name} onChange={setName} placeholder="例如 幸福家园物业" maxlength={40} label="组织名称" />
      </Field>
      <ActionButton
        block
        variant="secondary"
        loading={form.submitting}
        onClick={() => void form.submit({ kind, name })}
      >
        添加组织
      </ActionButton>
    </View>
  )
}
