import * as z from 'zod'
import { pageQuerySchema } from './api'
import { BUILDING_MAX, PHONE_PATTERN, REAL_NAME_MAX, REAL_NAME_MIN } from './identity'

/** 代办: residents without WeChat whom staff register, and for whom they post wishes and book slots. */

export const UNIT_MAX = 10
export const ROOM_MAX = 10

export const PROXY_RELATIONS = ['owner', 'tenant', 'family'] as const

const optionalPhone = z
  .string()
  .trim()
  .regex(PHONE_PATTERN, '请填写11位手机号码')
  .optional()
  .or(z.literal('').transform(() => undefined))

export const createProxyResidentSchema = z
  .object({
    realName: z
      .string()
      .trim()
      .min(REAL_NAME_MIN, `姓名请写${REAL_NAME_MIN}-${REAL_NAME_MAX}个字`)
      .max(REAL_NAME_MAX, `姓名请写${REAL_NAME_MIN}-${REAL_NAME_MAX}个字`),
    phone: optionalPhone,
    building: z.string().trim().min(1, '请填写楼栋').max(BUILDING_MAX, `楼栋最多${BUILDING_MAX}个字`),
    unit: z.string().trim().max(UNIT_MAX, `单元最多${UNIT_MAX}个字`).default(''),
    room: z.string().trim().min(1, '请填写房号').max(ROOM_MAX, `房号最多${ROOM_MAX}个字`),
    /** How they live there; the owner unless staff say otherwise. */
    relation: z.enum(PROXY_RELATIONS, { error: '请选择与房屋的关系' }).default('owner'),
  })
  .strict()
export type CreateProxyResidentInput = z.input<typeof createProxyResidentSchema>

/** A resident staff act for: registered without WeChat (`proxy`), a verified member of the community. */
export const proxyResidentSchema = z.object({
  userId: z.uuid(),
  communityId: z.uuid(),
  realName: z.string(),
  /** The phone staff registered for them; only staff of the community see this list. */
  phone: z.string().nullable(),
  building: z.string(),
  unit: z.string(),
  room: z.string(),
  householdId: z.uuid(),
  createdAt: z.string(),
})
export type ProxyResidentDto = z.infer<typeof proxyResidentSchema>

export const proxyResidentsQuerySchema = pageQuerySchema
export type ProxyResidentsQuery = z.input<typeof proxyResidentsQuerySchema>

/** The resident a staff member acts for, on `POST /api/wishes` and `POST /api/bookings`. */
export const onBehalfOfSchema = z.uuid('请从列表中选择代办的居民').optional()

/** How a timeline names an act done for someone: "陈主任 代 李奶奶 发布了心愿". */
export const actedForLabel = (actedBy: string | null, actor: string | null, what: string): string =>
  actedBy ? `${actedBy} 代 ${actor ?? ''} ${what}` : `${actor ?? ''}${what}`
