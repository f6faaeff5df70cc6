import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/server/db/connect'
import { migrate } from '../../src/server/db/migrate'
import { DEMO, seed } from '../../src/server/db/seed'
import { addDays, shanghaiDate } from '../../src/shared/stations'
import type { Db } from '../../src/server/db/types'
import { makeUser, type TestUser } from '../api/support/fixtures'
import { call, startHarness, type Harness } from '../api/support/harness'
import { checkInvariants, describeViolations } from '../api/support/invariants'
import { createCluster, findPostgresBin, type Cluster } from './cluster'

/**
 * The database goes away while requests flow, and comes back: shut down (pg_ctl stop -m fast), killed (-m immediate,
 * then crash recovery) and frozen (SIGSTOP: connections stay open, nothing answers). On a PostgreSQL cluster of the
 * test's own (the shared server must never be stopped), through the same driver path as CI's PostgreSQL pass: the
 * Neon Pool over the local WebSocket-to-TCP proxy. Every request must answer within 10 s: 503 DB_UNAVAILABLE while
 * the database is away, never a 500; once it is back the next requests succeed; afterwards every invariant holds.
 * Figures are printed for each: time to the first 503, the longest answer during the outage, time to recover.
 */

const ANSWER_WITHIN_MS = 10_000
const WARM_UP_MS = 3_000
const DOWN_MS = 8_000
const AFTER_MS = 4_000
const WORKERS = 8

const found = findPostgresBin()
const skipReason = 'reason' in found ? found.reason : null
if (skipReason) console.warn(`outage test skipped: ${skipReason}`)

interface Sample {
  kind: string
  start: number
  end: number
  status: number
  code?: string
}

const now = () => performance.now()

const MODES = {
  fast: 'pg_ctl stop -m fast',
  immediate: 'pg_ctl stop -m immediate',
  freeze: 'server processes frozen (SIGSTOP)',
} as const

