import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Field, TextArea } from '@/components/field'
import { ProgressBar } from '@/components/topic-progress'
import { OUTCOME_MAX, UPDATE_NOTE_MAX } from '@/shared/topics'
import { PROGRESS_STEP, stepProgress } from '../../utils/topics'
import { control } from '@/components/aria'
import './index.scss'

interface OutcomeProps {
  busy: boolean
  error?: string
  /** Resolves true once published. */
  onPublish: (summary: string) => Promise<boolean>
}

/** 公布处理结果: what the community decided after the vote; everyone who voted or commented is notified. */
export function OutcomeForm({ busy, error, onPublish }: OutcomeProps) {
  const [summary, setSummary] = useState('')
  return (
    <View className="follow-up">
      <Field
        label="处理结果"
        error={error}
        hint={`2-${OUTCOME_MAX}个字。公布后不能修改，投过票或评论过的居民会收到通知`}
      >
        <TextArea
          value={summary}
          onChange={setSummary}
          maxlength={OUTCOME_MAX}
          placeholder="例如：按多数居民意见，在3号楼东侧增设20个非机动车位，预计下月动工"
        />
      </Field>
      <ActionButton block loading={busy} onClick={() => void onPublish(summary)}>
        公布处理结果
      </ActionButton>
    </View>
  )
}

interface ProgressProps {
  /** Where the work stands now: the stepper starts here. */
  current: number
  busy: boolean
  error?: string
  /** Resolves true once posted. */
  onPost: (note: string, progress: number) => Promise<boolean>
}

/** 发布办理进展: a percentage (− / + by 10, with the bar as residents will see it) and what was done. */
export function ProgressForm({ current, busy, error, onPost }: ProgressProps) {
  const [progress, setProgress] = useState(current)
  const [note, setNote] = useState('')

  const post = async () => {
    if (await onPost(note, progress)) setNote('')
  }

  return (
    <View className="follow-up">
      <Field label="办理进度" hint={`每次加减${PROGRESS_STEP}%；办完选100%`}>
        <View className="follow-up__progress">
          <View
            className={['follow-up__step', progress <= 0 ? 'follow-up__step--off' : ''].filter(Boolean).join(' ')}
            {...control('button', '进度减少')}
            onClick={() => progress > 0 && setProgress(stepProgress(progress, -1))}
          >
            −
          </View>
          <View className="follow-up__bar">
            <ProgressBar value={progress} />
          </View>
          <View
            className={['follow-up__step', progress >= 100 ? 'follow-up__step--off' : ''].filter(Boolean).join(' ')}
            {...control('button', '进度增加')}
            onClick={() => progress < 100 && setProgress(stepProgress(progress, 1))}
          >
            +
          </View>
        </View>
      </Field>
      <Field label="进展说明" error={error} hint={`2-${UPDATE_NOTE_MAX}个字，居民会看到并收到通知`}>
        <TextArea
          value={note}
          onChange={setNote}
          maxlength={UPDATE_NOTE_MAX}
          placeholder="例如：施工单位已进场，完成划线"
        />
      </Field>
      <ActionButton block loading={busy} onClick={() => void post()}>
        发布办理进展
      </ActionButton>
    </View>
  )
}
