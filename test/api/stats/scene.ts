import { expect } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeCommunity, makeMember, makeUser, type TestUser } from '../support/fixtures'
import type { Harness } from '../support/harness'
import { ADDRESS, PHONE, TEN_YEARS_TTL } from '../wishes/helpers'

export { ADDRESS, PHONE, TEN_YEARS_TTL }
export { expectError } from '../wishes/helpers'

/**
 * One week of a community's life, in March 2032 (a year no other test file's clock reaches, so their cron jobs never
 * touch these rows on a shared database), made through the API at known Shanghai times. The period under test is
 * 2032-03-01 (Monday) to 2032-03-07, both included; things happen on the days before and after it too, so the
 * boundaries are tested. stats.test.ts counts every figure from this script by hand; export.test.ts reads it back.
 */
export const FROM = '2032-03-01'
export const TO = '2032-03-07'

/** Shanghai wall time as an instant: sh('2032-03-01 09:00'). */
export const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString()

/** After everything in the script: the stats and exports are read at this time unless a test says otherwise. */
export const AFTER_ALL = sh('2032-03-09 12:00')

export const NAMES = {
  staff: '陈主任',
  volunteer1: '张志强',
  volunteer2: '刘芳',
  owner1: '王小明',
  owner2: '李奶奶',
  owner3: '周阿姨',
} as const

/** Residents who book, by nickname (masked in the exports: 赵一 → 赵**). */
const BOOKERS = ['赵一', '钱二', '孙三', '李四', '吴五', '郑六', '冯七', '陈八', '褚九'] as const

import { ok } from '../support/assert'

export { ok }

export const STATION_PHONE = '0571-88001234'
export const VOLUNTEER_PHONES = ['13911110001', '13911110002']

const MORNINGS = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '11:30' }))
const NINE_TO_TEN = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '10:00' }))

export type Scene = Awaited<ReturnType<typeof buildScene>>

/**
 * The script. Times are Shanghai wall times; the clock is set before each step.
 *
 * Community A (the one under test) has 15 verified members until 03-05 11:00, when a 16th moves in: its staff member, three
 * wish owners, two volunteers and nine residents who book. Community B has its own staff, a resident and a volunteer,
 * and a little activity in the period that must never show in A's figures.
 */
