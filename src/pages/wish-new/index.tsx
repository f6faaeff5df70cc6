import { useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { Field, FormError, FormNote, SelectBox, TextArea, TextInput } from '@/components/field'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { PhotoPicker, usePhotoPicker } from '@/components/photo-picker'
import { Stepper } from '@/components/stepper'
import { choice } from '@/components/aria'
import { useSession } from '@/hooks/use-session'
import { useCreateWish } from '@/hooks/use-wishes'
import { actingForOf } from '@/utils/acting-for'
import {
  WISH_ADDRESS_MAX,
  WISH_CATEGORIES,
  WISH_CATEGORY_LABELS,
  WISH_DESCRIPTION_MAX,
  TEAM_SIZE_MAX,
  TEAM_SIZE_MIN,
  WISH_TITLE_MAX,
  type WishCategory,
} from '@/shared/wishes'
import './index.scss'

export default function WishNewPage() {
  const form = useCreateWish()
  const { me } = useSession()
  // 代发心愿: staff post it for a resident they chose (代办); it is the resident's wish.
  const actingFor = actingForOf(useRouter().params)
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [category, setCategory] = useState<WishCategory | null>(null)
  // The 楼栋门牌 of the profile, so an elderly resident need type nothing to be found.
  const [address, setAddress] = useState(actingFor ? '' : (me?.building ?? ''))
  const [contactPhone, setContactPhone] = useState('')
  const photos = usePhotoPicker()
  // 帮帮团: a wish that needs several volunteers at once (搬家具, 大扫除).
  const [team, setTeam] = useState(false)
  const [teamSize, setTeamSize] = useState(TEAM_SIZE_MIN)
  const errors = form.fieldErrors

  const submit = () => {
    if (!photos.ready()) return
    void form.submit({
      title,
      description,
      // Left empty, the schema says 请选择心愿类别.
      category: category as WishCategory,
      address,
      contactPhone,
      photoIds: photos.ids,
      onBehalfOf: actingFor?.id,
      teamSize: team ? teamSize : undefined,
    })
  }

  return (
    <PageShell>
      {actingFor ? (
        <PageHeader title={`代${actingFor.name}发布心愿`} lead={`心愿属于${actingFor.name}，记录会写明由您代为发布`} />
      ) : (
        <PageHeader title="发布心愿" lead="写下一个小心愿，社区审核后志愿者就能认领" />
      )}
      <Section>
        <Field label="心愿标题" error={errors.title} hint={`2-${WISH_TITLE_MAX}个字，例如：想请人帮忙买米`}>
          <TextInput value={title} onChange={setTitle} maxlength={WISH_TITLE_MAX} placeholder="想请邻居帮什么忙" />
        </Field>
        <Field label="心愿类别" error={errors.category}>
          <Picker
            mode="selector"
            range={WISH_CATEGORIES.map((c) => WISH_CATEGORY_LABELS[c])}
            value={category ? WISH_CATEGORIES.indexOf(category) : 0}
            onChange={(e) => setCategory(WISH_CATEGORIES[Number(e.detail.value)] ?? null)}
          >
            <SelectBox text={category ? WISH_CATEGORY_LABELS[category] : null} placeholder="点这里选择类别" />
          </Picker>
        </Field>
        <Field label="详细说明（选填）" error={errors.description}>
          <TextArea
            value={description}
            onChange={setDescription}
            maxlength={WISH_DESCRIPTION_MAX}
            placeholder="说说需要什么、什么时候方便"
          />
        </Field>
        <Field label="需要几位志愿者" error={errors.teamSize}>
          <View
            className={team ? 'wish-new__team wish-new__team--on' : 'wish-new__team'}
            {...choice('checkbox', team, '组成帮帮团，多位志愿者一起帮')}
            onClick={() => setTeam(!team)}
          >
            {team ? '☑' : '☐'} 组成帮帮团，多位志愿者一起帮
          </View>
          {team ? (
            <Stepper value={teamSize} min={TEAM_SIZE_MIN} max={TEAM_SIZE_MAX} onChange={setTeamSize} unit="人" />
          ) : null}
        </Field>
      </Section>
      <Section title="照片（选填）">
        <FormNote>照片只用于说明心愿，拍摄地点等信息会被自动去除</FormNote>
        <PhotoPicker onChange={photos.onChange} />
        <FormError message={errors.photoIds} />
      </Section>
      <Section title="联系方式（选填）">
        <FormNote>地址和电话只给认领的志愿者和社区工作人员看。不留电话也可以：志愿者会通过社区联系您</FormNote>
        <Field label="地址" error={errors.address}>
          <TextInput
            value={address}
            onChange={setAddress}
            maxlength={WISH_ADDRESS_MAX}
            placeholder="例如：3号楼2单元501"
          />
        </Field>
        <Field label="手机号码" error={errors.contactPhone}>
          <TextInput
            value={contactPhone}
            onChange={setContactPhone}
            type="number"
            maxlength={11}
            placeholder="请输入11位手机号码"
          />
        </Field>
      </Section>
      <FormError message={form.error} />
      <ActionButton block loading={form.submitting} onClick={submit}>
        提交心愿
      </ActionButton>
    </PageShell>
  )
}
