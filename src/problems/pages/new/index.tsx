import { useState } from 'react'
import { ActionButton } from '@/components/action-button'
import { Field, FormError, FormNote, TextArea, TextInput } from '@/components/field'
import { FilterChips, type Chip } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { useSession } from '@/hooks/use-session'
import {
  PROBLEM_CATEGORIES,
  PROBLEM_CATEGORY_LABELS,
  PROBLEM_DESCRIPTION_MAX,
  PROBLEM_LOCATION_MAX,
  type ProblemCategory,
} from '@/shared/problems'
import { useReportProblem } from '../../hooks/use-problems'

const CATEGORY_CHIPS: Chip<ProblemCategory | ''>[] = PROBLEM_CATEGORIES.map((c) => ({
  value: c,
  label: PROBLEM_CATEGORY_LABELS[c],
}))

/** The report form: what kind, what happened, where. */
export default function ReportProblemPage() {
  const form = useReportProblem()
  const { me } = useSession()
  const communityId = me?.membership?.status === 'verified' ? me.membership.communityId : (me?.communityId ?? '')
  const [category, setCategory] = useState<ProblemCategory | ''>('')
  const [description, setDescription] = useState('')
  // The 楼栋门牌 of the profile, so an elderly resident need type nothing to say where.
  const [location, setLocation] = useState(me?.building ?? '')
  const errors = form.fieldErrors

  const submit = () =>
    void form.submit({
      communityId,
      // Left empty, the schema says 请选择问题类别.
      category: category as ProblemCategory,
      description,
      location,
    })

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
        <Field label="位置（选填）" error={errors.location}>
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
