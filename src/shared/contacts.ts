import * as z from 'zod'
import { pageQuerySchema } from './api'
import { PHONE_PATTERN } from './identity'

/** 楼道联系牌 and 党员报到. */

export const contactSchema = z.object({ name: z.string(), phone: z.string().nullable() })
export type ContactDto = z.infer<typeof contactSchema>

/** The people a verified member may call about their building. */
export const contactsSchema = z.object({
  community: z.object({ name: z.string(), phone: z.string().nullable(), address: z.string().nullable() }),
  /** The grid workers of the member's building's grid. */
  gridWorkers: z.array(contactSchema),
  /** The building heads of the member's building. */
  buildingHeads: z.array(contactSchema),
  /** Confirmed party members of the member's building who chose to be listed. */
  partyMembers: z.array(contactSchema),
})
export type ContactsDto = z.infer<typeof contactsSchema>

export const PARTY_STATUSES = ['pending', 'confirmed'] as const
export type PartyStatus = (typeof PARTY_STATUSES)[number]
export const PARTY_STATUS_LABELS: Record<PartyStatus, string> = { pending: '待确认', confirmed: '已报到' }

export const ORGANIZATION_MIN = 2
export const ORGANIZATION_MAX = 60

const phone = z.string().trim().regex(PHONE_PATTERN, '请填写11位手机号码')

export const registerPartySchema = z
  .object({
    organization: z
      .string()
      .trim()
      .min(ORGANIZATION_MIN, `所在党组织请写${ORGANIZATION_MIN}-${ORGANIZATION_MAX}个字`)
      .max(ORGANIZATION_MAX, `所在党组织请写${ORGANIZATION_MIN}-${ORGANIZATION_MAX}个字`),
    phone: phone.optional().or(z.literal('').transform(() => undefined)),
    /** Appear on the building's 楼道联系牌 once confirmed: needs a phone. */
    listed: z.boolean().default(false),
  })
  .strict()
  .refine((v) => !v.listed || v.phone, { message: '在联系牌上展示需要留一个电话', path: ['phone'] })
export type RegisterPartyInput = z.input<typeof registerPartySchema>

export const patchPartySchema = z.object({ listed: z.boolean(), phone: phone.optional() }).strict()
export type PatchPartyInput = z.input<typeof patchPartySchema>

/** The member's own registration. */
export const partyRegistrationSchema = z.object({
  userId: z.uuid(),
  communityId: z.uuid(),
  organization: z.string(),
  phone: z.string().nullable(),
  status: z.enum(PARTY_STATUSES),
  /** Wants to be on the 楼道联系牌; shown there once confirmed. */
  listed: z.boolean(),
  appliedAt: z.string(),
  confirmedAt: z.string().nullable(),
})
export type PartyRegistrationDto = z.infer<typeof partyRegistrationSchema>

/** A registration as staff see it: with the member's name and address. */
export const partyRegistrationForStaffSchema = partyRegistrationSchema.extend({
  realName: z.string(),
  building: z.string(),
  unit: z.string(),
  room: z.string(),
})
export type PartyRegistrationForStaffDto = z.infer<typeof partyRegistrationForStaffSchema>

export const partyListQuerySchema = pageQuerySchema.extend({ status: z.enum(PARTY_STATUSES).default('pending') })