describe.skipIf(skipReason !== null)('database outage', () => {
  let cluster: Cluster
  let db: Db
  let h: Harness

  beforeAll(async () => {
    cluster = await createCluster((found as { bin: string }).bin)
    await cluster.start()
    db = await openDatabase({ databaseUrl: cluster.url, dataDir: '', poolSize: 10 })
    await migrate(db)
    await seed(db)
    h = await startHarness({ db })
  }, 120_000)

  afterAll(async () => {
    await h?.close()
    await cluster?.destroy()
  })

  /** Everything the flow needs, made through the API before the database goes away. */
  async function makeScene() {
    const C = DEMO.communities.sunshine
    const staff = { id: DEMO.users.staffSunshine, token: h.tokens.sign(DEMO.users.staffSunshine) }
    const residents: TestUser[] = []
    for (let i = 0; i < 12; i++) residents.push(await makeUser(h, 'resident', C))
    const volunteers: TestUser[] = []
    for (let i = 0; i < 4; i++) volunteers.push(await makeUser(h, 'volunteer', C))

    // Open wishes to claim and release, bookable slots tomorrow, the demo topic to vote on.
    const wishes: string[] = []
    for (const owner of residents.slice(0, 4)) {
      for (let i = 0; i < 2; i++) {
        const posted = await call(h.app, 'POST', '/api/wishes', {
          token: owner.token,
          body: {
            title: `帮忙取快递${i}`,
            description: '放在驿站',
            category: 'daily_goods',
            address: '3号楼1单元101',
            contactPhone: '13812345678',
          },
        })
        expect(posted.status, JSON.stringify(posted.body)).toBe(201)
        const reviewed = await call(h.app, 'POST', `/api/wishes/${posted.body.id}/review`, {
          token: staff.token,
          body: { approve: true },
        })
        expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200)
        wishes.push(posted.body.id)
      }
    }
    const tomorrow = addDays(shanghaiDate(h.clock.now()), 1)
    const day = await call(h.app, 'GET', `/api/services/${DEMO.services.reading}/slots?date=${tomorrow}`)
    expect(day.status, JSON.stringify(day.body)).toBe(200)
    const slots = (day.body.items as { id: string }[]).map((s) => s.id)
    expect(slots.length).toBeGreaterThan(3)
    const topic = await call(h.app, 'GET', `/api/topics/${DEMO.topics.parking}`, { token: residents[0]!.token })
    expect(topic.status, JSON.stringify(topic.body)).toBe(200)
    const options = (topic.body.options as { id: string }[]).map((o) => o.id)

    return { C, residents, volunteers, wishes, tomorrow, slots, options }
  }

  /** Requests flow; the database is stopped in the given mode, stays down, is started again; the flow goes on. */
  async function outage(mode: 'fast' | 'immediate' | 'freeze') {
    const { C, residents, volunteers, wishes, tomorrow, slots, options } = scene
    const samples: Sample[] = []
    const request = async (kind: string, method: string, path: string, token?: string, body?: unknown) => {
      const start = now()
      let timer: NodeJS.Timeout | undefined
      const hang = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), ANSWER_WITHIN_MS + 5_000)
      })
      const reply = await Promise.race([
        call(h.app, method, path, {
          token,
          body,
          // As the mini-program sends its writes.
          headers: method === 'GET' ? {} : { 'idempotency-key': randomUUID() },
        }),
        hang,
      ])
      clearTimeout(timer)
      const sample: Sample = { kind, start, end: now(), status: reply?.status ?? 0, code: reply?.body?.error?.code }
      samples.push(sample)
      return reply
    }
    const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!
    let running = true
    const worker = async (n: number) => {
      const resident = residents[n % residents.length]!
      const volunteer = volunteers[n % volunteers.length]!
      for (let round = 0; running; round++) {
        switch ((round + n) % 6) {
          case 0:
            await request('read wall', 'GET', `/api/wishes?communityId=${C}`, resident.token)
            break
          case 1:
            await request('read slots', 'GET', `/api/services/${DEMO.services.reading}/slots?date=${tomorrow}`)
            break
          case 2:
            await request('read topic', 'GET', `/api/topics/${DEMO.topics.parking}/results`, resident.token)
            break
          case 3: {
            const booked = await request('book', 'POST', '/api/bookings', resident.token, {
              slotId: pick(slots),
              partySize: 1,
            })
            if (booked?.status === 201) {
              await request('cancel', 'POST', `/api/bookings/${booked.body.id}/cancel`, resident.token)
            }
            break
          }
          case 4: {
            const wish = pick(wishes)
            const claimed = await request('claim', 'POST', `/api/wishes/${wish}/claim`, volunteer.token, {})
            if (claimed?.status === 200) {
              await request('release', 'POST', `/api/wishes/${wish}/release`, volunteer.token, { reason: '临时有事' })
            }
            break
          }
          default:
            await request('vote', 'PUT', `/api/topics/${DEMO.topics.parking}/ballot`, resident.token, {
              optionIds: [pick(options)],
            })
        }
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    }
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

    const flow = Promise.all(Array.from({ length: WORKERS }, (_, n) => worker(n)))
    await sleep(WARM_UP_MS)
    const stopIssued = now()
    if (mode === 'freeze') cluster.freeze()
    else await cluster.stop(mode)
    const stopped = now()
    await sleep(DOWN_MS / 2)
    const health = await request('health', 'GET', '/api/health')
    await sleep(DOWN_MS / 2)
    const startIssued = now()
    if (mode === 'freeze') cluster.thaw()
    else await cluster.start()
    const started = now()
    await sleep(AFTER_MS)
    running = false
    await flow
    const finished = now()

    // Figures.
    const latency = (s: Sample) => s.end - s.start
    const before = samples.filter((s) => s.end < stopIssued)
    const duringOutage = samples.filter((s) => s.end >= stopIssued && s.start < started)
    const down = samples.filter((s) => s.start >= stopped && s.end <= startIssued)
    const after = samples.filter((s) => s.start >= started)
    const first503 = samples.filter((s) => s.status === 503).sort((a, b) => a.end - b.end)[0]
    const firstSuccess = after.filter((s) => s.status < 500).sort((a, b) => a.end - b.end)[0]
    const ms = (x: number) => `${Math.round(x)} ms`
    const statuses = (list: Sample[]) =>
      Object.entries(
        list.reduce<Record<string, number>>((acc, s) => {
          const key = `${s.status}${s.code ? ` ${s.code}` : ''}`
          acc[key] = (acc[key] ?? 0) + 1
          return acc
        }, {}),
      )
        .map(([k, n]) => `${k}×${n}`)
        .join(', ')
    console.log(
      [
        `outage figures, ${MODES[mode]} (Neon Pool via the local proxy, pool of 10, ${WORKERS} workers):`,
        `  requests: ${samples.length} in ${ms(finished - stopIssued + WARM_UP_MS)}; before the stop ${before.length}, ` +
          `overlapping the outage ${duringOutage.length}, after the restart ${after.length}`,
        `  going down took ${ms(stopped - stopIssued)}; coming back took ${ms(started - startIssued)}`,
        `  time to first 503: ${first503 ? ms(first503.end - stopIssued) : 'none'} after the stop was issued`,
        `  max latency during the outage: ${ms(Math.max(0, ...duringOutage.map(latency)))}; ` +
          `max latency overall: ${ms(Math.max(0, ...samples.map(latency)))}`,
        `  time to recover: first success ${firstSuccess ? ms(firstSuccess.end - started) : 'none'} after the ` +
          `server was up (${firstSuccess ? ms(firstSuccess.end - startIssued) : 'none'} after the start was issued)`,
        `  before: ${statuses(before)}`,
        `  overlapping the outage: ${statuses(duringOutage)}`,
        `  while down: ${statuses(down)}`,
        `  after: ${statuses(after)}`,
      ].join('\n'),
    )

    // No hang and no 500, ever: every answer within 10 s, every server error a 503 DB_UNAVAILABLE.
    const slow = samples.filter((s) => s.status === 0 || latency(s) > ANSWER_WITHIN_MS)
    expect(
      slow.map((s) => ({ ...s, ms: Math.round(latency(s)) })),
      'hung or slower than 10 s',
    ).toEqual([])
    const serverErrors = samples.filter((s) => s.status >= 500 && !(s.status === 503 && s.code === 'DB_UNAVAILABLE'))
    expect(serverErrors, 'server errors other than 503 DB_UNAVAILABLE').toEqual([])
    // Before the stop everything worked (4xx are the flow's own conflicts: a full slot, a wish claimed by another).
    expect(before.length).toBeGreaterThan(20)
    expect(before.filter((s) => s.status >= 500)).toEqual([])
    // While the server was down, every request was 503 DB_UNAVAILABLE, the health check too.
    // (Frozen, each request waits out the driver's timeouts, 4–5 s, so fewer of them are made.)
    expect(down.length).toBeGreaterThan(mode === 'freeze' ? 5 : 20)
    expect(down.filter((s) => s.status !== 503 || s.code !== 'DB_UNAVAILABLE')).toEqual([])
    expect(health?.status).toBe(503)
    // Once it was back, the next requests succeeded.
    expect(after.length).toBeGreaterThan(20)
    expect(after.filter((s) => s.status >= 500)).toEqual([])
    expect(after.filter((s) => s.status < 300).length).toBeGreaterThan(10)

    // Nothing half-written: the invariants hold on what the flow and the outage left.
    const violations = await checkInvariants(db)
    expect(violations, describeViolations(violations)).toEqual([])
  }

  let scene: Awaited<ReturnType<typeof makeScene>>

  it('answers 503 DB_UNAVAILABLE within 10 s while PostgreSQL is shut down, recovers, and keeps every invariant', async () => {
    scene = await makeScene()
    await outage('fast')
  })

  it('does the same when PostgreSQL dies at once (pg_ctl stop -m immediate: no goodbye, crash recovery)', async () => {
    await outage('immediate')
  })

  it('does the same when PostgreSQL stops answering but keeps its connections open (frozen, as a lost network)', async () => {
    await outage('freeze')
  })
})
