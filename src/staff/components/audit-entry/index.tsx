import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Card } from '@/components/card'
import type { AuditEntryDto } from '@/shared/workbench'
import { formatDateTime } from '@/utils/format'
import { auditActionPhrase, auditActor, auditChanges, auditEntityLink } from './phrases'
import { control } from '@/components/aria'
import './index.scss'

interface Props {
  entry: AuditEntryDto
  /** The community's name, when the viewer sees more than one. */
  communityName: string | null
}

/** One recorded action in plain words (who did what, when), with what changed behind 查看变更. */
export function AuditEntry({ entry, communityName }: Props) {
  const [open, setOpen] = useState(false)
  const changes = auditChanges(entry.before, entry.after, entry.entityType)
  const link = auditEntityLink(entry)
  return (
    <Card className="audit-entry" gap="list" padding="snug">
      <View className="audit-entry__what">
        <View className="audit-entry__actor">{auditActor(entry)}</View>
        {auditActionPhrase(entry.action)}
      </View>
      <View className="audit-entry__when">
        {formatDateTime(entry.createdAt)}
        {communityName ? ` · ${communityName}` : ''}
      </View>
      <View className="audit-entry__links">
        {changes.length > 0 ? (
          <View className="audit-entry__toggle" {...control()} onClick={() => setOpen(!open)}>
            {open ? '收起变更 ⌃' : `查看变更（${changes.length}项） ⌄`}
          </View>
        ) : null}
        {link ? (
          <View
            className="audit-entry__open"
            {...control()}
            onClick={() => void Taro.navigateTo({ url: link.url }).catch(() => undefined)}
          >
            {link.label} ›
          </View>
        ) : null}
      </View>
      {open && changes.length > 0 ? (
        <View className="audit-entry__changes">
          {changes.map((c) => (
            <View key={c.field} className="audit-entry__change">
              <View className="audit-entry__field">{c.label}</View>
              <View className="audit-entry__values">{c.before === null ? c.after : `${c.before} → ${c.after}`}</View>
            </View>
          ))}
        </View>
      ) : null}
    </Card>
  )
}
