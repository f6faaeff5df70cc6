import { View } from '@tarojs/components'
import type { TopicDetailDto } from '@/shared/topics'
import { formatDateTime } from '@/utils/format'
import { clampProgress, latestProgress, updatesNewestFirst } from '@/utils/topic'
import { Section } from '../section'
import './index.scss'

interface ProgressBarProps {
  /** 0–100. */
  value: number
  /** Words before the figure, e.g. 办理进度. */
  label?: string
}

/** A progress bar of plain Views, with its figure in words (100 reads 已完成). */
export function ProgressBar({ value, label }: ProgressBarProps) {
  const v = clampProgress(value)
  return (
    <View className="progress">
      <View className="progress__line">
        {label ? <View className="progress__label">{label}</View> : null}
        <View className={['progress__figure', v === 100 ? 'progress__figure--done' : ''].filter(Boolean).join(' ')}>
          {v === 100 ? '已完成 100%' : `${v}%`}
        </View>
      </View>
      <View className="progress__track">
        <View
          className={['progress__fill', v === 100 ? 'progress__fill--done' : ''].filter(Boolean).join(' ')}
          style={{ width: `${v}%` }}
        />
      </View>
    </View>
  )
}

interface Props {
  topic: Pick<TopicDetailDto, 'progress' | 'updates' | 'outcome'>
}

/** 处理结果 and 办理进展: what the community decided after the vote, and each step since, newest first. */
export function TopicProgress({ topic }: Props) {
  const progress = latestProgress(topic)
  if (!topic.outcome && progress === null && topic.updates.length === 0) return null
  return (
    <View>
      {topic.outcome ? (
        <Section title="处理结果" className="topic-outcome">
          <View className="topic-outcome__summary">{topic.outcome.summary}</View>
          <View className="topic-outcome__when">{formatDateTime(topic.outcome.publishedAt)} 公布</View>
        </Section>
      ) : null}
      {progress !== null || topic.updates.length > 0 ? (
        <Section title="办理进展" className="topic-updates">
          <ProgressBar value={progress ?? 0} label="目前进度" />
          {updatesNewestFirst(topic.updates).map((u, i) => (
            <View key={`${u.createdAt}-${i}`} className="topic-updates__item">
              <View className="topic-updates__head">
                <View className="topic-updates__when">{formatDateTime(u.createdAt)}</View>
                <View className="topic-updates__pct">{clampProgress(u.progress)}%</View>
              </View>
              <View className="topic-updates__note">{u.note}</View>
            </View>
          ))}
        </Section>
      ) : null}
    </View>
  )
}
