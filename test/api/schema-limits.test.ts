import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as z from 'zod'
import { sql } from '../../src/server/db/sql'
import { NICKNAME_MAX, REAL_NAME_MAX, REAL_NAME_MIN, REASON_MAX } from '../../src/shared/identity'
import {
  createClosureSchema,
  createServiceSchema,
  createStationSchema,
  MAX_UPCOMING_BOOKINGS,
  PARTY_SIZE_MAX,
} from '../../src/shared/stations'
import {
  COMMENT_MAX,
  OPTION_LABEL_MAX,
  OUTCOME_MAX,
  progressUpdateSchema,
  TOPIC_BODY_MAX,
  TOPIC_TITLE_MAX,
  TOPIC_TITLE_MIN,
  UPDATE_NOTE_MAX,
} from '../../src/shared/topics'
import { WORD_MAX } from '../../src/shared/workbench'
import {
  FULFIL_NOTE_MAX,
  HOURS_MAX,
  HOURS_MIN,
  MAX_LIVE_CLAIMS,
  MAX_LIVE_WISHES,
  THANKS_MAX,
  WISH_ADDRESS_MAX,
  WISH_DESCRIPTION_MAX,
  WISH_TITLE_MAX,
  WISH_TITLE_MIN,
} from '../../src/shared/wishes'
import { openTestDb } from './support/harness'
import type { Db } from '../../src/server/db/types'

/**
 * The database's CHECK bounds and the limits the contracts in src/shared validate with are one truth: a contract
 * that allowed more than its column would answer 500 where it should answer 400, and one that allowed less would
 * refuse what the database was built to keep. Each bound is read from the migrated schema itself.
 */
interface Bounds {
  min?: number
  max?: number
}

/** The bounds of a string's length or a number's value, through optional, default and transform wrappers. */
function contractBounds(schema: z.ZodType): Bounds {
  let inner = schema as unknown as { _zod: { def: { innerType?: unknown; in?: unknown } } } & Record<string, unknown>
  while (inner._zod.def.innerType || inner._zod.def.in)
    inner = (inner._zod.def.innerType ?? inner._zod.def.in) as typeof inner
  const min = (inner.minLength ?? inner.minValue) as number | null
  const max = (inner.maxLength ?? inner.maxValue) as number | null
  return { min: min ?? undefined, max: max ?? undefined }
}

/** `table.column` → the bounds the contracts give it. */
const LIMITS: Record<string, Bounds> = {
  'users.live_wishes': { min: 0, max: MAX_LIVE_WISHES },
  'users.live_claims': { min: 0, max: MAX_LIVE_CLAIMS },
  'users.upcoming_bookings': { min: 0, max: MAX_UPCOMING_BOOKINGS },
  'volunteers.real_name': { min: REAL_NAME_MIN, max: REAL_NAME_MAX },
  'wishes.title': { min: WISH_TITLE_MIN, max: WISH_TITLE_MAX },
  'wishes.description': { max: WISH_DESCRIPTION_MAX },
  'wishes.address': { max: WISH_ADDRESS_MAX },
  'wishes.fulfil_note': { max: FULFIL_NOTE_MAX },
  'wishes.hours': { min: HOURS_MIN, max: HOURS_MAX },
  'wishes.rating': { min: 1, max: 5 },
  'wishes.thanks': { max: THANKS_MAX },
  'volunteer_hours.hours': { min: HOURS_MIN, max: HOURS_MAX },
  'stations.name': contractBounds(createStationSchema.shape.name),
  'stations.address': contractBounds(createStationSchema.shape.address),
  'stations.intro': { max: contractBounds(createStationSchema.shape.intro).max },
  'station_services.name': contractBounds(createServiceSchema.shape.name),
  'station_services.slot_minutes': contractBounds(createServiceSchema.shape.slotMinutes),
  'station_services.capacity': contractBounds(createServiceSchema.shape.capacity),
  'station_services.booking_window_days': contractBounds(createServiceSchema.shape.bookingWindowDays),
  'station_services.cancel_cutoff_minutes': contractBounds(createServiceSchema.shape.cancelCutoffMinutes),
  'station_closures.reason': contractBounds(createClosureSchema.shape.reason),
  'bookings.party_size': { min: 1, max: PARTY_SIZE_MAX },
  'waitlist_entries.party_size': { min: 1, max: PARTY_SIZE_MAX },
  'topics.title': { min: TOPIC_TITLE_MIN, max: TOPIC_TITLE_MAX },
  'topics.body': { min: 1, max: TOPIC_BODY_MAX },
  'topics.outcome_summary': { max: OUTCOME_MAX },
  'topic_options.label': { min: 1, max: OPTION_LABEL_MAX },
  'topic_comments.body': { min: 1, max: COMMENT_MAX },
  'comment_reports.reason': { min: 2, max: REASON_MAX },
  'topic_updates.note': { min: 2, max: UPDATE_NOTE_MAX },
  'topic_updates.progress': contractBounds(progressUpdateSchema.shape.progress),
  'sensitive_words.word': { min: 1, max: WORD_MAX },
}

/**
 * Where the column takes more than the contract on purpose. A nickname may come from a WeChat profile as well as
 * from the form, so its column is wider than what the form accepts.
 */
const WIDER_COLUMNS: Record<string, Bounds> = {
  'users.nickname': { min: 1, max: NICKNAME_MAX },
}

let db: Db
beforeAll(async () => {
  db = await openTestDb(2)
})
afterAll(() => db.close())

/** Every `column >= n` and `column <= n` (or of its char_length) in the CHECK constraints, by `table.column`. */
async function schemaBounds(): Promise<Map<string, Bounds>> {
  const rows = await db.query<{ tbl: string; def: string }>(
    sql`SELECT conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def
        FROM pg_constraint WHERE contype = 'c' AND conrelid <> 0`,
  )
  const found = new Map<string, Bounds>()
  for (const { tbl, def } of rows) {
    const pattern = /\((?:char_length\()?(\w+)\)? ([<>]=) \(?'?(-?[\d.]+)'?/g
    for (const [, column, op, value] of def.matchAll(pattern)) {
      const key = `${tbl}.${column}`
      const bounds = found.get(key) ?? {}
      bounds[op === '>=' ? 'min' : 'max'] = Number(value)
      found.set(key, bounds)
    }
  }
  return found
}

describe('CHECK bounds and the contracts', () => {
  it('bound each column exactly as the contract that writes it', async () => {
    const bounds = await schemaBounds()
    for (const [column, limits] of Object.entries(LIMITS)) {
      expect({ column, ...bounds.get(column) }).toEqual({ column, ...limits })
    }
  })

  it('keep a column wider than its contract only where that is meant', async () => {
    const bounds = await schemaBounds()
    for (const [column, limits] of Object.entries(WIDER_COLUMNS)) {
      const found = bounds.get(column)!
      expect(found.min!, column).toBeLessThanOrEqual(limits.min!)
      expect(found.max!, column).toBeGreaterThan(limits.max!)
    }
  })
})