export async function buildScene(h: Harness) {
  const at = (local: string) => h.clock.set(sh(local))
  at('2032-02-19 09:00')
  const communityId = await makeCommunity(h)
  const otherCommunityId = await makeCommunity(h)
  const [communityName] = (
    await h.db.query<{ name: string }>(sql`SELECT name FROM communities WHERE id = ${communityId}`)
  ).map((r) => r.name)

  const staff = await makeUser(h, 'staff', communityId, NAMES.staff)
  // The staff member lives in A too: a verified member, so one of its 15 eligible voters.
  await makeMember(h, staff.id, communityId)
  const [owner1, owner2, owner3] = [
    await makeUser(h, 'resident', communityId, NAMES.owner1),
    await makeUser(h, 'resident', communityId, NAMES.owner2),
    await makeUser(h, 'resident', communityId, NAMES.owner3),
  ]
  const volunteer1 = await makeUser(h, 'volunteer', communityId)
  const volunteer2 = await makeUser(h, 'volunteer', communityId)
  // Real names and phones of their own: the certificate needs the name; no export may carry the phone.
  for (const [v, name, phone] of [
    [volunteer1, NAMES.volunteer1, VOLUNTEER_PHONES[0]],
    [volunteer2, NAMES.volunteer2, VOLUNTEER_PHONES[1]],
  ] as const) {
    await h.db.query(sql`UPDATE volunteers SET real_name = ${name}, phone = ${phone} WHERE user_id = ${v.id}`)
  }
  const r: TestUser[] = []
  for (const nickname of BOOKERS) r.push(await makeUser(h, 'resident', communityId, nickname))
  const [r1, r2, r3, r4, r5, r6, r7, r8, r9] = r as [
    TestUser,
    TestUser,
    TestUser,
    TestUser,
    TestUser,
    TestUser,
    TestUser,
    TestUser,
    TestUser,
  ]
  const foreignStaff = await makeUser(h, 'staff', otherCommunityId)
  const foreignOwner = await makeUser(h, 'resident', otherCommunityId)
  const foreignVolunteer = await makeUser(h, 'volunteer', otherCommunityId)
  const admin = await makeUser(h, 'admin', null)

  // Stations: 幸福里驿站 (健康咨询, 30-minute slots 09:00–11:30 of 4 seats: five slots a day), 东门驿站 (法律咨询,
  // one 09:00–10:00 slot of 2 seats a day), 西门驿站 (no service at all); B has a station too.
  const station = async (communityOf: string, by: TestUser, name: string) =>
    (
      await ok(
        h,
        'POST',
        '/api/stations',
        by,
        { communityId: communityOf, name, address: '幸福路8号', lat: 30.27, lng: 120.15, phone: STATION_PHONE },
        201,
      )
    ).id as string
  const service = async (stationId: string, body: Record<string, unknown>) =>
    (await ok(h, 'POST', `/api/stations/${stationId}/services`, staff, body, 201)).id as string
  const st1 = await station(communityId, staff, '幸福里驿站')
  const st2 = await station(communityId, staff, '东门驿站')
  const st3 = await station(communityId, staff, '西门驿站')
  const stB = await station(otherCommunityId, foreignStaff, '外社区驿站')
  const sv1 = await service(st1, { name: '健康咨询', slotMinutes: 30, capacity: 4, schedule: MORNINGS })
  const sv2 = await service(st2, { name: '法律咨询', slotMinutes: 60, capacity: 2, schedule: NINE_TO_TEN })
  const svB = (
    await ok(
      h,
      'POST',
      `/api/stations/${stB}/services`,
      foreignStaff,
      { name: '理发', slotMinutes: 60, capacity: 2, schedule: NINE_TO_TEN },
      201,
    )
  ).id as string

  // Topics. T2 votes 02-20 09:00 → 02-29 23:00: it ends an hour before the period starts.
  const propose = async (title: string) =>
    (await ok(h, 'POST', '/api/topics', owner1, { communityId, title, body: '请大家发表意见并投票。' }, 201))
      .id as string
  const approveTopic = async (id: string, options: string[], opens: string, closes: string, maxChoices = 1) =>
    (
      await ok(h, 'POST', `/api/topics/${id}/review`, staff, {
        approve: true,
        options,
        maxChoices,
        votingOpensAt: sh(opens),
        votingClosesAt: sh(closes),
        resultsVisibility: 'always',
      })
    ).options.map((o: { id: string }) => o.id) as string[]
  const vote = (user: TestUser, topicId: string, optionIds: string[]) =>
    ok(h, 'PUT', `/api/topics/${topicId}/ballot`, user, { optionIds })

  const t2 = await propose('旧自行车清理')
  const t2Options = await approveTopic(t2, ['同意清理', '暂缓'], '2032-02-20 09:00', '2032-02-29 23:00')
  at('2032-02-20 10:00')
  await vote(r1, t2, [t2Options[0]!])

  // Bookings, made 02-29 from 08:00, a minute apart. Slots exist once someone looks at the day.
  at('2032-02-29 08:00')
  const slotAt = async (serviceId: string, date: string, time: string) => {
    const day = await ok(h, 'GET', `/api/services/${serviceId}/slots?date=${date}`, null)
    const slot = day.items.find((s: { startsAt: string }) => s.startsAt === sh(`${date} ${time}`))
    expect(slot, `${date} ${time}: ${JSON.stringify(day)}`).toBeDefined()
    return slot.id as string
  }
  let minute = 0
  const book = async (user: TestUser, slotId: string, partySize: number) => {
    at(`2032-02-29 08:${String(minute++).padStart(2, '0')}`)
    return (await ok(h, 'POST', '/api/bookings', user, { slotId, partySize }, 201)) as { id: string; code: string }
  }
  const b = {
    r6Before: await book(r6, await slotAt(sv1, '2032-02-29', '09:00'), 1),
    r1: await book(r1, await slotAt(sv1, '2032-03-01', '09:00'), 2),
    r2: await book(r2, await slotAt(sv1, '2032-03-01', '09:00'), 1),
    r3: await book(r3, await slotAt(sv1, '2032-03-01', '09:00'), 1),
    r4: await book(r4, await slotAt(sv1, '2032-03-01', '10:00'), 3),
    r8: await book(r8, await slotAt(sv1, '2032-03-01', '10:00'), 1),
    r5: await book(r5, await slotAt(sv1, '2032-03-04', '09:00'), 1),
    r7: await book(r7, await slotAt(sv2, '2032-03-01', '09:00'), 2),
    foreign: await book(foreignOwner, await slotAt(svB, '2032-03-01', '09:00'), 1),
  }
  const checkIn = (code: string) => ok(h, 'POST', '/api/bookings/check-in', staff, { code })
  at('2032-02-29 08:30')
  await checkIn(b.r6Before.code)
  at('2032-02-29 12:00')
  await ok(h, 'POST', `/api/bookings/${b.r3.id}/cancel`, r3)
  // The whole of 03-04 closed at 幸福里驿站: its slots are off sale (no seats offered), r5's booking cancelled.
  await ok(h, 'POST', `/api/stations/${st1}/closures`, staff, { date: '2032-03-04', reason: '设备检修' }, 201)

  // Wishes. Every one carries an address and a phone, which no export may show.
  const wish = async (owner: TestUser, title: string, description = '请帮帮忙') =>
    (
      await ok(
        h,
        'POST',
        '/api/wishes',
        owner,
        { title, description, category: 'elderly_care', address: ADDRESS, contactPhone: PHONE },
        201,
      )
    ).id as string
  const act = (user: TestUser, id: string, action: string, body: unknown = {}) =>
    ok(h, 'POST', `/api/wishes/${id}/${action}`, user, body)

  at('2032-02-29 22:00')
  const wBefore = await wish(owner2, '换个灯泡')
  at('2032-02-29 23:00')
  await act(staff, wBefore, 'review', { approve: true })
  at('2032-02-29 23:30')
  await act(volunteer1, wBefore, 'claim')

  at('2032-03-01 00:00')
  const w1 = await wish(owner1, '帮忙取药')
  at('2032-03-01 01:00')
  await act(staff, w1, 'review', { approve: true })
  at('2032-03-01 03:00')
  await act(volunteer1, w1, 'claim')
  at('2032-03-01 05:00')
  await act(volunteer1, w1, 'fulfil', { note: '药已送到家', hours: 2 })
  at('2032-03-01 08:00')
  await act(volunteer1, wBefore, 'fulfil', { note: '灯泡换好了', hours: 1 })
  at('2032-03-01 08:30')
  await checkIn(b.r1.code)
  await checkIn(b.r7.code)
  at('2032-03-01 09:00')
  await act(owner1, w1, 'confirm', { rating: 5 })
  at('2032-03-01 09:40')
  await checkIn(b.r4.code)
  // r2 missed 09:00 and r8 missed 10:00. r2 books again at noon, which writes r2's no-show to the table; r8's stays
  // `booked` and reads as a no-show.
  at('2032-03-01 12:00')
  const r2Later = await ok(
    h,
    'POST',
    '/api/bookings',
    r2,
    { slotId: await slotAt(sv1, '2032-03-07', '10:30'), partySize: 1 },
    201,
  )

  // B's wish, done within the period: never in A's figures.
  at('2032-03-02 07:00')
  const wForeign = await wish(foreignOwner, '外社区的心愿')
  await act(foreignStaff, wForeign, 'review', { approve: true })
  await act(foreignVolunteer, wForeign, 'claim')
  await act(foreignVolunteer, wForeign, 'fulfil', { note: '做完了', hours: 8 })
  await act(foreignOwner, wForeign, 'confirm', { rating: 5 })

  at('2032-03-02 08:00')
  const w2 = await wish(owner2, '买菜, 送到"3楼"', '青菜两斤，鸡蛋一盒')
  const r9Later = await ok(
    h,
    'POST',
    '/api/bookings',
    r9,
    { slotId: await slotAt(sv1, '2032-03-08', '09:00'), partySize: 2 },
    201,
  )
  const t1 = await propose('加装电梯方案征求意见')
  at('2032-03-02 08:30')
  const t1Options = await approveTopic(t1, ['方案一', '方案二', '都不同意'], '2032-03-02 09:00', '2032-03-05 09:00')
  at('2032-03-02 09:00')
  await act(staff, w2, 'review', { approve: true })
  at('2032-03-02 10:00')
  await vote(r1, t1, [t1Options[0]!])
  await vote(r4, t1, [t1Options[0]!])
  await vote(owner3, t1, [t1Options[1]!])
  at('2032-03-02 13:00')
  await act(volunteer2, w2, 'claim')
  at('2032-03-02 23:30')
  await act(owner2, wBefore, 'confirm', { rating: 4 })

  at('2032-03-03 10:00')
  const w3 = await wish(owner3, '陪老人去医院', '周四上午\n需要推轮椅')
  await act(volunteer2, w2, 'fulfil', { note: '买好了', hours: 1.5 })
  at('2032-03-03 10:30')
  await act(staff, w3, 'review', { approve: true })
  at('2032-03-03 11:00')
  await act(owner2, w2, 'dispute', { reason: '鸡蛋还没收到' })
  at('2032-03-03 11:30')
  await act(volunteer1, w3, 'claim')
  at('2032-03-03 12:00')
  await act(volunteer1, w3, 'release', { reason: '临时有事去不了' })
  await act(volunteer2, w2, 'fulfil', { note: '鸡蛋也送到了', hours: 1.5 })
  at('2032-03-03 13:00')
  await act(staff, w2, 'confirm', { rating: 5 })
  at('2032-03-03 18:00')
  await act(volunteer2, w3, 'claim')

  at('2032-03-04 09:00')
  const w7 = await wish(owner2, '=SUM(A1:A9)', '这是一条测试')
  at('2032-03-04 10:00')
  await act(staff, w7, 'review', { approve: false, reason: '内容与心愿无关' })

  at('2032-03-05 09:00')
  const w6 = await wish(owner1, '冬天送棉被', '-5度太冷了')
  at('2032-03-05 10:00')
  await act(staff, w6, 'review', { approve: true })
  // T1's window ended at 09:00; staff close it at 10:00, freezing 15 eligible.
  await ok(h, 'POST', `/api/topics/${t1}/close`, staff)
  at('2032-03-05 11:00')
  const newcomer = await makeUser(h, 'resident', communityId, '新邻居')
  at('2032-03-05 12:00')
  await act(volunteer2, w6, 'claim')

  at('2032-03-07 19:00')
  const t3 = await propose('小区停车收费调整')
  const t4 = await propose('东门空地改建')
  await propose('还在审核的议题')
  const t3Options = await approveTopic(t3, ['赞成', '反对'], '2032-03-07 20:00', '2032-03-10 20:00', 2)
  const t4Options = await approveTopic(t4, ['停车位', '小广场'], '2032-03-08 00:00', '2032-03-12 00:00')
  at('2032-03-07 20:00')
  await act(volunteer2, w6, 'fulfil', { note: '棉被送到了', hours: 3 })
  at('2032-03-07 21:00')
  await vote(r1, t3, [t3Options[0]!, t3Options[1]!])
  await vote(r4, t3, [t3Options[0]!])
  at('2032-03-07 23:59')
  const w4 = await wish(owner1, '@所有人 求助搬家具', '周末需要两个人')

  at('2032-03-08 00:00')
  const wAfter = await wish(owner3, '修理水龙头')
  await act(owner1, w6, 'confirm', { rating: 5 })
  at('2032-03-08 00:10')
  await act(staff, w4, 'review', { approve: true })
  at('2032-03-08 01:00')
  await vote(r2, t4, [t4Options[0]!])

  h.clock.set(AFTER_ALL)
  return {
    communityId,
    communityName: communityName!,
    otherCommunityId,
    staff,
    admin,
    foreignStaff,
    owner1,
    owner2,
    owner3,
    volunteer1,
    volunteer2,
    bookers: r,
    newcomer,
    stations: { st1, st2, st3, stB },
    bookings: { ...b, r2Later, r9Later },
    wishes: { wBefore, w1, w2, w3, w4, w6, w7, wAfter, wForeign },
    topics: { t1, t2, t3, t4 },
  }
}

/** The query string of a period of community A. */
export const period = (communityId: string, from = FROM, to = TO) => `communityId=${communityId}&from=${from}&to=${to}`
