import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { choice, control } from '@/components/aria'
import { Field, TextArea, TextInput } from '@/components/field'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { Stepper } from '@/components/stepper'
import { useSubmit } from '@/hooks/use-submit'
import { createActivity } from '@/services/activities'
import {
  ACTIVITY_DESCRIPTION_MAX,
  ACTIVITY_LOCATION_MAX,
  ACTIVITY_POSTS_MAX,
  ACTIVITY_TITLE_MAX,
  POST_COUNT_MAX,
  POST_NAME_MAX,
  createActivitySchema,
  type CreateActivityInput,
} from '@/shared/activities'
import { addDays, shanghaiDate } from '@/shared/stations'
import { HOURS_MAX, HOURS_MIN } from '@/shared/wishes'
import { openActivity } from '@/utils/navigation'
import { fieldIssues } from '@/utils/validation'
import { StaffOnly } from '../../components/staff-only'
import { WhenPicker } from '../../components/when-picker'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { shanghaiIso } from '../../utils/topics'
import './index.scss'

interface PostRow {
  key: number
  name: string
  count: number
  /** Half hours, so the stepper counts whole steps. */
  halfHours: number
}

let nextKey = 1

/** 发布活动: what, where, when, how many, the sign-up deadline, and the volunteer posts with their hours. */
export default function ActivityNewPage() {
  const scope = useStaffScope()
  const communityId = scope.communities[0]?.id ?? ''
  const inThree = addDays(shanghaiDate(new Date()), 3)
  const [title, setTitle] = useState('')
  const [location, setLocation] = useState('')
  const [description, setDescription] = useState('')
  const [date, setDate] = useState(inThree)
  const [start, setStart] = useState('09:00')
  const [end, setEnd] = useState('11:00')
  const [closeDate, setCloseDate] = useState(addDays(inThree, -1))
  const [closeTime, setCloseTime] = useState('18:00')
  const [limited, setLimited] = useState(true)
  const [capacity, setCapacity] = useState('40')
  const [posts, setPosts] = useState<PostRow[]>([{ key: 0, name: '引导员', count: 2, halfHours: 4 }])
  const [errors, setErrors] = useState<Partial<Record<keyof CreateActivityInput, string>>>({})

  const form = useSubmit((input: CreateActivityInput, key: string) => createActivity(input, key), {
    validate: (input) => {
      const issues = fieldIssues<keyof CreateActivityInput>(createActivitySchema, input)
      setErrors(issues)
      return Object.keys(issues).length ? '请按红字提示修改后再发布' : null
    },
    onSuccess: (activity) => {
      void Taro.showToast({ title: '已发布', icon: 'success' })
      openActivity(activity.id)
    },
  })

  const update = (key: number, change: Partial<PostRow>) =>
    setPosts((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)))

  const submit = () =>
    void form.submit({
      communityId,
      title,
      location,
      description,
      startsAt: shanghaiIso(date, start),
      endsAt: shanghaiIso(date, end),
      signupClosesAt: shanghaiIso(closeDate, closeTime),
      capacity: limited ? Number(capacity) : undefined,
      posts: posts.map((p) => ({ name: p.name, count: p.count, hours: p.halfHours / 2 })),
    })

  return (
    <PageShell>
      <PageHeader title="发布活动" lead="发布后本社区居民可以报名，志愿者可以认领岗位" />
      <StaffOnly scope={scope}>
        <Section>
          <Field label="活动名称" error={errors.title} hint={`2-${ACTIVITY_TITLE_MAX}个字`}>
            <TextInput
              value={title}
              onChange={setTitle}
              maxlength={ACTIVITY_TITLE_MAX}
              placeholder="例如：社区义诊"
              label="活动名称"
            />
          </Field>
          <Field label="地点" error={errors.location}>
            <TextInput
              value={location}
              onChange={setLocation}
              maxlength={ACTIVITY_LOCATION_MAX}
              placeholder="例如：社区活动中心一楼"
              label="地点"
            />
          </Field>
          <Field label="活动介绍（选填）" error={errors.description}>
            <TextArea
              value={description}
              onChange={setDescription}
              maxlength={ACTIVITY_DESCRIPTION_MAX}
              placeholder="内容、要带的东西、注意事项"
            />
          </Field>
        </Section>
        <Section title="时间">
          <Field label="开始" error={errors.startsAt}>
            <WhenPicker date={date} time={start} onDate={setDate} onTime={setStart} label="开始时间" />
          </Field>
          <Field label="结束（同一天）" error={errors.endsAt}>
            <WhenPicker date={date} time={end} onDate={setDate} onTime={setEnd} label="结束时间" />
          </Field>
          <Field label="报名截止" error={errors.signupClosesAt} hint="截止前居民可以报名和取消">
            <WhenPicker
              date={closeDate}
              time={closeTime}
              onDate={setCloseDate}
              onTime={setCloseTime}
              label="报名截止时间"
            />
          </Field>
        </Section>
        <Section title="名额">
          <View
            className={limited ? 'activity-new__toggle activity-new__toggle--on' : 'activity-new__toggle'}
            {...choice('checkbox', limited)}
            onClick={() => setLimited(!limited)}
          >
            {limited ? '☑' : '☐'} 限制报名人数（按报名的人数计，每次最多4人）
          </View>
          {limited ? (
            <Field label="名额" error={errors.capacity}>
              <TextInput value={capacity} onChange={setCapacity} type="number" maxlength={5} label="名额" />
            </Field>
          ) : null}
        </Section>
        <Section title="志愿岗位">
          {posts.map((post) => (
            <View key={post.key} className="activity-new__post">
              <Field label="岗位名称">
                <TextInput
                  value={post.name}
                  onChange={(name) => update(post.key, { name })}
                  maxlength={POST_NAME_MAX}
                  label="岗位名称"
                />
              </Field>
              <View className="activity-new__post-row">
                <Field label="人数">
                  <Stepper
                    value={post.count}
                    min={1}
                    max={POST_COUNT_MAX}
                    onChange={(count) => update(post.key, { count })}
                    unit="人"
                  />
                </Field>
                <Field label="时长（小时）">
                  <Stepper
                    value={post.halfHours}
                    min={HOURS_MIN * 2}
                    max={HOURS_MAX * 2}
                    onChange={(halfHours) => update(post.key, { halfHours })}
                    unit="×0.5"
                  />
                </Field>
              </View>
              <View className="activity-new__post-foot">
                <View className="activity-new__post-hours">每人记 {post.halfHours / 2} 小时</View>
                <View
                  className="activity-new__remove"
                  {...control('button', `删除岗位${post.name}`)}
                  onClick={() => setPosts((rows) => rows.filter((row) => row.key !== post.key))}
                >
                  删除
                </View>
              </View>
            </View>
          ))}
          {errors.posts ? <View className="activity-new__error">{errors.posts}</View> : null}
          {posts.length < ACTIVITY_POSTS_MAX ? (
            <ActionButton
              block
              variant="plain"
              onClick={() => setPosts((rows) => [...rows, { key: nextKey++, name: '', count: 1, halfHours: 4 }])}
            >
              + 添加岗位
            </ActionButton>
          ) : null}
        </Section>
        {form.error ? (
          <View className="activity-new__error" role="alert">
            {form.error}
          </View>
        ) : null}
        <ActionButton block loading={form.submitting} onClick={submit}>
          发布活动
        </ActionButton>
      </StaffOnly>
    </PageShell>
  )
}
