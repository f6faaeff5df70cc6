import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../src/server/db/sql'
import { nameFor, type SqlViewer } from '../../src/server/db/viewer'
import { expectError, ok } from './support/assert'
import { makeCommunity, makeUser, type TestUser } from './support/fixtures'
import { call, startHarness, type Harness } from './support/harness'
import { MONDAY, at, bookSlot, slotAt, stationScene } from './stations/helpers'
import { openWish, setNickname, TEN_YEARS_TTL, wishScene } from './wishes/helpers'

/**
 * One rule for names (issue #18), written once (`nameFor` in src/server/db/viewer.ts): in full to the person
 * themselves, to staff of the community (and the admin), and between a wish's owner and its claimer; masked (张**)
 * for everyone else, staff of another community included.
 */
let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
})
afterAll(() => h.close())

describe('the rule, in SQL', () => {
  const nobody: SqlViewer = {
    id: null,
    role: 'resident',
    communityId: null,
    staffCommunityIds: [],
    isAdmin: false,
    memberOf: null,
  }
  const shown = async (viewer: SqlViewer, nickname: string, id: string | null, community: string | null) => {
    const [row] = await h.db.query<{ name: string }>(
      sql`SELECT ${nameFor(viewer, {
        id: sql`${id}::uuid`,
        nickname: sql`${nickname}::text`,
        community: sql`${community}::uuid`,
      })} AS name`,
    )
    return row!.name
  }

  it.each([
    ['张三丰', '张**'],
    ['王', '王**'],
    ['  李四 ', '李**'],
    ['𠀋先生', '𠀋**'],
  ])('masks %j as %j for someone with no claim to it', async (nickname, masked) => {
    expect(await shown(nobody, nickname, null, null)).toBe(masked)
  })

  it('shows it in full to the person, staff of the community and the admin; masked to staff elsewhere', async () => {
    const [me, community, elsewhere] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()]
    const staff = (ids: string[]): SqlViewer => ({ ...nobody, id: crypto.randomUUID(), staffCommunityIds: ids })
    expect(await shown({ ...nobody, id: me }, '张三丰', me, community)).toBe('张三丰')
    expect(await shown(staff([community]), '张三丰', me, community)).toBe('张三丰')
    expect(await shown({ ...nobody, id: crypto.randomUUID(), isAdmin: true }, '张三丰', me, community)).toBe('张三丰')
    expect(await shown(staff([elsewhere]), '张三丰', me, community)).toBe('张**')
    expect(await shown({ ...nobody, id: crypto.randomUUID(), communityId: community }, '张三丰', me, community)).toBe(
      '张**',
    )
  })
})

describe('the wish wall, per role', () => {
  it('the owner and staff of the community read the owner in full; residents, staff elsewhere masked', async () => {
    const s = await wishScene(h)
    await setNickname(h, s.owner.id, '张三丰')
    const id = await openWish(h, s.owner, s.staff)
    const ownerNameOn = async (user: TestUser) => {
      const wall = await ok(h, 'GET', `/api/wishes?communityId=${s.communityId}`, user)
      const detail = await ok(h, 'GET', `/api/wishes/${id}`, user)
      const listed = wall.items.find((w: { id: string }) => w.id === id).ownerName
      expect(detail.ownerName, 'the wall and the detail agree').toBe(listed)
      return listed
    }
    const expected: [TestUser, string][] = [
      [s.owner, '张三丰'],
      [s.staff, '张三丰'],
      [s.admin, '张三丰'],
      [s.stranger, '张**'],
      [s.volunteer, '张**'],
      [s.foreignStaff, '张**'],
      [s.foreignVolunteer, '张**'],
    ]
    for (const [user, name] of expected) expect(await ownerNameOn(user)).toBe(name)
    expectError(await call(h.app, 'GET', `/api/wishes?communityId=${s.communityId}`), 401, 'UNAUTHENTICATED')
  })
})

describe('check-in and the day’s bookings', () => {
  it('staff of the station’s community read the holder in full; staff elsewhere get no booking at all', async () => {
    const s = await stationScene(h)
    const booking = await bookSlot(h, s.resident, await slotAt(h, s.service.id, MONDAY, '10:00'))
    h.clock.set(at(MONDAY, '09:30'))
    const list = `/api/services/${s.service.id}/bookings?date=${MONDAY}`
    expect((await ok(h, 'GET', list, s.staff)).items[0].holderName).toBe('王小明')
    expect((await ok(h, 'GET', list, s.admin)).items[0].holderName).toBe('王小明')
    expectError(await call(h.app, 'GET', list, { token: s.foreignStaff.token }), 403, 'FORBIDDEN')
    const checkIn = (user: TestUser) =>
      call(h.app, 'POST', '/api/bookings/check-in', { token: user.token, body: { code: booking.code } })
    expectError(await checkIn(s.foreignStaff), 404, 'NOT_FOUND')
    expect((await checkIn(s.staff)).body.holderName).toBe('王小明')
  })
})

describe('exports and the audit log', () => {
  it('are refused to staff of another community, so they never read these names', async () => {
    const communityId = await makeCommunity(h)
    const foreignStaff = await makeUser(h, 'staff', await makeCommunity(h))
    const query = `communityId=${communityId}&from=2030-01-01&to=2030-01-31`
    for (const kind of ['wishes', 'volunteer-hours', 'bookings']) {
      const reply = await call(h.app, 'GET', `/api/staff/export/${kind}.csv?${query}`, { token: foreignStaff.token })
      expectError(reply, 403, 'FORBIDDEN')
    }
    const audit = await call(h.app, 'GET', `/api/audit?communityId=${communityId}`, { token: foreignStaff.token })
    expectError(audit, 403, 'FORBIDDEN')
  })
})
