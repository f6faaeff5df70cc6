import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import {
  wishScene,
  act,
  ADDRESS,
  auditRows,
  claimedWish,
  DAY_MS,
  MINUTE_MS,
  openWish,
  PHONE,
  setNickname,
  TEN_YEARS_TTL,
  wishBody,
} from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
})
afterAll(() => h.close())

/** The endpoints' scene, with names whose masking shows: 张三丰 → 张**, 李四光 → 李**. */
async function scene() {
  const cast = await wishScene(h)
  await setNickname(h, cast.owner.id, '张三丰')
  await setNickname(h, cast.volunteer.id, '李四光')
  return cast
}

const read = async (user: TestUser, id: string) => {
  const reply = await call(h.app, 'GET', `/api/wishes/${id}`, { token: user.token })
  expect(reply.status).toBe(200)
  return reply.body
}
const privateOf = async (user: TestUser, id: string) => {
  const { address, contactPhone } = await read(user, id)
  return { address, contactPhone }
}
const SHOWN = { address: ADDRESS, contactPhone: PHONE }
const HIDDEN = { address: null, contactPhone: null }
const readsOf = (id: string) => auditRows(h, id, 'wish.read_private')

describe('address and contact phone', () => {
  it('are shown to the owner, the current claimer, staff of the community and the admin', async () => {
    const s = await scene()
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    for (const user of [s.owner, s.volunteer, s.staff, s.admin]) expect(await privateOf(user, id)).toEqual(SHOWN)
  })

  it('are null for a resident, a volunteer who has not claimed, a volunteer and staff of another community', async () => {
    const s = await scene()
    const open = await openWish(h, s.owner, s.staff)
    const claimed = await claimedWish(h, s.owner, s.staff, s.volunteer)
    for (const id of [open, claimed]) {
      for (const user of [s.stranger, s.volunteer2, s.foreignVolunteer, s.foreignStaff]) {
        expect(await privateOf(user, id)).toEqual(HIDDEN)
      }
    }
    // An open wish has no claimer yet: a volunteer of the community sees it, but not where or whom to call.
    expect(await privateOf(s.volunteer, open)).toEqual(HIDDEN)
  })

  it('are gone for the claimer right after a release', async () => {
    const s = await scene()
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    expect(await privateOf(s.volunteer, id)).toEqual(SHOWN)
    const released = await act(h, s.volunteer, id, 'release', { reason: '临时有事' })
    // Not even in the answer to the release itself.
    expect({ address: released.address, contactPhone: released.contactPhone }).toEqual(HIDDEN)
    const audited = (await readsOf(id)).length
    expect(await privateOf(s.volunteer, id)).toEqual(HIDDEN)
    expect(await readsOf(id)).toHaveLength(audited)
  })

  it('are gone for the claimer right after the claim times out, and that read is not audited', async () => {
    const s = await scene()
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    expect(await privateOf(s.volunteer, id)).toEqual(SHOWN)
    const audited = (await readsOf(id)).length
    h.clock.advance(7 * DAY_MS + MINUTE_MS)
    const seen = await read(s.volunteer, id)
    expect(seen).toMatchObject({ status: 'open', ...HIDDEN, viewer: { isClaimer: false } })
    expect(await readsOf(id)).toHaveLength(audited)
    // The owner still sees them.
    expect(await privateOf(s.owner, id)).toEqual(SHOWN)
  })

  it('never appear in the wish list, whoever asks', async () => {
    const s = await scene()
    const open = await openWish(h, s.owner, s.staff)
    const claimed = await claimedWish(h, s.owner, s.staff, s.volunteer)
    const lists: [TestUser, string][] = [
      [s.stranger, '/api/wishes'],
      [s.owner, '/api/wishes'],
      [s.owner, '/api/wishes?mine=owner'],
      [s.volunteer, '/api/wishes?mine=claimer'],
      [s.staff, '/api/wishes'],
      [s.admin, `/api/wishes?communityId=${s.communityId}`],
    ]
    for (const [user, path] of lists) {
      const reply = await call(h.app, 'GET', path, { token: user.token })
      expect(reply.status).toBe(200)
      const raw = JSON.stringify(reply.body)
      expect(reply.body.items.map((w: any) => w.id)).toEqual(
        expect.arrayContaining(path.includes('claimer') ? [claimed] : [open, claimed]),
      )
      expect(raw).not.toMatch(/address|contactPhone|contact_phone|phone/i)
      expect(raw).not.toContain(PHONE)
      expect(raw).not.toContain(ADDRESS)
      // Names follow one rule (test/api/names.test.ts): in full to the owner and staff of the community only.
      if (user === s.stranger) expect(raw).not.toContain('张三丰')
    }
  })

  it('a wish waiting for review does not exist for others: its timeline is 404 like the wish itself', async () => {
    const s = await scene()
    const pending = (await call(h.app, 'POST', '/api/wishes', { token: s.owner.token, body: wishBody() })).body.id
    const wish = await call(h.app, 'GET', `/api/wishes/${pending}`, { token: s.stranger.token })
    expect(wish.status).toBe(404)
    const events = await call(h.app, 'GET', `/api/wishes/${pending}/events`, { token: s.stranger.token })
    expect(events.status).toBe(404)
  })

  it('are not in the timeline either', async () => {
    const s = await scene()
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    const reply = await call(h.app, 'GET', `/api/wishes/${id}/events`, { token: s.owner.token })
    expect(reply.status).toBe(200)
    const raw = JSON.stringify(reply.body)
    expect(raw).not.toContain(PHONE)
    expect(raw).not.toContain(ADDRESS)
    // Nor the volunteer's registered phone, which only the wish's contacts carry.
    expect(raw).not.toContain('13900000000')
  })
})

