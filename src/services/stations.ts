import type { Page } from '@/shared/api'
import type {
  BookingDto,
  ClosureResultDto,
  CreateBookingInput,
  CreateClosureInput,
  CreateServiceInput,
  CreateStationInput,
  JoinWaitlistInput,
  MyBookingsQuery,
  PatchServiceInput,
  PatchStationInput,
  ServiceDto,
  SlotDayDto,
  StaffBookingDto,
  StationDetailDto,
  StationListQuery,
  StationSummaryDto,
  WaitlistEntryDto,
} from '@/shared/stations'
import { http } from './http'

/** 驿站预约 API calls: one function per endpoint. Writes take the action's Idempotency-Key. */

const enc = encodeURIComponent

export type StationQuery = Omit<StationListQuery, 'limit' | 'lat' | 'lng'> & {
  limit?: number
  lat?: number
  lng?: number
}

/** Stations, nearest first when lat/lng are given. */
export function listStations(query: StationQuery = {}): Promise<Page<StationSummaryDto>> {
  return http.get<Page<StationSummaryDto>>('/api/stations', { query: { ...query } })
}

export function getStation(id: string): Promise<StationDetailDto> {
  return http.get<StationDetailDto>(`/api/stations/${enc(id)}`)
}

/** One day's slots of a service (YYYY-MM-DD, Shanghai). */
export function listSlots(serviceId: string, date: string): Promise<SlotDayDto> {
  return http.get<SlotDayDto>(`/api/services/${enc(serviceId)}/slots`, { query: { date } })
}

export function createBooking(input: CreateBookingInput, idempotencyKey?: string): Promise<BookingDto> {
  return http.post<BookingDto>('/api/bookings', input, { idempotencyKey })
}

export type MyBookingsPageQuery = Omit<MyBookingsQuery, 'limit'> & { limit?: number }

export function listMyBookings(query: MyBookingsPageQuery = {}): Promise<Page<BookingDto>> {
  return http.get<Page<BookingDto>>('/api/me/bookings', { query: { ...query } })
}

export function cancelBooking(id: string, idempotencyKey?: string): Promise<BookingDto> {
  return http.post<BookingDto>(`/api/bookings/${enc(id)}/cancel`, {}, { idempotencyKey })
}

export function joinWaitlist(slotId: string, input: JoinWaitlistInput, idempotencyKey?: string) {
  return http.post<WaitlistEntryDto>(`/api/slots/${enc(slotId)}/waitlist`, input, { idempotencyKey })
}

/** The user's waitlist entries still waiting, soonest slot first. */
export function listMyWaitlist(): Promise<Page<WaitlistEntryDto>> {
  return http.get<Page<WaitlistEntryDto>>('/api/me/waitlist')
}

export function leaveWaitlist(id: string, idempotencyKey?: string): Promise<WaitlistEntryDto> {
  return http.post<WaitlistEntryDto>(`/api/waitlist/${enc(id)}/cancel`, {}, { idempotencyKey })
}

/* Staff */

export function checkIn(code: string, idempotencyKey?: string): Promise<StaffBookingDto> {
  return http.post<StaffBookingDto>('/api/bookings/check-in', { code }, { idempotencyKey })
}

/** A service's bookings on one day, for staff of its station's community. */
export function listServiceBookings(serviceId: string, date: string): Promise<Page<StaffBookingDto>> {
  return http.get<Page<StaffBookingDto>>(`/api/services/${enc(serviceId)}/bookings`, { query: { date } })
}

export function createStation(input: CreateStationInput, idempotencyKey?: string): Promise<StationDetailDto> {
  return http.post<StationDetailDto>('/api/stations', input, { idempotencyKey })
}

export function updateStation(id: string, input: PatchStationInput, idempotencyKey?: string) {
  return http.patch<StationDetailDto>(`/api/stations/${enc(id)}`, input, { idempotencyKey })
}

export function createService(stationId: string, input: CreateServiceInput, idempotencyKey?: string) {
  return http.post<ServiceDto>(`/api/stations/${enc(stationId)}/services`, input, { idempotencyKey })
}

export function updateService(id: string, input: PatchServiceInput, idempotencyKey?: string) {
  return http.patch<ServiceDto>(`/api/services/${enc(id)}`, input, { idempotencyKey })
}

export function closeStation(stationId: string, input: CreateClosureInput, idempotencyKey?: string) {
  return http.post<ClosureResultDto>(`/api/stations/${enc(stationId)}/closures`, input, { idempotencyKey })
}
