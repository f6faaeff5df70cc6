/** Where "now" comes from, so tests can move time (claim timeouts, voting windows, slot starts). */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that stands still until told to move. */
export function manualClock(
  start: Date | string = new Date(),
): Clock & { set(t: Date | string): void; advance(ms: number): void } {
  let current = new Date(start)
  return {
    now: () => new Date(current),
    set: (t) => {
      current = new Date(t)
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms)
    },
  }
}
