import type { StaffBookingDto } from '@/shared/stations'

/** Every booking but a cancelled one holds its seats, a no-show's included (the seat was kept for them). */
export const holdsSeats = (booking: Pick<StaffBookingDto, 'status'>) => booking.status !== 'cancelled'

export interface SlotGroup {
  slotId: string
  startsAt: string
  endsAt: string
  /** Active bookings first (in booking order), cancelled ones last. */
  bookings: StaffBookingDto[]
  /** Seats taken: the party sizes of the bookings that hold seats. */
  seats: number
  /** People already checked in. */
  checkedIn: number
}

/** A day's bookings of one service, one group per slot, earliest first. */
export function groupBySlot(items: readonly StaffBookingDto[]): SlotGroup[] {
  const groups = new Map<string, SlotGroup>()
  for (const booking of items) {
    let group = groups.get(booking.slotId)
    if (!group) {
      group = {
        slotId: booking.slotId,
        startsAt: booking.startsAt,
        endsAt: booking.endsAt,
        bookings: [],
        seats: 0,
        checkedIn: 0,
      }
      groups.set(booking.slotId, group)
    }
    group.bookings.push(booking)
    if (holdsSeats(booking)) group.seats += booking.partySize
    if (booking.status === 'checked_in') group.checkedIn += booking.partySize
  }
  const list = [...groups.values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt))
  for (const group of list) {
    group.bookings.sort((a, b) => Number(!holdsSeats(a)) - Number(!holdsSeats(b)))
  }
  return list
}

export interface DayTotals {
  bookings: number
  people: number
  checkedIn: number
}

/** The day at a glance: bookings still standing, the people they bring, the people already here. */
export function dayTotals(items: readonly StaffBookingDto[]): DayTotals {
  const active = items.filter(holdsSeats)
  return {
    bookings: active.length,
    people: active.reduce((n, b) => n + b.partySize, 0),
    checkedIn: active.filter((b) => b.status === 'checked_in').reduce((n, b) => n + b.partySize, 0),
  }
}
