import { useState } from 'react'
import { Picker } from '@tarojs/components'
import { BUILDING_MAX, type CommunityDto, type MeDto } from '@/shared/identity'
import { useMePatch } from '@/hooks/use-profile'
import { ActionButton } from '../action-button'
import { Field, SelectBox, TextInput } from '../field'
import { Section } from '../section'

interface Props {
  me: MeDto
  communities: CommunityDto[]
}

/** Where the user lives: the community (saved as soon as it is picked) and the building (saved on 保存). */
export function CommunityCard({ me, communities }: Props) {
  const community = useMePatch()
  const building = useMePatch()
  const [buildingText, setBuildingText] = useState(me.building ?? '')
  const index = communities.findIndex((c) => c.id === me.communityId)
  const current = index >= 0 ? communities[index] : null

  return (
    <Section title="我的社区">
      <Field
        label="所在社区"
        error={community.error}
        hint={current ? `${current.district} · ${current.street}` : '选好后，首页会显示这个社区的内容'}
      >
        <Picker
          mode="selector"
          range={communities.map((c) => c.name)}
          value={index >= 0 ? index : 0}
          disabled={community.submitting}
          onChange={(e) => {
            const picked = communities[Number(e.detail.value)]
            if (picked && picked.id !== me.communityId) void community.submit({ communityId: picked.id })
          }}
        >
          <SelectBox text={community.submitting ? '正在保存…' : current?.name} placeholder="点这里选择社区" />
        </Picker>
      </Field>
      <Field label="楼栋门牌（选填）" error={building.error} hint="例如：3号楼2单元501，方便志愿者上门">
        <TextInput
          value={buildingText}
          onChange={setBuildingText}
          maxlength={BUILDING_MAX}
          placeholder="请输入楼栋门牌"
        />
      </Field>
      <ActionButton
        block
        variant="secondary"
        loading={building.submitting}
        disabled={buildingText.trim() === (me.building ?? '')}
        onClick={() => void building.submit({ building: buildingText.trim() || null })}
      >
        保存楼栋门牌
      </ActionButton>
    </Section>
  )
}
