/**
 * The staff forms' text boxes as the API's input, checked with the shared schemas so the messages are the server's.
 * Pure: no Taro, so the rules are unit-tested.
 */
import type * as z from 'zod'
import {
  createServiceSchema,
  createStationSchema,
  patchServiceSchema,
  patchStationSchema,
  type CreateServiceInput,
  type CreateStationInput,
  type PatchServiceInput,
  type PatchStationInput,
  type ServiceDto,
  type StationDetailDto,
} from '@/shared/stations'
import { scheduleFromRows, type ScheduleRow } from './schedule'

/** A whole number typed in a box; anything else (empty, 1.5, abc) is -1, outside every range of the schemas, so the
 * schema's own message, which names the range, is shown. */
export function wholeNumber(text: string): number {
  const t = text.trim()
  return /^\d{1,6}$/.test(t) ? Number(t) : -1
}

/** A coordinate typed in a box (30.27415, -0.5); NaN when it is not a number. */
export function decimalNumber(text: string): number {
  const t = text.trim()
  return /^-?\d{1,3}(\.\d{1,8})?$/.test(t) ? Number(t) : Number.NaN
}

/* Stations */

export interface StationFormValues {
  name: string
  address: string
  lat: string
  lng: string
  phone: string
  intro: string
}

export type StationField = keyof StationFormValues
export type StationErrors = Partial<Record<StationField, string>>

export const EMPTY_STATION_FORM: StationFormValues = { name: '', address: '', lat: '', lng: '', phone: '', intro: '' }

export function stationFormFrom(station: StationDetailDto): StationFormValues {
  return {
    name: station.name,
    address: station.address,
    lat: String(station.lat),
    lng: String(station.lng),
    phone: station.phone ?? '',
    intro: station.intro,
  }
}

// The shared schema gives lat/lng zod's English defaults, so these two messages are the page's own.
const COORD_MESSAGES = {
  lat: '纬度应是-90到90之间的数字，例如 30.27415；也可以在地图上选点',
  lng: '经度应是-180到180之间的数字，例如 120.15515；也可以在地图上选点',
} as const

function issuesOf(schema: z.ZodType, input: unknown): StationErrors {
  const result = schema.safeParse(input)
  const out: StationErrors = {}
  if (result.success) return out
  for (const issue of result.error.issues) {
    const key = issue.path[0]
    if (typeof key !== 'string' || key in out) continue
    const field = key as StationField
    out[field] = field === 'lat' || field === 'lng' ? COORD_MESSAGES[field] : issue.message
  }
  return out
}

export type StationCheck<T> = { ok: true; input: T } | { ok: false; errors: StationErrors }

export function checkNewStation(communityId: string, v: StationFormValues): StationCheck<CreateStationInput> {
  const input: CreateStationInput = {
    communityId,
    name: v.name.trim(),
    address: v.address.trim(),
    lat: decimalNumber(v.lat),
    lng: decimalNumber(v.lng),
    phone: v.phone.trim() || undefined,
    intro: v.intro.trim(),
  }
  const errors = issuesOf(createStationSchema, input)
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, input }
}

/** Only what changed is sent; an emptied phone is cleared (null). */
export function checkStationChanges(station: StationDetailDto, v: StationFormValues): StationCheck<PatchStationInput> {
  const next = {
    name: v.name.trim(),
    address: v.address.trim(),
    lat: decimalNumber(v.lat),
    lng: decimalNumber(v.lng),
    phone: v.phone.trim() || null,
    intro: v.intro.trim(),
  }
  const errors = issuesOf(patchStationSchema, next)
  if (Object.keys(errors).length) return { ok: false, errors }
  const input: PatchStationInput = {}
  if (next.name !== station.name) input.name = next.name
  if (next.address !== station.address) input.address = next.address
  if (next.lat !== station.lat) input.lat = next.lat
  if (next.lng !== station.lng) input.lng = next.lng
  if (next.phone !== station.phone) input.phone = next.phone
  if (next.intro !== station.intro) input.intro = next.intro
  return { ok: true, input }
}

/* Services */

export interface ServiceFormValues {
  name: string
  slotMinutes: string
  capacity: string
  bookingWindowDays: string
  cancelCutoffMinutes: string
  rows: ScheduleRow[]
  active: boolean
}

