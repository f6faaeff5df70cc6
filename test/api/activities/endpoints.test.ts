import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeResidents } from '../support/contention'
import { auditRowsOf, makeUser, makeWorld } from '../support/fixtures'
import { checkInvariants, describeViolations } from '../support/invariants'
import { call, startHarness, type Harness } from '../support/harness'
import { DAY_MS, HOUR_MS } from '../support/time'
import { activityBody, activityRow, hourRows, postRow, publish } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('POST /api/activities', () => {
  it('staff of the community publish an activity with posts; audited', async () => {
    const w = await makeWorld(h)
    const reply = await call(h.app, 'POST', '/api/activities', {
      token: w.staff.token,
      body: activityBody(h, w.communityId),
    })
    expect(reply.status).toBe(201)
    expect(reply.body).toMatchObject({
      title: '社区义诊',
      capacity: 40,
      seatsTaken: 0,
      seatsLeft: 40,
      postsLeft: 5,
      status: 'published',
      mySignup: null,
      viewer: { isStaff: true },
      actions: expect.arrayContaining(['checkIn']),
    })
    expect(
      reply.body.posts.map((p: { name: string; left: number; hours: number }) => [p.name, p.left, p.hours]),
    ).toEqual([
      ['引导员', 4, 2],
      ['摄影', 1, 2.5],
    ])
    expect((await auditRowsOf(h, reply.body.id, 'activity.'))[0]).toMatchObject({
      actor_id: w.staff.id,
      action: 'activity.published',
    })
  })

  it('refuses residents, volunteers (403) and staff of another community (403), and writes nothing', async () => {
    const w = await makeWorld(h)
    for (const who of [w.resident, w.volunteer, w.foreignStaff]) {
      const reply = await call(h.app, 'POST', '/api/activities', {
        token: who.token,
        body: activityBody(h, w.communityId),
      })
      expect(reply.status).toBe(403)
    }
    const [row] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM activities WHERE community_id = ${w.communityId}`,
    )
    expect(row!.n).toBe(0)
  })

  it('refuses bad input with 400 and a message saying what to fix', async () => {
    const w = await makeWorld(h)
    const now = h.clock.now().getTime()
    const bad = [
      { title: '' },
      { location: '' },
      { capacity: 0 },
      { endsAt: new Date(now).toISOString() },
      { signupClosesAt: new Date(now + 4 * DAY_MS).toISOString() },
      { signupClosesAt: new Date(now - HOUR_MS).toISOString() },
      { posts: [{ name: '引导员', count: 0, hours: 2 }] },
      { posts: [{ name: '引导员', count: 2, hours: 9 }] },
      { startsAt: 'tomorrow' },
      { extra: 1 },
    ]
    for (const over of bad) {
      const reply = await call(h.app, 'POST', '/api/activities', {
        token: w.staff.token,
        body: activityBody(h, w.communityId, over),
      })
      expect(reply.status, JSON.stringify(over)).toBe(400)
      expect(reply.body.error.code).toBe('VALIDATION_FAILED')
      expect(reply.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
  })

  it('takes an activity without a capacity as unlimited', async () => {
    const w = await makeWorld(h)
    const reply = await call(h.app, 'POST', '/api/activities', {
      token: w.staff.token,
      body: activityBody(h, w.communityId, { capacity: undefined, posts: [] }),
    })
    expect(reply.status).toBe(201)
    expect(reply.body).toMatchObject({ capacity: null, seatsLeft: null, posts: [] })
  })
})

describe('GET /api/activities', () => {
  it("lists the user's community's upcoming activities soonest first, and past ones latest first, in pages", async () => {
    const w = await makeWorld(h)
    const now = h.clock.now().getTime()
    const later = await publish(h, w.staff, w.communityId)
    const sooner = await publish(h, w.staff, w.communityId, {
      startsAt: new Date(now + DAY_MS).toISOString(),
      endsAt: new Date(now + DAY_MS + HOUR_MS).toISOString(),
      signupClosesAt: new Date(now + HOUR_MS).toISOString(),
    })
    const upcoming = await call(h.app, 'GET', '/api/activities?limit=1', { token: w.resident.token })
    expect(upcoming.status).toBe(200)
    expect(upcoming.body.items.map((a: { id: string }) => a.id)).toEqual([sooner.id])
    const next = await call(h.app, 'GET', `/api/activities?limit=1&cursor=${upcoming.body.nextCursor}`, {
      token: w.resident.token,
    })
    expect(next.body.items.map((a: { id: string }) => a.id)).toEqual([later.id])
    expect(next.body.nextCursor).toBeNull()

    h.clock.advance(4 * DAY_MS)
    try {
      const past = await call(h.app, 'GET', `/api/activities?when=past&communityId=${w.communityId}`, {
        token: w.foreignStaff.token,
      })
      expect(past.body.items.map((a: { id: string }) => a.id)).toEqual([later.id, sooner.id])
      const none = await call(h.app, 'GET', '/api/activities', { token: w.resident.token })
      expect(none.body.items).toEqual([])
    } finally {
      h.clock.advance(-4 * DAY_MS)
    }
  })

  it('asks a user without a community to choose one (409), and refuses bad queries and the anonymous', async () => {
    const w = await makeWorld(h)
    expect((await call(h.app, 'GET', '/api/activities', { token: w.admin.token })).body.error.code).toBe(
      'COMMUNITY_REQUIRED',
    )
    expect((await call(h.app, 'GET', '/api/activities?when=soon', { token: w.resident.token })).status).toBe(400)
    expect((await call(h.app, 'GET', '/api/activities?cursor=xyz', { token: w.resident.token })).status).toBe(400)
    expect((await call(h.app, 'GET', '/api/activities')).status).toBe(401)
  })

  it('GET /api/activities/:id: 404 for none, 400 for a bad id', async () => {
    const w = await makeWorld(h)
    expect((await call(h.app, 'GET', `/api/activities/${w.communityId}`, { token: w.resident.token })).status).toBe(404)
    expect((await call(h.app, 'GET', '/api/activities/nope', { token: w.resident.token })).status).toBe(400)
  })
})

describe('sign-up', () => {
  it('gives a check-in code, counts the party against capacity, refuses a second sign-up and a full party', async () => {
    const w = await makeWorld(h)
    const a = await publish(h, w.staff, w.communityId, { capacity: 5 })
    const first = await call(h.app, 'POST', `/api/activities/${a.id}/signup`, {
      token: w.resident.token,
      body: { partySize: 4 },
    })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({
      seatsTaken: 4,
      seatsLeft: 1,
      mySignup: { partySize: 4, status: 'signed_up', code: expect.stringMatching(/^\d{8}$/) },
      actions: expect.arrayContaining(['cancelSignup']),
    })
    const again = await call(h.app, 'POST', `/api/activities/${a.id}/signup`, {
      token: w.resident.token,
      body: { partySize: 1 },
    })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ALREADY_SIGNED_UP')
    const tooMany = await call(h.app, 'POST', `/api/activities/${a.id}/signup`, {
      token: w.volunteer.token,
      body: { partySize: 2 },
    })
    expect(tooMany.body.error.code).toBe('ACTIVITY_FULL')
    const fits = await call(h.app, 'POST', `/api/activities/${a.id}/signup`, { token: w.volunteer.token, body: {} })
    expect(fits.status).toBe(201)
    expect(fits.body.actions).not.toContain('signup')
    expect(await activityRow(h, a.id)).toMatchObject({ seats_taken: 5, seats: 5, live: 2 })
    const other = await makeUser(h, 'resident', w.communityId)
    const full = await call(h.app, 'POST', `/api/activities/${a.id}/signup`, { token: other.token, body: {} })
    expect(full.body.error.code).toBe('ACTIVITY_FULL')
    expect(full.body.error.message).toMatch(/名额已满/)
  })

  it('refuses residents of another community (403), bad party sizes (400), the anonymous (401)', async () => {
    const w = await makeWorld(h)
    const a = await publish(h, w.staff, w.communityId)
    const foreign = await makeUser(h, 'resident', w.otherCommunityId)
    const reply = await call(h.app, 'POST', `/api/activities/${a.id}/signup`, { token: foreign.token, body: {} })
    expect(reply.status).toBe(403)
    for (const partySize of [0, 5, 1.5, '2']) {
      const bad = await call(h.app, 'POST', `/api/activities/${a.id}/signup`, {
        token: w.resident.token,
        body: { partySize },
      })
      expect(bad.status).toBe(400)
    }
    expect((await call(h.app, 'POST', `/api/activities/${a.id}/signup`, { body: {} })).status).toBe(401)
    expect(
      (await call(h.app, 'POST', `/api/activities/${w.communityId}/signup`, { token: w.resident.token, body: {} }))
        .status,
    ).toBe(404)
    expect(await activityRow(h, a.id)).toMatchObject({ seats_taken: 0, live: 0 })
  })

  it('closes at the deadline: no sign-up and no cancelling after it (409 SIGNUP_CLOSED)', async () => {
    const w = await makeWorld(h)
    const a = await publish(h, w.staff, w.communityId)
    const signed = await call(h.app, 'POST', `/api/activities/${a.id}/signup`, { token: w.resident.token, body: {} })
    expect(signed.status).toBe(201)
    h.clock.advance(2 * DAY_MS)
    try {
      const late = await call(h.app, 'POST', `/api/activities/${a.id}/signup`, { token: w.volunteer.token, body: {} })
      expect(late.body.error.code).toBe('SIGNUP_CLOSED')
      const cancel = await call(h.app, 'POST', `/api/activities/${a.id}/signup/cancel`, { token: w.resident.token })
      expect(cancel.status).toBe(409)
      expect(cancel.body.error.code).toBe('SIGNUP_CLOSED')
    } finally {
      h.clock.advance(-2 * DAY_MS)
    }
    expect(await activityRow(h, a.id)).toMatchObject({ seats_taken: 1, live: 1 })
  })

  it('cancelling before the deadline gives the seats back and allows a new sign-up', async () => {
    const w = await makeWorld(h)
    const a = await publish(h, w.staff, w.communityId, { capacity: 3 })
    await call(h.app, 'POST', `/api/activities/${a.id}/signup`, { token: w.resident.token, body: { partySize: 3 } })
    const cancelled = await call(h.app, 'POST', `/api/activities/${a.id}/signup/cancel`, { token: w.resident.token })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body).toMatchObject({ seatsTaken: 0, mySignup: null, actions: expect.arrayContaining(['signup']) })
    const twice = await call(h.app, 'POST', `/api/activities/${a.id}/signup/cancel`, { token: w.resident.token })
    expect(twice.body.error.code).toBe('SIGNUP_NOT_ACTIVE')
    const back = await call(h.app, 'POST', `/api/activities/${a.id}/signup`, {
      token: w.resident.token,
      body: { partySize: 2 },
    })
    expect(back.status).toBe(201)
    expect(await activityRow(h, a.id)).toMatchObject({ seats_taken: 2, seats: 2, live: 1 })
  })
})

describe('POST /api/activity-signups/check-in', () => {
  it('staff check a code in once, idempotently; foreign staff hear "unknown" (404); residents 403', async () => {
    const w = await makeWorld(h)
    const a = await publish(h, w.staff, w.communityId)
    const signed = await call(h.app, 'POST', `/api/activities/${a.id}/signup`, {
      token: w.resident.token,
      body: { partySize: 2 },
    })
    const code = signed.body.mySignup.code as string
    const foreign = await call(h.app, 'POST', '/api/activity-signups/check-in', {
      token: w.foreignStaff.token,
      body: { code },
    })
    expect(foreign.status).toBe(404)
    const resident = await call(h.app, 'POST', '/api/activity-signups/check-in', {
      token: w.resident.token,
      body: { code },
    })
    expect(resident.status).toBe(403)
    const spaced = `${code.slice(0, 4)} ${code.slice(4)}`
    const first = await call(h.app, 'POST', '/api/activity-signups/check-in', {
      token: w.staff.token,
      body: { code: spaced },
    })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({
      activityId: a.id,
      partySize: 2,
      status: 'checked_in',
      activityTitle: '社区义诊',
    })
    const again = await call(h.app, 'POST', '/api/activity-signups/check-in', { token: w.staff.token, body: { code } })
    expect(again.status).toBe(200)
    expect(again.body.checkedInAt).toBe(first.body.checkedInAt)
    expect((await auditRowsOf(h, a.id, 'activity.checked_in')).length).toBe(1)
    const mine = await call(h.app, 'GET', `/api/activities/${a.id}`, { token: w.resident.token })
    expect(mine.body.mySignup.status).toBe('checked_in')
  })

  it('refuses a cancelled code (409), an unknown one (404) and a malformed one (400)', async () => {
    const w = await makeWorld(h)
    const a = await publish(h, w.staff, w.communityId)
    const signed = await call(h.app, 'POST', `/api/activities/${a.id}/signup`, { token: w.resident.token, body: {} })
    await call(h.app, 'POST', `/api/activities/${a.id}/signup/cancel`, { token: w.resident.token })
    const cancelled = await call(h.app, 'POST', '/api/activity-signups/check-in', {
      token: w.staff.token,
      body: { code: signed.body.mySignup.code },
    })
    expect(cancelled.body.error.code).toBe('SIGNUP_CANCELLED')
    const unknown = await call(h.app, 'POST', '/api/activity-signups/check-in', {
      token: w.staff.token,
      body: { code: '00000000' },
    })
    expect([404, 409]).toContain(unknown.status)
    expect(
      (await call(h.app, 'POST', '/api/activity-signups/check-in', { token: w.staff.token, body: { code: '12' } }))
        .status,
    ).toBe(400)
  })
})

describe('volunteer posts', () => {
  it('an active volunteer claims a post; full posts answer 409 POST_FULL; one post per activity', async () => {
    const w = await makeWorld(h)
    const a = await publish(h, w.staff, w.communityId)
    const photo = a.posts.find((p) => p.name === '摄影')!
    const guide = a.posts.find((p) => p.name === '引导员')!
    const claimed = await call(h.app, 'POST', `/api/activities/${a.id}/posts/${photo.id}/claim`, {
      token: w.volunteer.token,
    })
    expect(claimed.status).toBe(200)
    expect(claimed.body.posts.find((p: { id: string }) => p.id === photo.id)).toMatchObject({
      taken: 1,
      left: 0,
      mine: true,
    })
    expect(claimed.body.actions).toContain('releasePost')
    const second = await call(h.app, 'POST', `/api/activities/${a.id}/posts/${guide.id}/claim`, {
      token: w.volunteer.token,
    })
    expect(second.body.error.code).toBe('ALREADY_HOLDS_POST')
    const [other] = await makeResidents(h, w.communityId, 1, { volunteers: true })
    const full = await call(h.app, 'POST', `/api/activities/${a.id}/posts/${photo.id}/claim`, { token: other!.token })
    expect(full.status).toBe(409)
    expect(full.body.error.code).toBe('POST_FULL')
    expect(await postRow(h, photo.id)).toEqual({ taken: 1, count: 1, live: 1 })
  })

  it('refuses residents (403), volunteers of another community (403), unknown posts (404)', async () => {
    const w = await makeWorld(h)
    const a = await publish(h, w.staff, w.communityId)
    const post = a.posts[0]!
    expect(
      (await call(h.app, 'POST', `/api/activities/${a.id}/posts/${post.id}/claim`, { token: w.resident.token })).status,
    ).toBe(403)
    const foreign = await makeUser(h, 'volunteer', w.otherCommunityId)
    expect(
      (await call(h.app, 'POST', `/api/activities/${a.id}/posts/${post.id}/claim`, { token: foreign.token })).status,
    ).toBe(403)
    expect(
      (await call(h.app, 'POST', `/api/activities/${a.id}/posts/${w.communityId}/claim`, { token: w.volunteer.token }))
        .status,
    ).toBe(404)
    expect(await postRow(h, post.id)).toMatchObject({ taken: 0, live: 0 })
  })

  it('release gives the place back before the start; after the start, claim and release are closed', async () => {
    const w = await makeWorld(h)
    const a = await publish(h, w.staff, w.communityId)
    const post = a.posts[0]!
    await call(h.app, 'POST', `/api/activities/${a.id}/posts/${post.id}/claim`, { token: w.volunteer.token })
    const released = await call(h.app, 'POST', `/api/activities/${a.id}/posts/${post.id}/release`, {
      token: w.volunteer.token,
    })
    expect(released.status).toBe(200)
    expect(await postRow(h, post.id)).toMatchObject({ taken: 0, live: 0 })
    const notHeld = await call(h.app, 'POST', `/api/activities/${a.id}/posts/${post.id}/release`, {
      token: w.volunteer.token,
    })
    expect(notHeld.body.error.code).toBe('POST_NOT_HELD')
    await call(h.app, 'POST', `/api/activities/${a.id}/posts/${post.id}/claim`, { token: w.volunteer.token })
    h.clock.advance(3 * DAY_MS + HOUR_MS)
    try {
      const [late] = await makeResidents(h, w.communityId, 1, { volunteers: true })
      const claim = await call(h.app, 'POST', `/api/activities/${a.id}/posts/${post.id}/claim`, { token: late!.token })
      expect(claim.body.error.code).toBe('POST_CLOSED')
      const release = await call(h.app, 'POST', `/api/activities/${a.id}/posts/${post.id}/release`, {
        token: w.volunteer.token,
      })
      expect(release.body.error.code).toBe('POST_CLOSED')
    } finally {
      h.clock.advance(-(3 * DAY_MS + HOUR_MS))
    }
    expect(await postRow(h, post.id)).toMatchObject({ taken: 1, live: 1 })
  })
})

describe('POST /api/activities/:id/complete', () => {
  it('records the hours of each present holder once, in the hours records and exports; absent ones get none', async () => {
    const w = await makeWorld(h)
    const a = await publish(h, w.staff, w.communityId)
    const guide = a.posts.find((p) => p.name === '引导员')!
    const photo = a.posts.find((p) => p.name === '摄影')!
    const vols = await makeResidents(h, w.communityId, 3, { volunteers: true })
    await call(h.app, 'POST', `/api/activities/${a.id}/posts/${guide.id}/claim`, { token: vols[0]!.token })
    await call(h.app, 'POST', `/api/activities/${a.id}/posts/${guide.id}/claim`, { token: vols[1]!.token })
    await call(h.app, 'POST', `/api/activities/${a.id}/posts/${photo.id}/claim`, { token: vols[2]!.token })

    const early = await call(h.app, 'POST', `/api/activities/${a.id}/complete`, { token: w.staff.token, body: {} })
    expect(early.body.error.code).toBe('ACTIVITY_NOT_STARTED')

    h.clock.advance(3 * DAY_MS + 3 * HOUR_MS)
    try {
      const foreign = await call(h.app, 'POST', `/api/activities/${a.id}/complete`, {
        token: w.foreignStaff.token,
        body: {},
      })
      expect(foreign.status).toBe(403)
      const resident = await call(h.app, 'POST', `/api/activities/${a.id}/complete`, {
        token: w.resident.token,
        body: {},
      })
      expect(resident.status).toBe(403)
      expect(
        (
          await call(h.app, 'POST', `/api/activities/${a.id}/complete`, {
            token: w.staff.token,
            body: { absentVolunteerIds: ['x'] },
          })
        ).status,
      ).toBe(400)
      const body = { absentVolunteerIds: [vols[1]!.id] }
      const done = await call(h.app, 'POST', `/api/activities/${a.id}/complete`, { token: w.staff.token, body })
      expect(done.status).toBe(200)
      expect(done.body).toMatchObject({ status: 'completed', completedAt: expect.any(String) })
      expect(done.body.posts.find((p: { id: string }) => p.id === guide.id).holders).toEqual(
        expect.arrayContaining([expect.objectContaining({ volunteerId: vols[1]!.id, absent: true })]),
      )
      const again = await call(h.app, 'POST', `/api/activities/${a.id}/complete`, { token: w.staff.token, body: {} })
      expect(again.status).toBe(200)
      const rows = await hourRows(h, [guide.id, photo.id])
      expect(rows.map((r) => [r.volunteer_id, r.hours]).sort()).toEqual(
        [
          [vols[0]!.id, '2.0'],
          [vols[2]!.id, '2.5'],
        ].sort(),
      )
      expect((await auditRowsOf(h, a.id, 'activity.completed')).length).toBe(1)

      const mine = await call(h.app, 'GET', '/api/me/volunteer-hours', { token: vols[2]!.token })
      expect(mine.body).toMatchObject({
        totalHours: 2.5,
        items: [{ wishId: null, activityId: a.id, title: expect.stringContaining('社区义诊'), hours: 2.5 }],
      })
      const from = new Date(h.clock.now().getTime() - 10 * DAY_MS).toISOString().slice(0, 10)
      const to = new Date(h.clock.now().getTime() + DAY_MS).toISOString().slice(0, 10)
      const csv = await call(
        h.app,
        'GET',
        `/api/staff/export/volunteer-hours.csv?communityId=${w.communityId}&from=${from}&to=${to}`,
        { token: w.staff.token },
      )
      expect(csv.status).toBe(200)
      expect(String(csv.body)).toContain('社区义诊')
      const stats = await call(h.app, 'GET', `/api/staff/stats?communityId=${w.communityId}&from=${from}&to=${to}`, {
        token: w.staff.token,
      })
      expect(stats.body.volunteerHours).toMatchObject({ total: 4.5, volunteers: 2 })
    } finally {
      h.clock.advance(-(3 * DAY_MS + 3 * HOUR_MS))
    }
  })
})

describe('reminders', () => {
  it('the hourly job tells those signed up and on a post the day before, once', async () => {
    const w = await makeWorld(h)
    // Tomorrow at 10:00 in Shanghai, from a clock set to 10:00 today there.
    const today = new Date(Math.floor((h.clock.now().getTime() + 8 * HOUR_MS) / DAY_MS) * DAY_MS - 8 * HOUR_MS)
    const saved = h.clock.now()
    h.clock.set(new Date(today.getTime() + 10 * HOUR_MS))
    try {
      const a = await publish(h, w.staff, w.communityId, {
        startsAt: new Date(today.getTime() + DAY_MS + 10 * HOUR_MS).toISOString(),
        endsAt: new Date(today.getTime() + DAY_MS + 12 * HOUR_MS).toISOString(),
        signupClosesAt: new Date(today.getTime() + 20 * HOUR_MS).toISOString(),
      })
      await call(h.app, 'POST', `/api/activities/${a.id}/signup`, { token: w.resident.token, body: {} })
      await call(h.app, 'POST', `/api/activities/${a.id}/posts/${a.posts[0]!.id}/claim`, { token: w.volunteer.token })
      const { writeActivityReminders } = await import('../../../src/server/features/activities/repo')
      const first = await writeActivityReminders(h.db, h.clock.now(), [9, 21])
      const second = await writeActivityReminders(h.db, h.clock.now(), [9, 21])
      expect(second).toBe(0)
      expect(first).toBeGreaterThanOrEqual(2)
      const inbox = await call(h.app, 'GET', '/api/me/notifications', { token: w.resident.token })
      expect(inbox.body.items[0]).toMatchObject({ kind: 'activity.reminder', title: '明天有活动' })
      const vol = await call(h.app, 'GET', '/api/me/notifications', { token: w.volunteer.token })
      expect(vol.body.items[0].body).toContain('志愿岗位：引导员')
    } finally {
      h.clock.set(saved)
    }
  })
})

describe('双报到', () => {
  it("counts a party member's wishes, posts and activities of the year for them and for staff", async () => {
    const w = await makeWorld(h)
    await h.db.query(sql`UPDATE volunteers SET is_party_member = true WHERE user_id = ${w.volunteer.id}`)
    // A party member of the 双报到 register, confirmed, who has not served yet; and one still pending, not counted.
    const [idle, pending] = await makeResidents(h, w.communityId, 2)
    await h.db.query(
      sql`INSERT INTO party_members (user_id, community_id, organization, status, confirmed_at)
       VALUES (${idle!.id}, ${w.communityId}, '社区第一党支部', 'confirmed', now()),
              (${pending!.id}, ${w.communityId}, '社区第一党支部', 'pending', NULL)`,
    )
    const a = await publish(h, w.staff, w.communityId)
    await call(h.app, 'POST', `/api/activities/${a.id}/posts/${a.posts[0]!.id}/claim`, { token: w.volunteer.token })
    const signed = await call(h.app, 'POST', `/api/activities/${a.id}/signup`, { token: w.volunteer.token, body: {} })
    h.clock.advance(3 * DAY_MS + HOUR_MS)
    try {
      await call(h.app, 'POST', '/api/activity-signups/check-in', {
        token: w.staff.token,
        body: { code: signed.body.mySignup.code },
      })
      await call(h.app, 'POST', `/api/activities/${a.id}/complete`, { token: w.staff.token, body: {} })
      const mine = await call(h.app, 'GET', '/api/me/party-service', { token: w.volunteer.token })
      expect(mine.status).toBe(200)
      expect(mine.body).toMatchObject({ isPartyMember: true, posts: 1, postHours: 2, activities: 1, totalHours: 2 })
      const staff = await call(h.app, 'GET', `/api/staff/party-service?communityId=${w.communityId}`, {
        token: w.staff.token,
      })
      expect(staff.status).toBe(200)
      expect(staff.body).toMatchObject({ partyMembers: 2, participating: 1, rate: 0.5 })
      const foreign = await call(h.app, 'GET', `/api/staff/party-service?communityId=${w.communityId}`, {
        token: w.foreignStaff.token,
      })
      expect(foreign.status).toBe(403)
      expect(
        (
          await call(h.app, 'GET', `/api/staff/party-service?communityId=${w.communityId}`, {
            token: w.volunteer.token,
          })
        ).status,
      ).toBe(403)
      expect((await call(h.app, 'GET', '/api/me/party-service?year=1999', { token: w.volunteer.token })).status).toBe(
        400,
      )
      const resident = await call(h.app, 'GET', '/api/me/party-service', { token: w.resident.token })
      expect(resident.body).toMatchObject({ isPartyMember: false, totalHours: 0 })
    } finally {
      h.clock.advance(-(3 * DAY_MS + HOUR_MS))
    }
  })
})

describe('invariants', () => {
  it('leaves no invariant of the database broken', async () => {
    const violations = await checkInvariants(h.db)
    expect(violations, describeViolations(violations)).toEqual([])
  })
})
