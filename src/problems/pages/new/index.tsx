import { useState } from 'react'
import { Picker } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Field, FormError, FormNote, SelectBox, TextArea, TextInput } from '@/components/field'
import { FilterChips, type Chip } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { PhotoPicker, usePhotoPicker } from '@/components/photo-picker'
import { Section } from '@/components/section'
import { useSession } from '@/hooks/use-session'
import {
  PROBLEM_CATEGORIES,
  PROBLEM_CATEGORY_LABELS,
  PROBLEM_DESCRIPTION_MAX,
  PROBLEM_LOCATION_MAX,
  type ProblemCategory,
} from '@/shared/problems'
import { useCommunityBuildings, useReportProblem } from '../../hooks/use-problems'

const CATEGORY_CHIPS: Chip<ProblemCategory | ''>[] = PROBLEM_CATEGORIES.map((c) => ({
  value: c,
  label: PROBLEM_CATEGORY_LABELS[c],
}))

/** The report form: what kind, what happened, photos of it, where (a building of the community, a place). */
export default function ReportProblemPage() {
  const form = useReportProblem()
  const { me } = useSession()
  const communityId = me?.membership?.status === 'verified' ? me.membership.communityId : (me?.communityId ?? '')
  const [category, setCategory] = useState<ProblemCategory | ''>('')
  const [description, setDescription] = useState('')
  // The 楼栋门牌 of the profile, so an elderly resident need type nothing to say where.
  const [location, setLocation] = useState(me?.building ?? '')
  const buildings = useCommunityBuildings(communityId)
  const [buildingId, setBuildingId] = useState<string | null>(null)
  const photos = usePhotoPicker()
  const errors = form.fieldErrors
  // The first choice takes the building back: it is optional.
  const buildingChoices = ['不选楼栋', ...buildings.items.map((b) => b.name)]
  const buildingIndex = buildingId ? buildings.items.findIndex((b) => b.id === buildingId) + 1 : 0

  const submit = () => {
    if (!photos.ready()) return
    void form.submit({
      communityId,
      // Left empty, the schema says 请选择问题类别.
      category: category as ProblemCategory,
      description,
      location,
      buildingId: buildingId ?? undefined,
      photoIds: photos.ids,
    })
  }

  return (
    <PageShell>
      <PageHeader title="反映问题" lead="社区会分派给物业或居委会限时办理，办结后请您评价" />
      <Section>
        <Field label="问题类别" error={errors.category}>
          <FilterChips chips={CATEGORY_CHIPS} value={category} onChange={setCategory} />
        </Field>
        <Field label="问题描述" error={errors.description} hint={`5-${PROBLEM_DESCRIPTION_MAX}个字`}>
          <TextArea
            value={description}
            onChange={setDescription}
            maxlength={PROBLEM_DESCRIPTION_MAX}
            placeholder="例如：3号楼2单元楼道灯坏了，晚上很黑"
          />
        </Field>
      </Section>
      <Section title="照片（选填）">
        <FormNote>拍下问题的样子，处理起来更快。照片的拍摄地点等信息会被自动去除</FormNote>
        <PhotoPicker onChange={photos.onChange} />
        <FormError message={errors.photoIds} />
      </Section>
      <Section title="在哪里（选填）">
        {buildings.items.length > 0 ? (
          <Field label="楼栋" error={errors.buildingId}>
            <Picker
              mode="selector"
              range={buildingChoices}
              value={buildingIndex}
              onChange={(e) => setBuildingId(buildings.items[Number(e.detail.value) - 1]?.id ?? null)}
            >
              <SelectBox
                text={buildingIndex > 0 ? buildingChoices[buildingIndex] : null}
                placeholder="点这里选择楼栋"
              />
            </Picker>
          </Field>
        ) : null}
        <Field label="具体位置" error={errors.location}>
          <TextInput
            value={location}
            onChange={setLocation}
            maxlength={PROBLEM_LOCATION_MAX}
            placeholder="例如：3号楼2单元门口"
          />
        </Field>
      </Section>
      <FormNote>您的名字只给社区工作人员和处理单位看，其他居民看到的是"张**"</FormNote>
      <FormError message={form.error} />
      <ActionButton block loading={form.submitting} onClick={submit}>
        提交
      </ActionButton>
    </PageShell>
  )
}
