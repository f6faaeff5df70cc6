import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Field, SelectBox, TextInput } from '@/components/field'
import { FilterChips } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section, Tag } from '@/components/section'
import { AsyncContent } from '@/components/state-views'
import { useAsync } from '@/hooks/use-async'
import { useCommunities } from '@/hooks/use-communities'
import { useMe } from '@/hooks/use-session'
import { useSubmit } from '@/hooks/use-submit'
import { applyForMembership, getMyMembership, leaveMembership } from '@/services/memberships'
import { REAL_NAME_MAX } from '@/shared/identity'
import type { MembershipStatus } from '@/shared/identity'
import {
  BUILDING_NAME_MAX,
  MEMBERSHIP_STATUS_LABELS,
  RELATIONS,
  RELATION_LABELS,
  ROOM_MAX,
  UNIT_MAX,
  addressOf,
  applyMembershipSchema,
  type ApplyMembershipInput,
  type ApplyResultDto,
  type MembershipDto,
  type Relation,
} from '@/shared/memberships'
import { confirmAction } from '@/utils/confirm'
import { formatDateTime } from '@/utils/format'
import { fieldIssues } from '@/utils/validation'
import './index.scss'

const TONES: Record<MembershipStatus, 'neutral' | 'success' | 'warning' | 'danger'> = {
  pending: 'warning',
  verified: 'success',
  rejected: 'danger',
  left: 'neutral',
}

const HINTS: Record<MembershipStatus, string> = {
  pending: '社区工作人员核实后会通过，结果会发到"消息"里。审核期间可以浏览，但还不能发布、评论和投票。',
  verified: '您是本社区的认证住户，可以发布心愿、提出议题、评论和投票。',
  rejected: '申请没有通过，请按原因修改后重新申请。',
  left: '认证已结束。搬回或换了一户，可以重新申请。',
}

type Errors = Partial<Record<keyof ApplyMembershipInput, string>>

