import * as z from 'zod'
import { pageQuerySchema } from './api'

/** 消息: the in-app inbox. */

export const notificationSchema = z.object({
  id: z.uuid(),
  /** What happened, e.g. `wish.claimed`, `booking.promoted`, `topic.outcome`. */
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** What the message is about, to open it: `wish`, `booking`, `slot`, `topic`, `volunteer`. */
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
})
export type NotificationDto = z.infer<typeof notificationSchema>

export const notificationsQuerySchema = pageQuerySchema.extend({
  unread: z.enum(['true', 'false']).optional(),
})
export type NotificationsQuery = z.input<typeof notificationsQuerySchema>

export const notificationsPageSchema = z.object({
  items: z.array(notificationSchema),
  nextCursor: z.string().nullable(),
  unreadCount: z.number(),
})
export type NotificationsPageDto = z.infer<typeof notificationsPageSchema>

/** Mark the messages given as read, or all of them. */
export const markReadSchema = z.union([
  z.object({ ids: z.array(z.uuid()).min(1, '请选择消息').max(100, '一次最多100条') }).strict(),
  z.object({ all: z.literal(true) }).strict(),
])
export type MarkReadInput = z.input<typeof markReadSchema>

export const unreadCountSchema = z.object({ unreadCount: z.number() })
