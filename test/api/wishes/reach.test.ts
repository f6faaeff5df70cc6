import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import type { TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import {
  act,
  DAY_MS,
  expectError,
  MINUTE_MS,
  openWish,
  PHONE,
  setNickname,
  TEN_YEARS_TTL,
  wishRow,
  wishScene,
} from './helpers'

/**
 * Issue #18: after a claim, the owner and the volunteer can always reach each other, and read each other's names;
 * nobody else can.
 */
let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
})
afterAll(() => h.close())

const COMMUNITY_PHONE = '0571-88001234'
/** What makeUser gives every volunteer's registration. */
const VOLUNTEER = { kind: 'volunteer', name: '测试志愿者', phone: '13900000000' }
const OWNER_REGISTERED_PHONE = '13700000001'

/** The scene with real-looking names and a community phone; the wish asks nothing private unless told to. */
async function scene() {
  const s = await wishScene(h)
  await setNickname(h, s.owner.id, '李奶奶')
  await setNickname(h, s.volunteer.id, '刘师傅')
  await h.db.query(sql`UPDATE communities SET phone = ${COMMUNITY_PHONE} WHERE id = ${s.communityId}`)
  const [c] = await h.db.query<{ name: string }>(sql`SELECT name FROM communities WHERE id = ${s.communityId}`)
  return { ...s, communityName: c!.name }
}
type Scene = Awaited<ReturnType<typeof scene>>

/** 李奶奶's wish of the findings: no address, no phone. Claimed by 刘师傅. */
async function claimedWithoutContact(s: Scene, over: Record<string, unknown> = {}) {
  const id = await openWish(h, s.owner, s.staff, { address: undefined, contactPhone: undefined, ...over })
  const claimed = await act(h, s.volunteer, id, 'claim')
  return { id, claimed }
}

const read = async (user: TestUser, id: string) => {
  const reply = await call(h.app, 'GET', `/api/wishes/${id}`, { token: user.token })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body
}
const seen = async (user: TestUser, id: string) => {
  const { ownerName, claimerName, contacts } = await read(user, id)
  return { ownerName, claimerName, contacts }
}