/** 住户认证: apply with the address (and the door card's code for an instant pass), see the status, or leave. */
export default function MembershipPage() {
  const { me, reload: reloadMe } = useMe()
  const mine = useAsync(() => getMyMembership(), [me?.id], Boolean(me))
  const membership = mine.data?.membership ?? null
  const current = membership?.status === 'pending' || membership?.status === 'verified'

  const reload = async () => {
    await Promise.all([mine.reload(), reloadMe()])
  }

  return (
    <PageShell>
      <PageHeader title="住户认证" lead="认证为社区住户后，才能发布心愿、参与议事和投票" />
      <AsyncContent loading={mine.loading && !mine.data} error={mine.error} onRetry={() => void mine.reload()}>
        {membership ? <Status membership={membership} onLeft={reload} /> : null}
        {mine.data && !current ? (
          <ApplyForm defaultCommunityId={me?.communityId ?? null} again={Boolean(membership)} onDone={reload} />
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}

function Status({ membership, onLeft }: { membership: MembershipDto; onLeft: () => Promise<void> }) {
  const leave = useSubmit((_: null, key: string) => leaveMembership(key), {
    onSuccess: () => {
      void Taro.showToast({ title: '已退出认证', icon: 'success' })
      void onLeft()
    },
  })
  const current = membership.status === 'pending' || membership.status === 'verified'
  const confirmLeave = async () => {
    const go = await confirmAction({
      title: membership.status === 'pending' ? '撤回认证申请？' : '退出住户认证？',
      content: '退出后不能再发布、评论和投票；已经投出的票仍然有效。',
      confirmText: membership.status === 'pending' ? '撤回申请' : '退出认证',
      danger: true,
    })
    if (go) void leave.submit(null)
  }
  return (
    <Section
      title="我的认证"
      extra={<Tag tone={TONES[membership.status]}>{MEMBERSHIP_STATUS_LABELS[membership.status]}</Tag>}
    >
      <View className="membership__status" role="status">
        {HINTS[membership.status]}
      </View>
      {membership.reason ? (
        <View className="membership__reason" role="alert">
          原因：{membership.reason}
        </View>
      ) : null}
      <View className="membership__row">社区：{membership.communityName}</View>
      <View className="membership__row">住址：{addressOf(membership)}</View>
      <View className="membership__row">
        身份：{RELATION_LABELS[membership.relation]} · {membership.realName}
      </View>
      <View className="membership__row membership__row--muted">申请时间：{formatDateTime(membership.appliedAt)}</View>
      {leave.error ? (
        <View className="membership__error" role="alert">
          {leave.error}
        </View>
      ) : null}
      {current ? (
        <ActionButton
          block
          variant="plain"
          className="membership__leave"
          loading={leave.submitting}
          onClick={confirmLeave}
        >
          {membership.status === 'pending' ? '撤回申请' : '退出认证'}
        </ActionButton>
      ) : null}
    </Section>
  )
}

function ApplyForm({
  defaultCommunityId,
  again,
  onDone,
}: {
  defaultCommunityId: string | null
  again: boolean
  onDone: () => Promise<void>
}) {
  const { communities } = useCommunities()
  const [communityId, setCommunityId] = useState<string | null>(defaultCommunityId)
  const [building, setBuilding] = useState('')
  const [unit, setUnit] = useState('')
  const [room, setRoom] = useState('')
  const [relation, setRelation] = useState<Relation>('owner')
  const [realName, setRealName] = useState('')
  const [code, setCode] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const community = communities.find((c) => c.id === communityId) ?? null

  const form = useSubmit((input: ApplyMembershipInput, key: string) => applyForMembership(input, key), {
    validate: (input) => {
      const issues = fieldIssues<keyof ApplyMembershipInput>(applyMembershipSchema, input)
      setErrors(issues)
      return Object.keys(issues).length ? '请按红字提示修改后再提交' : null
    },
    onSuccess: (result: ApplyResultDto) => {
      void Taro.showToast({ title: result.status === 'verified' ? '认证已通过' : '已提交，等待审核', icon: 'success' })
      void onDone()
    },
  })

  const submit = () =>
    void form.submit({
      communityId: communityId ?? '',
      building: building.trim(),
      unit: unit.trim(),
      room: room.trim(),
      relation,
      realName: realName.trim(),
      ...(code.trim() ? { householdCode: code.trim() } : {}),
    })

  return (
    <Section title={again ? '重新申请' : '申请认证'}>
      <Field label="所在社区" error={errors.communityId}>
        <Picker
          mode="selector"
          range={communities.map((c) => c.name)}
          value={Math.max(
            0,
            communities.findIndex((c) => c.id === communityId),
          )}
          onChange={(e) => setCommunityId(communities[Number(e.detail.value)]?.id ?? null)}
        >
          <SelectBox text={community?.name ?? null} placeholder="点这里选择社区" />
        </Picker>
      </Field>
      <Field label="楼栋" error={errors.building} hint="例如：3号楼">
        <TextInput
          value={building}
          onChange={setBuilding}
          maxlength={BUILDING_NAME_MAX}
          placeholder="几号楼"
          label="楼栋"
        />
      </Field>
      <Field label="单元（没有可不填）" error={errors.unit}>
        <TextInput value={unit} onChange={setUnit} maxlength={UNIT_MAX} placeholder="例如：2" label="单元" />
      </Field>
      <Field label="房号" error={errors.room}>
        <TextInput value={room} onChange={setRoom} maxlength={ROOM_MAX} placeholder="例如：501" label="房号" />
      </Field>
      <Field label="与这户的关系" error={errors.relation}>
        <FilterChips
          chips={RELATIONS.map((r) => ({ value: r, label: RELATION_LABELS[r] }))}
          value={relation}
          onChange={setRelation}
        />
      </Field>
      <Field label="真实姓名" error={errors.realName} hint="只有社区工作人员能看到，用于核实">
        <TextInput
          value={realName}
          onChange={setRealName}
          maxlength={REAL_NAME_MAX}
          placeholder="请输入真实姓名"
          label="真实姓名"
        />
      </Field>
      <Field
        label="门牌码（选填）"
        error={errors.householdCode}
        hint="门卡上的8位数字。填对了立即通过；不填也可以，等社区工作人员审核"
      >
        <TextInput value={code} onChange={setCode} type="number" maxlength={8} placeholder="8位数字" label="门牌码" />
      </Field>
      {form.error ? (
        <View className="membership__error" role="alert">
          {form.error}
        </View>
      ) : null}
      <ActionButton block loading={form.submitting} onClick={submit}>
        提交认证
      </ActionButton>
    </Section>
  )
}