describe('names', () => {
  it('the owner’s and claimer’s names are masked: 张三丰 → 张**, 李四光 → 李**', async () => {
    const s = await scene()
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    const list = await call(h.app, 'GET', '/api/wishes', { token: s.stranger.token })
    expect(list.body.items.find((w: any) => w.id === id).ownerName).toBe('张**')
    expect(await read(s.stranger, id)).toMatchObject({ ownerName: '张**', claimerName: '李**' })
  })
})

describe('audit of private reads', () => {
  it('writes one wish.read_private row per read by the claimer, staff or the admin; none for the owner', async () => {
    const s = await scene()
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    const before = (await readsOf(id)).length

    for (let i = 0; i < 3; i++) await read(s.owner, id)
    expect(await readsOf(id)).toHaveLength(before)

    await read(s.volunteer, id)
    await read(s.staff, id)
    await read(s.staff, id)
    await read(s.admin, id)
    const rows = (await readsOf(id)).slice(before)
    expect(rows.map((r) => [r.actor_id, r.actor_role])).toEqual([
      [s.volunteer.id, 'volunteer'],
      [s.staff.id, 'staff'],
      [s.staff.id, 'staff'],
      [s.admin.id, 'admin'],
    ])
    expect(rows.every((r) => r.community_id === s.communityId)).toBe(true)
  })

  it('writes nothing for readers who are not shown the private fields', async () => {
    const s = await scene()
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    const before = (await readsOf(id)).length
    for (const user of [s.stranger, s.volunteer2, s.foreignVolunteer, s.foreignStaff]) await read(user, id)
    expect(await readsOf(id)).toHaveLength(before)
  })

  it('writes nothing when the wish has no address or phone', async () => {
    const s = await scene()
    const id = await openWish(h, s.owner, s.staff, { address: undefined, contactPhone: undefined })
    expect(await privateOf(s.staff, id)).toEqual(HIDDEN)
    expect(await readsOf(id)).toEqual([])
  })

  it('counts the claim’s own answer, which shows the claimer the address and phone, as a read', async () => {
    const s = await scene()
    const id = await openWish(h, s.owner, s.staff)
    const claimed = await act(h, s.volunteer, id, 'claim')
    expect({ address: claimed.address, contactPhone: claimed.contactPhone }).toEqual(SHOWN)
    expect((await readsOf(id)).filter((r) => r.actor_id === s.volunteer.id)).toHaveLength(1)
  })
})