describe('a claimed wish without contact details (李奶奶, issue #18)', () => {
  it('the owner gets the volunteer’s registered phone; the volunteer the community’s; each reads the other by name', async () => {
    const s = await scene()
    const { id, claimed } = await claimedWithoutContact(s)
    const community = { kind: 'community', name: s.communityName, phone: COMMUNITY_PHONE }
    // The claim's own answer already tells the volunteer whom to call.
    expect(claimed).toMatchObject({ ownerName: '李奶奶', claimerName: '刘师傅', contacts: [community] })
    expect(await seen(s.owner, id)).toEqual({ ownerName: '李奶奶', claimerName: '刘师傅', contacts: [VOLUNTEER] })
    expect(await seen(s.volunteer, id)).toEqual({ ownerName: '李奶奶', claimerName: '刘师傅', contacts: [community] })
    // Staff of the community (and the admin) see both sides by name, and the volunteer's phone.
    for (const staff of [s.staff, s.admin]) {
      expect(await seen(staff, id)).toEqual({ ownerName: '李奶奶', claimerName: '刘师傅', contacts: [VOLUNTEER] })
    }
  })

  it('nobody else: another resident, another volunteer, staff and a volunteer of another community', async () => {
    const s = await scene()
    const { id } = await claimedWithoutContact(s)
    for (const user of [s.stranger, s.volunteer2, s.foreignStaff, s.foreignVolunteer, s.homeless]) {
      const wish = await read(user, id)
      expect({ ownerName: wish.ownerName, claimerName: wish.claimerName, contacts: wish.contacts }).toEqual({
        ownerName: '李**',
        claimerName: '刘**',
        contacts: [],
      })
      const raw = JSON.stringify(wish)
      for (const secret of [VOLUNTEER.phone, VOLUNTEER.name, COMMUNITY_PHONE]) expect(raw).not.toContain(secret)
    }
    // Anonymous readers get nothing at all.
    expectError(await call(h.app, 'GET', `/api/wishes/${id}`), 401, 'UNAUTHENTICATED')
    // The wall never carries a contact, whoever reads it.
    for (const user of [s.owner, s.volunteer, s.staff, s.stranger]) {
      const wall = await call(h.app, 'GET', `/api/wishes?communityId=${s.communityId}`, { token: user.token })
      const raw = JSON.stringify(wall.body)
      for (const secret of [VOLUNTEER.phone, COMMUNITY_PHONE, 'contacts']) expect(raw).not.toContain(secret)
    }
  })

  it('the volunteer calls the owner’s wish phone first, else the phone of the owner’s own registration', async () => {
    const s = await scene()
    const withPhone = (await claimedWithoutContact(s, { contactPhone: PHONE })).id
    const resident = (phone: string) => ({ kind: 'resident', name: '李奶奶', phone })
    expect((await seen(s.volunteer, withPhone)).contacts).toEqual([resident(PHONE)])
    expect((await seen(s.staff, withPhone)).contacts).toEqual([VOLUNTEER, resident(PHONE)])
    await act(h, s.volunteer, withPhone, 'release', { reason: '临时有事' })
    // The owner registered as a volunteer once (here: refused): that phone is theirs too.
    await h.db.query(
      sql`INSERT INTO volunteers (user_id, community_id, real_name, phone, status, reason)
       VALUES (${s.owner.id}, ${s.communityId}, '李秀英', ${OWNER_REGISTERED_PHONE}, 'rejected', '年龄较大')`,
    )
    const { id } = await claimedWithoutContact(s)
    expect((await seen(s.volunteer, id)).contacts).toEqual([resident(OWNER_REGISTERED_PHONE)])
    expect((await seen(s.owner, id)).contacts).toEqual([VOLUNTEER])
  })

  it('lasts while claimed or fulfilled: gone for a volunteer who released, and once completed', async () => {
    const s = await scene()
    const { id } = await claimedWithoutContact(s)
    await act(h, s.volunteer, id, 'release', { reason: '临时有事' })
    expect(await seen(s.volunteer, id)).toEqual({ ownerName: '李**', claimerName: null, contacts: [] })
    expect((await seen(s.owner, id)).contacts).toEqual([])

    await act(h, s.volunteer2, id, 'claim')
    await act(h, s.volunteer2, id, 'fulfil', { note: '快递已放门口', hours: 1 })
    expect((await seen(s.owner, id)).contacts).toEqual([VOLUNTEER])
    expect((await seen(s.volunteer2, id)).contacts).toHaveLength(1)
    await act(h, s.owner, id, 'confirm', { rating: 5 })
    // Done: no more calls, but the two still know whom they helped and who helped them.
    const after = await seen(s.owner, id)
    expect(after.contacts).toEqual([])
    expect(after.claimerName).not.toContain('*')
    expect((await seen(s.volunteer2, id)).ownerName).toBe('李奶奶')
    expect((await seen(s.volunteer, id)).ownerName).toBe('李**')
  })
})

describe('a dispute (还没有完成)', () => {
  it('keeps the claim time and drops the fulfilment note; the volunteer’s new week runs from the dispute', async () => {
    const s = await scene()
    const { id, claimed } = await claimedWithoutContact(s)
    h.clock.advance(6 * DAY_MS)
    await act(h, s.volunteer, id, 'fulfil', { note: '快递已放门口。', hours: 1 })
    const disputed = await act(h, s.owner, id, 'dispute', { reason: '没有收到快递' })
    expect(disputed).toMatchObject({ status: 'claimed', claimedAt: claimed.claimedAt, fulfilNote: null, hours: null })
    // The volunteer can still reach her, and is given the means to talk it over.
    expect(disputed.contacts).toEqual([VOLUNTEER])
    expect((await seen(s.volunteer, id)).contacts).toHaveLength(1)
    // The note stays in the timeline, as what was said then.
    const events = await call(h.app, 'GET', `/api/wishes/${id}/events`, { token: s.owner.token })
    expect(events.body.items.map((e: any) => [e.type, e.note])).toContainEqual(['fulfilled', '快递已放门口。'])

    // Eight days after the claim, two after the dispute: still the volunteer's, who may fulfil again.
    h.clock.advance(2 * DAY_MS)
    expect(await read(s.volunteer, id)).toMatchObject({ status: 'claimed', claimedAt: claimed.claimedAt })
    expect((await wishRow(h, id)).claimed_at!.toISOString()).toBe(claimed.claimedAt)
    await act(h, s.volunteer, id, 'fulfil', { note: '重新送到了', hours: 1 })
    await act(h, s.owner, id, 'dispute', { reason: '还是没有收到' })
    // A week after this second dispute, and not before, the claim lapses.
    h.clock.advance(7 * DAY_MS - MINUTE_MS)
    expect((await read(s.owner, id)).status).toBe('claimed')
    h.clock.advance(2 * MINUTE_MS)
    expect(await read(s.owner, id)).toMatchObject({ status: 'open', claimedAt: null, claimerName: null, contacts: [] })
  })
})