export type ServiceField = 'name' | 'slotMinutes' | 'capacity' | 'bookingWindowDays' | 'cancelCutoffMinutes'

export interface ServiceErrors {
  fields: Partial<Record<ServiceField, string>>
  /** By row key. */
  rows: Record<number, string>
  /** About the schedule as a whole (overlapping rows, none at all). */
  schedule?: string
}

export function newServiceForm(): ServiceFormValues {
  return {
    name: '',
    slotMinutes: '30',
    capacity: '4',
    bookingWindowDays: '7',
    cancelCutoffMinutes: '60',
    rows: [],
    active: true,
  }
}

export function serviceFormFrom(service: ServiceDto, rows: ScheduleRow[]): ServiceFormValues {
  return {
    name: service.name,
    slotMinutes: String(service.slotMinutes),
    capacity: String(service.capacity),
    bookingWindowDays: String(service.bookingWindowDays),
    cancelCutoffMinutes: String(service.cancelCutoffMinutes),
    rows,
    active: service.active,
  }
}

const NO_SCHEDULE = '请至少添加一个服务时段，居民才能预约'

function serviceIssues(schema: z.ZodType, input: unknown, rows: readonly ScheduleRow[]): ServiceErrors | null {
  const result = schema.safeParse(input)
  const errors: ServiceErrors = { fields: {}, rows: {} }
  if (!result.success) {
    for (const issue of result.error.issues) {
      const [key, index] = issue.path
      if (key === 'schedule') {
        const row = typeof index === 'number' ? rows[index] : undefined
        if (row) errors.rows[row.key] ??= issue.message
        else errors.schedule ??= issue.message
      } else if (typeof key === 'string') {
        errors.fields[key as ServiceField] ??= issue.message
      }
    }
  }
  if (rows.length === 0) errors.schedule ??= NO_SCHEDULE
  const found = Object.keys(errors.fields).length + Object.keys(errors.rows).length + (errors.schedule ? 1 : 0)
  return found ? errors : null
}

function serviceFields(v: ServiceFormValues) {
  return {
    name: v.name.trim(),
    slotMinutes: wholeNumber(v.slotMinutes),
    capacity: wholeNumber(v.capacity),
    bookingWindowDays: wholeNumber(v.bookingWindowDays),
    cancelCutoffMinutes: wholeNumber(v.cancelCutoffMinutes),
    schedule: scheduleFromRows(v.rows),
  }
}

export type ServiceCheck<T> = { ok: true; input: T } | { ok: false; errors: ServiceErrors }

export function checkNewService(v: ServiceFormValues): ServiceCheck<CreateServiceInput> {
  const input: CreateServiceInput = serviceFields(v)
  const errors = serviceIssues(createServiceSchema, input, v.rows)
  return errors ? { ok: false, errors } : { ok: true, input }
}

const sameSchedule = (a: ServiceDto['schedule'], b: ServiceDto['schedule']) => {
  const key = (s: ServiceDto['schedule']) =>
    s
      .map((e) => `${e.weekday} ${e.start} ${e.end}`)
      .sort()
      .join(',')
  return key(a) === key(b)
}

/** Only what changed is sent: a new schedule replaces the old one, so an unchanged one is left alone. */
export function checkServiceChanges(service: ServiceDto, v: ServiceFormValues): ServiceCheck<PatchServiceInput> {
  const next = { ...serviceFields(v), active: v.active }
  const errors = serviceIssues(patchServiceSchema, next, v.rows)
  if (errors) return { ok: false, errors }
  const input: PatchServiceInput = {}
  if (next.name !== service.name) input.name = next.name
  if (next.slotMinutes !== service.slotMinutes) input.slotMinutes = next.slotMinutes
  if (next.capacity !== service.capacity) input.capacity = next.capacity
  if (next.bookingWindowDays !== service.bookingWindowDays) input.bookingWindowDays = next.bookingWindowDays
  if (next.cancelCutoffMinutes !== service.cancelCutoffMinutes) input.cancelCutoffMinutes = next.cancelCutoffMinutes
  if (!sameSchedule(next.schedule, service.schedule)) input.schedule = next.schedule
  if (next.active !== service.active) input.active = next.active
  return { ok: true, input }
}
