import { sql } from './sql'
import type { Db, Queryable } from './types'

/**
 * Demo data for the local run and demos: one street with two communities, residents (one elderly), two active
 * volunteers (one a party member), staff for each community and an admin. Fixed ids make it safe to run again.
 * Two stations with services, a few wishes in different states, and one topic whose voting is open now.
 */
export const DEMO = {
  streets: {
    xingfu: '00000000-0000-4000-8000-00000000c0a1',
  },
  communities: {
    sunshine: '00000000-0000-4000-8000-00000000c001',
    harmony: '00000000-0000-4000-8000-00000000c002',
  },
  users: {
    resident: '00000000-0000-4000-8000-0000000000a1',
    elder: '00000000-0000-4000-8000-0000000000a2',
    volunteerParty: '00000000-0000-4000-8000-0000000000b1',
    volunteer: '00000000-0000-4000-8000-0000000000b2',
    staffSunshine: '00000000-0000-4000-8000-0000000000d1',
    staffHarmony: '00000000-0000-4000-8000-0000000000d2',
    admin: '00000000-0000-4000-8000-0000000000e1',
    residentHarmony: '00000000-0000-4000-8000-0000000000a3',
    /** A newcomer whose 住户认证 application waits for 阳光社区's staff. */
    applicant: '00000000-0000-4000-8000-0000000000a4',
    /** 孙大爷: no WeChat; 陈主任 registered him and acts for him (代办). No login reaches him. */
    proxySun: '00000000-0000-4000-8000-0000000000a5',
    /** 阳光社区's grid worker and building head, on the 楼道联系牌; not demo logins. */
    gridWorker: '00000000-0000-4000-8000-0000000000f1',
    buildingHead: '00000000-0000-4000-8000-0000000000f2',
    /** Handlers of 阳光社区's property company and residents' committee (问题反馈). */
    handlerProperty: '00000000-0000-4000-8000-0000000000f3',
    handlerCommittee: '00000000-0000-4000-8000-0000000000f4',
    /** 幸福街道's staff: the street's view of its two communities (居务公开, issue #21). */
    streetStaff: '00000000-0000-4000-8000-0000000005c1',
  },
  grids: {
    sunshineFirst: '00000000-0000-4000-8000-0000000004e1',
  },
  wishes: {
    pending: '00000000-0000-4000-8000-0000000001f1',
    open: '00000000-0000-4000-8000-0000000001f2',
    claimed: '00000000-0000-4000-8000-0000000001f3',
    completed: '00000000-0000-4000-8000-0000000001f4',
    openElder: '00000000-0000-4000-8000-0000000001f5',
    forSun: '00000000-0000-4000-8000-0000000001f6',
  },
  stations: {
    sunshine: '00000000-0000-4000-8000-0000000002a1',
    harmony: '00000000-0000-4000-8000-0000000002a2',
  },
  services: {
    health: '00000000-0000-4000-8000-0000000002b1',
    legal: '00000000-0000-4000-8000-0000000002b2',
    haircut: '00000000-0000-4000-8000-0000000002b3',
    reading: '00000000-0000-4000-8000-0000000002b4',
  },
  topics: {
    parking: '00000000-0000-4000-8000-0000000003a1',
    elevator: '00000000-0000-4000-8000-0000000003a2',
  },
  activities: {
    clinic: '00000000-0000-4000-8000-0000000004a1',
    sorting: '00000000-0000-4000-8000-0000000004a2',
    elders: '00000000-0000-4000-8000-0000000004a3',
  },
  posts: {
    clinicGuide: '00000000-0000-4000-8000-0000000004b1',
    clinicPhoto: '00000000-0000-4000-8000-0000000004b2',
    sortingGuide: '00000000-0000-4000-8000-0000000004b3',
    eldersGuide: '00000000-0000-4000-8000-0000000004b4',
  },
  teamWish: '00000000-0000-4000-8000-0000000001f7',
  /** 问题反馈: the property company and the residents' committee of 阳光社区, and a problem in every state. */
  orgs: {
    property: '00000000-0000-4000-8000-0000000004c1',
    committee: '00000000-0000-4000-8000-0000000004c2',
  },
  problems: {
    submitted: '00000000-0000-4000-8000-0000000004d1',
    assigned: '00000000-0000-4000-8000-0000000004d2',
    inProgress: '00000000-0000-4000-8000-0000000004d3',
    resolved: '00000000-0000-4000-8000-0000000004d4',
    reopened: '00000000-0000-4000-8000-0000000004d5',
    closed: '00000000-0000-4000-8000-0000000004d6',
    overdue: '00000000-0000-4000-8000-0000000004d7',
  },
  /**
   * 公开栏 of 阳光社区: a 财务公开 in its 公示期 with an objection and staff's reply; a 结果公示 corrected by a later
   * notice (both shown, linked both ways); a 通知公告.
   */
  notices: {
    finance: '00000000-0000-4000-8000-0000000005a1',
    results: '00000000-0000-4000-8000-0000000005a2',
    resultsCorrection: '00000000-0000-4000-8000-0000000005a3',
    water: '00000000-0000-4000-8000-0000000005a4',
  },
  objections: {
    financeTea: '00000000-0000-4000-8000-0000000005a5',
  },
  /** 满意度 (issue #21): a past health-check booking of 李秀英's, checked in and rated, and its slot. */
  ratedBooking: {
    slot: '00000000-0000-4000-8000-0000000005b1',
    booking: '00000000-0000-4000-8000-0000000005b2',
  },
  /** 群众满意度测评 of 阳光社区: last quarter's, closed with results published; this month's, open now. */
  surveys: {
    closed: '00000000-0000-4000-8000-0000000005b3',
    open: '00000000-0000-4000-8000-0000000005b4',
  },
  /** 社区微实事 of 阳光社区: last spring's round, decided and being spent, and this one, in its voting window. */
  budgets: {
    finished: '00000000-0000-4000-8000-0000000005e1',
    open: '00000000-0000-4000-8000-0000000005e2',
  },
  proposals: {
    /** Finished round: two selected (lamps, then fitness by the tie-break on cost), one skipped, one rejected. */
    lamps: '00000000-0000-4000-8000-0000000005f1',
    fitness: '00000000-0000-4000-8000-0000000005f2',
    playground: '00000000-0000-4000-8000-0000000005f3',
    giftCards: '00000000-0000-4000-8000-0000000005f4',
    /** Open round, voting now: three feasible projects that do not all fit, and one rejected. */
    benches: '00000000-0000-4000-8000-0000000005fc',
    handrails: '00000000-0000-4000-8000-0000000005fd',
    chargingShed: '00000000-0000-4000-8000-0000000005fe',
    subsidy: '00000000-0000-4000-8000-0000000005ff',
  },
  /** The finished round's spending (one a negative correction) and progress updates. */
  expenses: {
    lampFittings: '00000000-0000-4000-8000-0000000005f5',
    lampInstall: '00000000-0000-4000-8000-0000000005f6',
    lampRefund: '00000000-0000-4000-8000-0000000005f7',
    fitnessKit: '00000000-0000-4000-8000-0000000005f8',
  },
  budgetUpdates: {
    lampsArrived: '00000000-0000-4000-8000-0000000005f9',
    lampsDone: '00000000-0000-4000-8000-0000000005fa',
    fitnessHalf: '00000000-0000-4000-8000-0000000005fb',
  },
} as const

const { communities: C, users: U } = DEMO

/** The demo residents and volunteers: each a verified member of a household of their building. */
const MEMBERS: [
  userId: string,
  communityId: string,
  building: string,
  room: string,
  realName: string,
  areaM2: number,
][] = [
  [U.resident, C.sunshine, '3号楼', '201', '王小明', 89.5],
  [U.elder, C.sunshine, '5号楼', '102', '李秀英', 76.2],
  [U.residentHarmony, C.harmony, '12号楼', '502', '周丽华', 102.8],
  [U.volunteerParty, C.sunshine, '1号楼', '301', '张志强', 95],
  [U.volunteer, C.sunshine, '8号楼', '601', '刘芳', 68.4],
]

export async function seed(db: Db): Promise<void> {
  await db.tx(async (q) => {
    await q.query(
      sql`INSERT INTO streets (id, name, district) VALUES (${DEMO.streets.xingfu}, '幸福街道', '示范区')
       ON CONFLICT DO NOTHING`,
    )
    await q.query(
      sql`INSERT INTO communities (id, name, street_id, phone) VALUES
         (${C.sunshine}, '阳光社区', ${DEMO.streets.xingfu}, '0571-88000001'),
         (${C.harmony}, '和平社区', ${DEMO.streets.xingfu}, '0571-88000002')
       ON CONFLICT (id) DO UPDATE SET phone = COALESCE(communities.phone, EXCLUDED.phone)`,
    )
    // created_at orders the demo chooser: residents first, then volunteers, staff, admin.
    const users: [string, string, string, string | null, boolean, string][] = [
      [U.resident, '王小明', 'resident', C.sunshine, false, '3号楼'],
      [U.elder, '李奶奶', 'resident', C.sunshine, true, '5号楼'],
      [U.residentHarmony, '周阿姨', 'resident', C.harmony, false, '12号楼'],
      [U.applicant, '钱阿姨', 'resident', C.sunshine, false, '6号楼'],
      [U.volunteerParty, '张志强', 'resident', C.sunshine, false, '1号楼'],
      [U.volunteer, '刘芳', 'resident', C.sunshine, false, '8号楼'],
      [U.handlerProperty, '物业孙经理', 'resident', C.sunshine, false, ''],
      [U.handlerCommittee, '居委会吴干事', 'resident', C.sunshine, false, ''],
      [U.staffSunshine, '陈主任', 'staff', C.sunshine, false, ''],
      [U.staffHarmony, '赵书记', 'staff', C.harmony, false, ''],
      [U.streetStaff, '街道刘主任', 'staff', null, false, ''],
      [U.admin, '平台管理员', 'admin', null, false, ''],
    ]
    for (const [index, [id, nickname, role, communityId, elderMode, building]] of users.entries()) {
      await q.query(
        sql`INSERT INTO users (id, openid, nickname, role, community_id, elder_mode, building, is_demo, created_at)
         VALUES (${id}, ${`demo:${id}`}, ${nickname}, ${role}, ${communityId}, ${elderMode}, NULLIF(${building}, ''), true,
                 now() - make_interval(mins => ${users.length - index}))
         ON CONFLICT (id) DO NOTHING`,
      )
    }
    await q.query(
      sql`INSERT INTO staff_assignments (user_id, community_id)
       VALUES (${U.staffSunshine}, ${C.sunshine}), (${U.staffHarmony}, ${C.harmony}) ON CONFLICT DO NOTHING`,
    )
    await q.query(
      sql`INSERT INTO street_staff (user_id, street_id) VALUES (${U.streetStaff}, ${DEMO.streets.xingfu})
       ON CONFLICT DO NOTHING`,
    )
    await q.query(
      sql`INSERT INTO volunteers (user_id, community_id, real_name, phone, is_party_member, status, decided_by, decided_at)
       VALUES (${U.volunteerParty}, ${C.sunshine}, '张志强', '13800000001', true, 'active', ${U.staffSunshine}, now()),
              (${U.volunteer}, ${C.sunshine}, '刘芳', '13800000002', false, 'active', ${U.staffSunshine}, now())
       ON CONFLICT (user_id) DO NOTHING`,
    )
    await seedMembers(q)
    await seedContacts(q)
    await seedProxyResident(q)
    await seedPlaces(q)
    await seedWishes(q)
    await seedStations(q)
    await seedTopics(q)
    await seedElevatorTopic(q)
    await seedActivities(q)
    await seedProblems(q)
    await seedNotices(q)
    await seedRatings(q)
    await seedSurveys(q)
    await seedBudgets(q)
  })
}

/** Each demo resident's building and household, and their verified membership of it. */
async function seedMembers(q: Queryable) {
  for (const [userId, communityId, building, room, realName, areaM2] of MEMBERS) {
    await q.query(
      sql`WITH b AS (
         INSERT INTO buildings (community_id, name) VALUES (${communityId}, ${building})
         ON CONFLICT (community_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id
       ), h AS (
         INSERT INTO households (community_id, building_id, room, area_m2) SELECT ${communityId}, b.id, ${room}, ${areaM2} FROM b
         ON CONFLICT (building_id, unit, room) DO UPDATE SET area_m2 = COALESCE(households.area_m2, EXCLUDED.area_m2)
         RETURNING id
       )
       INSERT INTO memberships (user_id, community_id, household_id, building, room, relation, real_name, status,
                                decided_at)
       SELECT ${userId}, ${communityId}, h.id, ${building}, ${room}, 'owner', ${realName}, 'verified', now() FROM h
       ON CONFLICT (user_id) WHERE status IN ('pending', 'verified') DO NOTHING`,
    )
  }
  // One application waiting for 阳光社区's staff (认证审核), for an address not registered yet.
  await q.query(
    sql`INSERT INTO memberships (user_id, community_id, building, unit, room, relation, real_name, status, applied_at)
     VALUES (${U.applicant}, ${C.sunshine}, '6号楼', '2', '402', 'tenant', '钱桂芳', 'pending', now() - interval '3 hours')
     ON CONFLICT (user_id) WHERE status IN ('pending', 'verified') DO NOTHING`,
  )
}

/**
 * 阳光社区's 楼道联系牌: one grid of the demo buildings with its grid worker, a building head of the buildings the demo
 * residents live in, and 张志强 a confirmed party member who chose to be listed (1号楼).
 */
async function seedContacts(q: Queryable) {
  const G = DEMO.grids
  await q.query(
    sql`INSERT INTO grids (id, community_id, name) VALUES (${G.sunshineFirst}, ${C.sunshine}, '第一网格')
     ON CONFLICT (id) DO NOTHING`,
  )
  await q.query(
    sql`UPDATE buildings SET grid_id = ${G.sunshineFirst}
     WHERE community_id = ${C.sunshine} AND name IN ('1号楼', '3号楼', '5号楼', '8号楼') AND grid_id IS NULL`,
  )
  // Accounts of their own that no login reaches: not demo users, and no WeChat openid.
  await q.query(
    sql`INSERT INTO users (id, openid, nickname, community_id) VALUES
       (${U.gridWorker}, ${`seed:${U.gridWorker}`}, '吴网格员', ${C.sunshine}),
       (${U.buildingHead}, ${`seed:${U.buildingHead}`}, '郑楼长', ${C.sunshine})
     ON CONFLICT (id) DO NOTHING`,
  )
  await q.query(
    sql`INSERT INTO community_roles (user_id, community_id, role, grid_id, real_name, phone)
     VALUES (${U.gridWorker}, ${C.sunshine}, 'grid_worker', ${G.sunshineFirst}, '吴敏', '13900000011')
     ON CONFLICT DO NOTHING`,
  )
  await q.query(
    sql`INSERT INTO community_roles (user_id, community_id, role, building_id, real_name, phone)
     SELECT ${U.buildingHead}, ${C.sunshine}, 'building_head', b.id, '郑建国', '13900000012'
     FROM buildings b WHERE b.community_id = ${C.sunshine} AND b.name IN ('1号楼', '3号楼', '5号楼')
     ON CONFLICT DO NOTHING`,
  )
  await q.query(
    sql`INSERT INTO party_members (user_id, community_id, organization, status, wants_listed, listed, phone,
                                applied_at, confirmed_at, confirmed_by)
     VALUES (${U.volunteerParty}, ${C.sunshine}, '幸福街道阳光社区党支部', 'confirmed', true, true, '13800000001',
             now() - interval '10 days', now() - interval '9 days', ${U.staffSunshine})
     ON CONFLICT (user_id) DO NOTHING`,
  )
}

/** 孙大爷, 5号楼 101, who has no WeChat: registered by 陈主任 as a verified member of his household (代办). */
async function seedProxyResident(q: Queryable) {
  await q.query(
    sql`INSERT INTO users (id, openid, nickname, community_id, building, proxy)
     VALUES (${U.proxySun}, ${`proxy:${U.proxySun}`}, '孙大爷', ${C.sunshine}, '5号楼', true)
     ON CONFLICT (id) DO NOTHING`,
  )
  await q.query(
    sql`INSERT INTO proxy_residents (user_id, community_id, phone, created_by)
     VALUES (${U.proxySun}, ${C.sunshine}, '13600000007', ${U.staffSunshine})
     ON CONFLICT (user_id) DO NOTHING`,
  )
  await q.query(
    sql`WITH b AS (
       SELECT id FROM buildings WHERE community_id = ${C.sunshine} AND name = '5号楼'
     ), h AS (
       INSERT INTO households (community_id, building_id, room) SELECT ${C.sunshine}, b.id, '101' FROM b
       ON CONFLICT (building_id, unit, room) DO UPDATE SET room = EXCLUDED.room RETURNING id
     )
     INSERT INTO memberships (user_id, community_id, household_id, building, room, relation, real_name, status,
                              decided_at, decided_by)
     SELECT ${U.proxySun}, ${C.sunshine}, h.id, '5号楼', '101', 'owner', '孙大爷', 'verified', now(), ${U.staffSunshine}
     FROM h
     ON CONFLICT (user_id) WHERE status IN ('pending', 'verified') DO NOTHING`,
  )
}

/**
 * The demo communities' grids and buildings, each building of six floors with two homes a floor (101 … 602, no units)
 * of known area, so that 小区管理 shows places. The demo residents' homes are among these rooms, and the elevator
 * topic sets 3号楼's areas for its roster (seedElevatorTopic). Names only: run again, it adds nothing.
 */
const PLACES: [communityId: string, grid: string, buildings: string[]][] = [
  [C.sunshine, '第一网格', ['1号楼', '3号楼', '5号楼']],
  [C.sunshine, '第二网格', ['8号楼', '10号楼']],
  [C.harmony, '和平网格', ['12号楼', '15号楼']],
]

async function seedPlaces(q: Queryable) {
  for (const [communityId, grid, buildings] of PLACES) {
    await q.query(
      sql`WITH g AS (
         INSERT INTO grids (community_id, name) VALUES (${communityId}, ${grid})
         ON CONFLICT (community_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id
       ), b AS (
         INSERT INTO buildings (community_id, grid_id, name)
         SELECT ${communityId}, g.id, names.name FROM g CROSS JOIN unnest(${buildings}::text[]) AS names(name)
         ON CONFLICT (community_id, name) DO UPDATE SET grid_id = COALESCE(buildings.grid_id, EXCLUDED.grid_id)
         RETURNING id
       )
       INSERT INTO households (community_id, building_id, room, area_m2)
       SELECT ${communityId}, b.id, floor::text || '0' || door::text, 62.5 + 12 * door + floor
       FROM b CROSS JOIN generate_series(1, 6) AS floor CROSS JOIN generate_series(1, 2) AS door
       ON CONFLICT (building_id, unit, room) DO NOTHING`,
    )
  }
}

const T = DEMO.topics

/** An open topic proposed by a resident and approved by staff, voting open from yesterday for a week. */
async function seedTopics(q: Queryable) {
  const [inserted] = await q.query<{ id: string }>(
    sql`INSERT INTO topics (id, community_id, author_id, title, body, status, max_choices, voting_opens_at,
                         voting_closes_at, results_visibility, created_at, updated_at)
     VALUES (${T.parking}, ${C.sunshine}, ${U.resident}, '小区东门的空地怎么用？',
             '东门旁边的空地一直闲置，晚上常有车乱停。大家看看改成什么最合适，投票结束后居委会按结果办理。',
             'open', 1, now() - interval '1 day', now() + interval '6 days', 'always',
             now() - interval '2 days', now() - interval '1 day')
     ON CONFLICT (id) DO NOTHING RETURNING id`,
  )
  if (!inserted) return
  await q.query(
    sql`INSERT INTO topic_options (topic_id, position, label) VALUES
       (${T.parking}, 1, '划为限时停车位'), (${T.parking}, 2, '改成电动车充电区'), (${T.parking}, 3, '建成休闲小广场')`,
  )
  await q.query(
    sql`INSERT INTO topic_events (topic_id, actor_id, actor_role, type, note, created_at) VALUES
       (${T.parking}, ${U.resident}, 'resident', 'proposed', NULL, now() - interval '2 days'),
       (${T.parking}, ${U.staffSunshine}, 'staff', 'approved', NULL, now() - interval '1 day')`,
  )
  await q.query(
    sql`INSERT INTO ballots (topic_id, user_id, option_ids, created_at, updated_at)
     SELECT ${T.parking}::uuid, ${U.volunteer}::uuid, ARRAY[id], now() - interval '20 hours', now() - interval '20 hours'
     FROM topic_options WHERE topic_id = ${T.parking} AND position = 2`,
  )
  await q.query(
    sql`INSERT INTO topic_comments (topic_id, author_id, body, created_at) VALUES
       (${T.parking}, ${U.volunteer}, '充电区好，楼道里充电太危险了。', now() - interval '20 hours')`,
  )
}

const S = DEMO.stations
const SV = DEMO.services

/** Two stations whose services run every day, so the demo always has slots to book. */
async function seedStations(q: Queryable) {
  await q.query(
    sql`INSERT INTO stations (id, community_id, name, address, lat, lng, phone, intro) VALUES
       (${S.sunshine}, ${C.sunshine}, '阳光社区党群服务驿站', '幸福街道阳光路18号一楼', 30.27415, 120.15515, '0571-88001234',
        '提供健康咨询、法律咨询和助老理发，欢迎居民预约后到站。'),
       (${S.harmony}, ${C.harmony}, '和平社区党群服务站', '幸福街道和平巷6号', 30.28012, 120.16233, '0571-88005678',
        '阅览室全天开放，周末有志愿者义务理发。')
     ON CONFLICT (id) DO NOTHING`,
  )
  await q.query(
    sql`INSERT INTO station_services (id, station_id, name, slot_minutes, capacity, booking_window_days,
                                   cancel_cutoff_minutes, created_at) VALUES
       (${SV.health}, ${S.sunshine}, '健康咨询', 30, 4, 7, 60, now() - interval '3 minutes'),
       (${SV.legal}, ${S.sunshine}, '法律咨询', 60, 2, 7, 120, now() - interval '2 minutes'),
       (${SV.haircut}, ${S.harmony}, '助老理发', 30, 2, 7, 60, now() - interval '1 minute'),
       (${SV.reading}, ${S.harmony}, '阅览室', 60, 20, 3, 30, now())
     ON CONFLICT (id) DO NOTHING`,
  )
  await q.query(
    sql`INSERT INTO service_schedules (service_id, weekday, starts, ends)
     SELECT ${SV.health}::uuid, d, '09:00'::time, '11:30'::time FROM generate_series(1, 7) d
     UNION ALL SELECT ${SV.health}::uuid, d, '14:00', '17:00' FROM generate_series(1, 7) d
     UNION ALL SELECT ${SV.legal}::uuid, d, '09:00', '12:00' FROM generate_series(1, 5) d
     UNION ALL SELECT ${SV.haircut}::uuid, d, '09:00', '11:00' FROM generate_series(1, 7) d
     UNION ALL SELECT ${SV.reading}::uuid, d, '08:00', '20:00' FROM generate_series(1, 7) d
     ON CONFLICT DO NOTHING`,
  )
}

const W = DEMO.wishes

/** A few wishes in different states, with the claims, timeline and hours their states imply. Inserted once. */
async function seedWishes(q: Queryable) {
  const [seeded] = await q.query(sql`SELECT 1 FROM wishes WHERE id = ${W.pending}`)
  if (seeded) return
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000)
  // The moments of the story, each used wherever it is told.
  const pendingPosted = hoursAgo(2)
  const openPosted = hoursAgo(30)
  const claimedPosted = hoursAgo(50)
  const claimedClaimed = hoursAgo(5)
  const completedPosted = hoursAgo(96)
  const completedClaimed = hoursAgo(70)
  const completedDone = hoursAgo(60)
  const elderPosted = hoursAgo(20)
  await q.query(
    sql`INSERT INTO wishes (id, community_id, owner_id, title, description, category, address, contact_phone, status,
                         claimer_id, claimed_at, fulfil_note, hours, rating, thanks, completed_at, created_at, updated_at, opened_at,
                         team_count)
     VALUES
       (${W.pending}, ${C.sunshine}, ${U.elder}, '帮忙换一下客厅的灯泡', '灯泡坏了好几天，我够不着，家里有备用灯泡。', 'elderly_care', '5号楼2单元301',
        '13700000005', 'pending_review', NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${pendingPosted}, ${pendingPosted}, NULL, 0),
       (${W.open}, ${C.sunshine}, ${U.resident}, '周末陪孩子读一小时绘本', '孩子上二年级，爸妈周末加班，希望有人陪读。', 'education', '3号楼1单元102',
        NULL, 'open', NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${openPosted}, ${openPosted}, ${openPosted}, 0),
       (${W.claimed}, ${C.sunshine}, ${U.elder}, '代买降压药', '常吃的药快吃完了，社区医院就有，麻烦帮忙跑一趟。', 'health', '5号楼2单元301',
        '13700000005', 'claimed', ${U.volunteer}, ${claimedClaimed}, NULL, NULL, NULL, NULL, NULL, ${claimedPosted}, ${claimedClaimed}, ${claimedPosted}, 1),
       (${W.completed}, ${C.sunshine}, ${U.resident}, '修理自行车刹车', '刹车不灵，想请懂行的邻居看看。', 'other', NULL,
        NULL, 'completed', ${U.volunteerParty}, ${completedClaimed}, '换了刹车片，调好了。', 2.0, 5, '太感谢了！', ${completedDone}, ${completedPosted}, ${completedDone}, ${completedPosted}, 1),
       (${W.openElder}, ${C.sunshine}, ${U.resident}, '教爸妈用手机挂号', '想请耐心的志愿者教家里老人在手机上预约社区医院。', 'elderly_care', NULL,
        NULL, 'open', NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${elderPosted}, ${elderPosted}, ${elderPosted}, 0)`,
  )
  await q.query(
    sql`INSERT INTO wish_claims (wish_id, volunteer_id, claimed_at, ended_at, end_reason) VALUES
       (${W.claimed}, ${U.volunteer}, ${claimedClaimed}, NULL, NULL),
       (${W.completed}, ${U.volunteerParty}, ${completedClaimed}, ${completedDone}, 'completed')`,
  )
  await q.query(
    sql`INSERT INTO volunteer_hours (wish_id, volunteer_id, community_id, hours, confirmed_by, confirmed_at)
     VALUES (${W.completed}, ${U.volunteerParty}, ${C.sunshine}, 2.0, ${U.resident}, ${completedDone})`,
  )
  await q.query(
    sql`INSERT INTO wish_events (wish_id, actor_id, actor_role, type, note, created_at) VALUES
       (${W.pending}, ${U.elder}, 'resident', 'created', NULL, ${pendingPosted}),
       (${W.open}, ${U.resident}, 'resident', 'created', NULL, ${openPosted}),
       (${W.open}, ${U.staffSunshine}, 'staff', 'approved', NULL, ${openPosted}),
       (${W.claimed}, ${U.elder}, 'resident', 'created', NULL, ${claimedPosted}),
       (${W.claimed}, ${U.staffSunshine}, 'staff', 'approved', NULL, ${claimedPosted}),
       (${W.claimed}, ${U.volunteer}, 'volunteer', 'claimed', NULL, ${claimedClaimed}),
       (${W.completed}, ${U.resident}, 'resident', 'created', NULL, ${completedPosted}),
       (${W.completed}, ${U.staffSunshine}, 'staff', 'approved', NULL, ${completedPosted}),
       (${W.completed}, ${U.volunteerParty}, 'volunteer', 'claimed', NULL, ${completedClaimed}),
       (${W.completed}, ${U.volunteerParty}, 'volunteer', 'fulfilled', '换了刹车片，调好了。', ${completedDone}),
       (${W.completed}, ${U.resident}, 'resident', 'confirmed', '太感谢了！', ${completedDone}),
       (${W.openElder}, ${U.resident}, 'resident', 'created', NULL, ${elderPosted}),
       (${W.openElder}, ${U.staffSunshine}, 'staff', 'approved', NULL, ${elderPosted})`,
  )
  // 陈主任 posted 孙大爷's wish for him (代办) and approved it.
  const sunPosted = hoursAgo(6)
  await q.query(
    sql`INSERT INTO wishes (id, community_id, owner_id, title, description, category, address, contact_phone, status,
                         created_at, updated_at, opened_at, acted_by)
     VALUES (${W.forSun}, ${C.sunshine}, ${U.proxySun}, '帮忙读一读电费单', '孙大爷眼睛不好，电费单上的字看不清，想请人读给他听。',
             'elderly_care', '5号楼101', '13600000007', 'open', ${sunPosted}, ${sunPosted}, ${sunPosted}, ${U.staffSunshine})`,
  )
  await q.query(
    sql`INSERT INTO wish_events (wish_id, actor_id, actor_role, type, created_at, acted_by) VALUES
       (${W.forSun}, ${U.proxySun}, 'resident', 'created', ${sunPosted}, ${U.staffSunshine}),
       (${W.forSun}, ${U.staffSunshine}, 'staff', 'approved', ${sunPosted}, NULL)`,
  )
  await q.query(
    sql`INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, after, created_at)
     VALUES (${U.staffSunshine}, 'staff', 'wish.created_for', 'wish', ${W.forSun}, ${C.sunshine},
             ${JSON.stringify({ ownerId: U.proxySun, title: '帮忙读一读电费单' })}, ${sunPosted})`,
  )
}

/**
 * 3号楼加装电梯: a topic for one building, one ballot per household, decided as a 民法典 art. 278 major matter. The
 * building's twelve households have their areas; six owners (neighbours, not in the demo chooser) have voted, five
 * 同意 and one 不同意, so the tally shows households, area and 未通过 until more take part. 王小明 (201) has not voted
 * yet; 李奶奶 of 5号楼 sees why she cannot.
 */
async function seedElevatorTopic(q: Queryable) {
  const id = DEMO.topics.elevator
  const [inserted] = await q.query<{ id: string }>(
    sql`INSERT INTO topics (id, community_id, author_id, title, body, status, max_choices, voting_opens_at,
                         voting_closes_at, results_visibility, ballot_rule, pass_rule, approve_option_index,
                         created_at, updated_at)
     VALUES (${id}, ${C.sunshine}, ${U.resident}, '3号楼加装电梯',
             '3号楼老人多，上下楼不便。拟申请加装电梯，费用按楼层分摊，详见公示方案。按《民法典》第278条，需本楼业主表决。',
             'open', 1, now() - interval '2 days', now() + interval '12 days', 'always', 'per_household',
             'civil_code_major', 0, now() - interval '3 days', now() - interval '2 days')
     ON CONFLICT (id) DO NOTHING RETURNING id`,
  )
  if (!inserted) return
  // The building's households: six floors, two rooms each, with their areas (201 is 王小明's, made by seedMembers).
  await q.query(
    sql`WITH b AS (
       INSERT INTO buildings (community_id, name) VALUES (${C.sunshine}, '3号楼')
       ON CONFLICT (community_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id
     )
     INSERT INTO households (community_id, building_id, room, area_m2)
     SELECT ${C.sunshine}::uuid, b.id, f || r, CASE r WHEN '01' THEN 89.5 ELSE 112.3 END
     FROM b, generate_series(1, 6) AS f, (VALUES ('01'), ('02')) AS x (r)
     ON CONFLICT (building_id, unit, room) DO UPDATE SET area_m2 = EXCLUDED.area_m2`,
  )
  await q.query(
    sql`INSERT INTO topic_buildings (topic_id, building_id, community_id)
     SELECT ${id}::uuid, b.id, b.community_id FROM buildings b WHERE b.community_id = ${C.sunshine} AND b.name = '3号楼'`,
  )
  await q.query(
    sql`INSERT INTO topic_options (topic_id, position, label) VALUES (${id}, 1, '同意加装'), (${id}, 2, '不同意')`,
  )
  await q.query(
    sql`INSERT INTO topic_events (topic_id, actor_id, actor_role, type, note, created_at) VALUES
       (${id}, ${U.resident}, 'resident', 'proposed', NULL, now() - interval '3 days'),
       (${id}, ${U.staffSunshine}, 'staff', 'approved', NULL, now() - interval '2 days')`,
  )
  // Six neighbours who own their homes and have voted: rooms, names, and their choice (1 同意, 2 不同意).
  const voters: [room: string, name: string, choice: number][] = [
    ['101', '孙建国', 1],
    ['102', '吴桂兰', 1],
    ['301', '郑海涛', 1],
    ['402', '冯淑珍', 1],
    ['501', '陈立新', 1],
    ['602', '褚志明', 2],
  ]
  for (const [i, [room, name, choice]] of voters.entries()) {
    const userId = `00000000-0000-4000-8000-0000000004${String(i + 1).padStart(2, '0')}`
    await q.query(
      sql`WITH u AS (
         INSERT INTO users (id, openid, nickname, role, community_id, building, created_at)
         VALUES (${userId}, ${`demo-neighbour:${userId}`}, ${name}, 'resident', ${C.sunshine}, '3号楼', now())
         ON CONFLICT (id) DO UPDATE SET nickname = users.nickname RETURNING id
       )
       INSERT INTO memberships (user_id, community_id, household_id, building, room, relation, real_name, status,
                                decided_at)
       SELECT u.id, ${C.sunshine}, x.id, '3号楼', ${room}, 'owner', ${name}, 'verified', now()
       FROM u, households x JOIN buildings b ON b.id = x.building_id
       WHERE b.community_id = ${C.sunshine} AND b.name = '3号楼' AND x.room = ${room}
       ON CONFLICT (user_id) WHERE status IN ('pending', 'verified') DO NOTHING`,
    )
    await q.query(
      sql`INSERT INTO ballots (topic_id, user_id, option_ids, created_at, updated_at)
       SELECT ${id}::uuid, ${userId}::uuid, ARRAY[o.id], now() - interval '1 day', now() - interval '1 day'
       FROM topic_options o WHERE o.topic_id = ${id} AND o.position = ${choice}`,
    )
  }
}

const A = DEMO.activities
const P = DEMO.posts

/**
 * 社区活动: two to come (one with sign-ups and a post taken, one without a seat limit), one past and completed with
 * its hours recorded; and a 帮帮团 wish two volunteers did together, each credited. Inserted once.
 */
async function seedActivities(q: Queryable) {
  const [seeded] = await q.query(sql`SELECT 1 FROM activities WHERE id = ${A.clinic}`)
  if (seeded) return
  const day = (d: number, hour: number) => {
    // The Shanghai day d days from today, at the hour.
    const today = new Date(Math.floor((Date.now() + 8 * 3_600_000) / 86_400_000) * 86_400_000 - 8 * 3_600_000)
    return new Date(today.getTime() + d * 86_400_000 + hour * 3_600_000)
  }
  await q.query(
    sql`INSERT INTO activities (id, community_id, title, description, location, starts_at, ends_at, signup_closes_at,
                             capacity, seats_taken, status, created_by, created_at, completed_at, completed_by)
     VALUES
       (${A.clinic}, ${C.sunshine}, '社区义诊进小区', '市三医院医生坐诊：量血压、测血糖、用药咨询。请带上医保卡和常用药。',
        '阳光社区活动中心一楼', ${day(2, 9)}, ${day(2, 11.5)}, ${day(1, 18)}, 40, 3, 'published', ${U.staffSunshine},
        ${day(-3, 10)}, NULL, NULL),
       (${A.sorting}, ${C.sunshine}, '垃圾分类宣传周', '在小区门口设宣传点，教大家分清四类垃圾，现场有小礼品。',
        '小区东门广场', ${day(5, 14)}, ${day(5, 16)}, ${day(5, 12)}, NULL, 0, 'published', ${U.staffSunshine},
        ${day(-1, 10)}, NULL, NULL),
       (${A.elders}, ${C.sunshine}, '重阳节敬老茶话会', '为社区老人准备茶点和文艺表演，志愿者负责引导和陪伴。',
        '阳光社区党群服务驿站', ${day(-10, 14)}, ${day(-10, 17)}, ${day(-11, 18)}, 30, 3, 'completed',
        ${U.staffSunshine}, ${day(-20, 10)}, ${day(-10, 18)}, ${U.staffSunshine})`,
  )
  await q.query(
    sql`INSERT INTO activity_posts (id, activity_id, name, count, hours, taken, position) VALUES
       (${P.clinicGuide}, ${A.clinic}, '引导员', 4, 2.5, 1, 0),
       (${P.clinicPhoto}, ${A.clinic}, '摄影', 1, 2.5, 0, 1),
       (${P.sortingGuide}, ${A.sorting}, '宣传员', 3, 2, 0, 0),
       (${P.eldersGuide}, ${A.elders}, '引导陪伴', 2, 3, 2, 0)`,
  )
  await q.query(
    sql`INSERT INTO activity_signups (activity_id, user_id, party_size, code, status, created_at, checked_in_at, checked_in_by)
     VALUES
       (${A.clinic}, ${U.resident}, 2, '31415926', 'signed_up', ${day(-2, 9)}, NULL, NULL),
       (${A.clinic}, ${U.elder}, 1, '27182818', 'signed_up', ${day(-2, 10)}, NULL, NULL),
       (${A.elders}, ${U.elder}, 2, '16180339', 'checked_in', ${day(-15, 9)}, ${day(-10, 14)}, ${U.staffSunshine}),
       (${A.elders}, ${U.resident}, 1, '14142135', 'checked_in', ${day(-15, 9)}, ${day(-10, 14)}, ${U.staffSunshine})`,
  )
  await q.query(
    sql`INSERT INTO activity_post_claims (post_id, activity_id, volunteer_id, claimed_at) VALUES
       (${P.clinicGuide}, ${A.clinic}, ${U.volunteerParty}, ${day(-2, 12)}),
       (${P.eldersGuide}, ${A.elders}, ${U.volunteerParty}, ${day(-14, 12)}),
       (${P.eldersGuide}, ${A.elders}, ${U.volunteer}, ${day(-14, 13)})`,
  )
  await q.query(
    sql`INSERT INTO volunteer_hours (activity_post_id, volunteer_id, community_id, hours, confirmed_by, confirmed_at)
     VALUES (${P.eldersGuide}, ${U.volunteerParty}, ${C.sunshine}, 3, ${U.staffSunshine}, ${day(-10, 18)}),
            (${P.eldersGuide}, ${U.volunteer}, ${C.sunshine}, 3, ${U.staffSunshine}, ${day(-10, 18)})`,
  )
  // 帮帮团: a wish two volunteers did together, confirmed, each credited with its hours.
  const posted = day(-6, 9)
  const joined = day(-6, 12)
  const done = day(-5, 17)
  await q.query(
    sql`INSERT INTO wishes (id, community_id, owner_id, title, description, category, address, contact_phone, status,
                         claimer_id, claimed_at, fulfilled_at, fulfil_note, hours, rating, thanks, completed_at,
                         created_at, updated_at, opened_at, team_size, team_count)
     VALUES (${DEMO.teamWish}, ${C.sunshine}, ${U.elder}, '帮忙把旧衣柜搬下楼', '衣柜很重，需要两个人一起搬到楼下回收点。',
             'elderly_care', '5号楼2单元301', '13700000005', 'completed', ${U.volunteerParty}, ${joined}, ${done},
             '两人一起搬到了回收点。', 1.5, 5, '辛苦两位了！', ${done}, ${posted}, ${done}, ${posted}, 2, 2)`,
  )
  await q.query(
    sql`INSERT INTO wish_claims (wish_id, volunteer_id, claimed_at, ended_at, end_reason, team) VALUES
       (${DEMO.teamWish}, ${U.volunteerParty}, ${joined}, ${done}, 'completed', true),
       (${DEMO.teamWish}, ${U.volunteer}, ${joined}, ${done}, 'completed', true)`,
  )
  await q.query(
    sql`INSERT INTO volunteer_hours (wish_id, volunteer_id, community_id, hours, confirmed_by, confirmed_at) VALUES
       (${DEMO.teamWish}, ${U.volunteerParty}, ${C.sunshine}, 1.5, ${U.elder}, ${done}),
       (${DEMO.teamWish}, ${U.volunteer}, ${C.sunshine}, 1.5, ${U.elder}, ${done})`,
  )
  await q.query(
    sql`INSERT INTO wish_events (wish_id, actor_id, actor_role, type, note, created_at) VALUES
       (${DEMO.teamWish}, ${U.elder}, 'resident', 'created', NULL, ${posted}),
       (${DEMO.teamWish}, ${U.staffSunshine}, 'staff', 'approved', NULL, ${posted}),
       (${DEMO.teamWish}, ${U.volunteerParty}, 'volunteer', 'claimed', NULL, ${joined}),
       (${DEMO.teamWish}, ${U.volunteer}, 'volunteer', 'claimed', NULL, ${joined}),
       (${DEMO.teamWish}, ${U.volunteerParty}, 'volunteer', 'fulfilled', '两人一起搬到了回收点。', ${done}),
       (${DEMO.teamWish}, ${U.elder}, 'resident', 'confirmed', '辛苦两位了！', ${done})`,
  )
}

const PR = DEMO.problems

/**
 * 问题反馈: the property company (物业) and the residents' committee (居委会) of 阳光社区, each with a demo handler,
 * and a problem in every state, with the timeline its state implies. Inserted once.
 */
async function seedProblems(q: Queryable) {
  await q.query(
    sql`INSERT INTO orgs (id, community_id, kind, name, phone) VALUES
       (${DEMO.orgs.property}, ${C.sunshine}, 'property', '阳光物业服务中心', '0571-88000011'),
       (${DEMO.orgs.committee}, ${C.sunshine}, 'committee', '阳光社区居委会', '0571-88000001')
     ON CONFLICT DO NOTHING`,
  )
  await q.query(
    sql`INSERT INTO org_handlers (user_id, org_id) VALUES
       (${U.handlerProperty}, ${DEMO.orgs.property}), (${U.handlerCommittee}, ${DEMO.orgs.committee})
     ON CONFLICT DO NOTHING`,
  )
  const [seeded] = await q.query(sql`SELECT 1 FROM problems WHERE id = ${PR.submitted}`)
  if (seeded) return
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000)
  const [prop, comm] = [DEMO.orgs.property, DEMO.orgs.committee]
  await q.query(
    sql`INSERT INTO problems (id, community_id, reporter_id, category, description, location, status, org_id, handler_id,
                           due_at, assigned_at, accepted_at, result, resolved_at, satisfaction, rating_comment, rated_at,
                           closed_at, escalated_at, escalation_reason, overdue_at, created_at, updated_at)
     VALUES
       (${PR.submitted}, ${C.sunshine}, ${U.elder}, 'facilities', '5号楼2单元楼道灯坏了，晚上上下楼看不见。', '5号楼2单元',
        'submitted', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${at(3)}, ${at(3)}),
       (${PR.assigned}, ${C.sunshine}, ${U.resident}, 'environment', '3号楼北侧垃圾桶满了两天没人清运，有异味。', '3号楼北侧',
        'assigned', ${prop}, NULL, ${at(-60)}, ${at(12)}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${at(14)}, ${at(12)}),
       (${PR.inProgress}, ${C.sunshine}, ${U.elder}, 'safety', '有人在楼道里给电动车充电，担心起火。', '5号楼1单元',
        'in_progress', ${comm}, ${U.handlerCommittee}, ${at(-18)}, ${at(6)}, ${at(5)}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${at(8)}, ${at(5)}),
       (${PR.resolved}, ${C.sunshine}, ${U.resident}, 'greenery', '小区中心花园的树枝挡住了路灯。', '中心花园',
        'resolved', ${prop}, ${U.handlerProperty}, ${at(-20)}, ${at(50)}, ${at(48)}, '已修剪树枝，路灯照明恢复。', ${at(20)},
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${at(52)}, ${at(20)}),
       (${PR.reopened}, ${C.sunshine}, ${U.resident}, 'parking', '消防通道经常被私家车占用。', '2号楼东侧消防通道',
        'reopened', ${prop}, ${U.handlerProperty}, ${at(30)}, ${at(100)}, ${at(98)}, '已张贴提醒告示。', ${at(40)},
        'unsatisfied', '贴了告示还是有人停，希望安装隔离桩。', ${at(10)}, NULL, NULL, NULL, NULL, ${at(102)}, ${at(10)}),
       (${PR.closed}, ${C.sunshine}, ${U.elder}, 'property_service', '单元门禁坏了，刷卡打不开。', '5号楼2单元门口',
        'closed', ${prop}, ${U.handlerProperty}, ${at(130)}, ${at(200)}, ${at(199)}, '已更换门禁读卡器。', ${at(180)},
        'satisfied', '修得很快，谢谢物业！', ${at(170)}, ${at(170)}, NULL, NULL, NULL, ${at(203)}, ${at(170)}),
       (${PR.overdue}, ${C.sunshine}, ${U.resident}, 'facilities', '3号楼电梯经常停在半层，很危险。', '3号楼电梯',
        'assigned', ${prop}, NULL, ${at(4)}, ${at(76)}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${at(3)},
        '超过办理时限未办结', ${at(3)}, ${at(78)}, ${at(3)})`,
  )
  const created = (id: string, reporter: string, hoursAgo: number) =>
    sql`(${id}, ${reporter}, 'resident', 'created', NULL, ${at(hoursAgo)})`
  const assigned = (id: string, hoursAgo: number, note: string) =>
    sql`(${id}, ${U.staffSunshine}, 'staff', 'assigned', ${note}, ${at(hoursAgo)})`
  await q.query(
    sql`INSERT INTO problem_events (problem_id, actor_id, actor_role, type, note, created_at) VALUES
       ${created(PR.submitted, U.elder, 3)},
       ${created(PR.assigned, U.resident, 14)}, ${assigned(PR.assigned, 12, '阳光物业服务中心')},
       ${created(PR.inProgress, U.elder, 8)}, ${assigned(PR.inProgress, 6, '阳光社区居委会')},
       (${PR.inProgress}, ${U.handlerCommittee}, 'resident', 'accepted', NULL, ${at(5)}),
       ${created(PR.resolved, U.resident, 52)}, ${assigned(PR.resolved, 50, '阳光物业服务中心')},
       (${PR.resolved}, ${U.handlerProperty}, 'resident', 'accepted', NULL, ${at(48)}),
       (${PR.resolved}, ${U.handlerProperty}, 'resident', 'resolved', '已修剪树枝，路灯照明恢复。', ${at(20)}),
       ${created(PR.reopened, U.resident, 102)}, ${assigned(PR.reopened, 100, '阳光物业服务中心')},
       (${PR.reopened}, ${U.handlerProperty}, 'resident', 'accepted', NULL, ${at(98)}),
       (${PR.reopened}, ${U.handlerProperty}, 'resident', 'resolved', '已张贴提醒告示。', ${at(40)}),
       (${PR.reopened}, ${U.resident}, 'resident', 'reopened', '贴了告示还是有人停，希望安装隔离桩。', ${at(10)}),
       ${created(PR.closed, U.elder, 203)}, ${assigned(PR.closed, 200, '阳光物业服务中心')},
       (${PR.closed}, ${U.handlerProperty}, 'resident', 'accepted', NULL, ${at(199)}),
       (${PR.closed}, ${U.handlerProperty}, 'resident', 'resolved', '已更换门禁读卡器。', ${at(180)}),
       (${PR.closed}, ${U.elder}, 'resident', 'rated', '满意：修得很快，谢谢物业！', ${at(170)}),
       ${created(PR.overdue, U.resident, 78)}, ${assigned(PR.overdue, 76, '阳光物业服务中心')},
       (${PR.overdue}, NULL, 'system', 'overdue', NULL, ${at(3)})`,
  )
}

const N = DEMO.notices

/**
 * 阳光社区's 公开栏: a month's accounts in public with its 公示期 still open, an objection and the reply; a result
 * that was corrected (the correction names it); a notice of a water cut. Inserted once (a notice is never changed).
 */
async function seedNotices(q: Queryable) {
  const [seeded] = await q.query(sql`SELECT 1 FROM notices WHERE id = ${N.finance}`)
  if (seeded) return
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000)
  await q.query(
    sql`INSERT INTO notices (id, community_id, kind, title, body, objections_until, supersedes_id, author_id, created_at)
     VALUES
       (${N.results}, ${C.sunshine}, 'result', '2026年度“最美志愿者”评选结果公示',
        ${'经居民推荐、居委会评议，以下3位志愿者当选2026年度“最美志愿者”：张志强（1号楼）、刘芳（8号楼）、王建国（6号楼）。\n如有异议，请于公示期内向社区居委会反映。'},
        NULL, NULL, ${U.staffSunshine}, ${at(240)}),
       (${N.resultsCorrection}, ${C.sunshine}, 'result', '2026年度“最美志愿者”评选结果公示（更正）',
        ${'原公示中“王建国（6号楼）”应为“王建华（6号楼）”，系录入错误，特此更正。其余内容不变：张志强（1号楼）、刘芳（8号楼）、王建华（6号楼）当选。'},
        NULL, ${N.results}, ${U.staffSunshine}, ${at(216)}),
       (${N.finance}, ${C.sunshine}, 'finance', '2026年11月社区公益金收支公示',
        ${'一、收入：街道拨付社区公益金 5,000.00 元。\n二、支出：\n1. 5号楼楼道照明维修 1,200.00 元；\n2. 老年活动室茶水和报刊 300.00 元；\n3. 重阳节慰问品 1,850.00 元。\n合计支出 3,350.00 元，结余 1,650.00 元。\n公示期内如有疑问，请在下方提出意见，社区会逐条答复。'},
        ${at(-120)}, NULL, ${U.staffSunshine}, ${at(48)}),
       (${N.water}, ${C.sunshine}, 'notice', '12月10日3号楼、5号楼临时停水通知',
        ${'因供水管网检修，12月10日（周四）9:00—15:00 3号楼、5号楼停水，请提前储水。行动不便的老人如需帮助，请拨打社区电话 0571-88000001。'},
        NULL, NULL, ${U.staffSunshine}, ${at(5)})`,
  )
  await q.query(
    sql`INSERT INTO notice_objections (id, notice_id, author_id, body, created_at)
     VALUES (${DEMO.objections.financeTea}, ${N.finance}, ${U.resident}, '老年活动室茶水和报刊300元，能不能列一下明细？', ${at(30)})`,
  )
  await q.query(
    sql`INSERT INTO notice_objection_replies (objection_id, author_id, body, created_at)
     VALUES (${DEMO.objections.financeTea}, ${U.staffSunshine},
             '茶叶两斤180元、报刊订阅三份120元，发票已贴在老年活动室门口，欢迎查看。', ${at(20)})`,
  )
  await q.query(
    sql`INSERT INTO notice_reads (notice_id, user_id, read_at)
     SELECT n.id, u.id, n.created_at + interval '1 hour'
     FROM notices n CROSS JOIN (VALUES (${U.elder}::uuid), (${U.volunteer}::uuid), (${U.volunteerParty}::uuid)) AS u (id)
     WHERE n.id IN (${N.finance}, ${N.results}, ${N.resultsCorrection})`,
  )
}

/** 满意度: 李秀英's health check two days ago at 08:00, checked in and rated 5. Inserted once. */
async function seedRatings(q: Queryable) {
  const R = DEMO.ratedBooking
  const [slot] = await q.query<{ id: string }>(
    sql`INSERT INTO slots (id, service_id, starts_at, ends_at, capacity)
     SELECT ${R.slot}::uuid, ${SV.health}::uuid, d, d + interval '30 minutes', 4
     FROM (SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date - 2 + time '08:00') AT TIME ZONE 'Asia/Shanghai' AS d) x
     ON CONFLICT DO NOTHING RETURNING id`,
  )
  if (!slot) return
  // Booked the day before the slot (the trigger compares the slot with the booking's own time), then checked in.
  await q.query(
    sql`INSERT INTO bookings (id, slot_id, user_id, party_size, code, created_at)
     SELECT ${R.booking}::uuid, s.id, ${U.elder}::uuid, 1, new_check_in_code(), s.starts_at - interval '1 day'
     FROM slots s WHERE s.id = ${R.slot}`,
  )
  await q.query(
    sql`UPDATE bookings b SET status = 'checked_in', checked_in_at = s.starts_at + interval '5 minutes',
            checked_in_by = ${U.staffSunshine}::uuid
     FROM slots s WHERE b.id = ${R.booking} AND s.id = b.slot_id`,
  )
  await q.query(
    sql`INSERT INTO booking_ratings (booking_id, user_id, community_id, score, comment, created_at)
     SELECT ${R.booking}::uuid, ${U.elder}::uuid, ${C.sunshine}::uuid, 5, '医生很耐心，量了血压还讲了用药。',
            s.ends_at + interval '1 hour'
     FROM slots s WHERE s.id = ${R.slot}`,
  )
}

/**
 * 群众满意度测评 of 阳光社区: last quarter's closed five days ago, answered by four members, its results published
 * (members told); this month's open since yesterday for ten days, answered by 刘芳 so far. Inserted once.
 */
async function seedSurveys(q: Queryable) {
  const SU = DEMO.surveys
  const [inserted] = await q.query<{ id: string }>(
    sql`INSERT INTO surveys (id, community_id, title, items, opens_at, closes_at, created_by, created_at,
                          opened_notified_at, results_notified_at)
     VALUES (${SU.closed}, ${C.sunshine}, '第三季度群众满意度测评',
             ARRAY['社区环境卫生', '工作人员服务态度', '办事效率', '居务公开透明'],
             now() - interval '20 days', now() - interval '5 days', ${U.staffSunshine}, now() - interval '21 days',
             now() - interval '20 days', now() - interval '5 days'),
            (${SU.open}, ${C.sunshine}, '十二月群众满意度测评',
             ARRAY['社区环境卫生', '工作人员服务态度', '党群服务驿站', '议事协商', '问题反馈办理'],
             now() - interval '1 day', now() + interval '10 days', ${U.staffSunshine}, now() - interval '2 days',
             now() - interval '1 day', NULL)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
  )
  if (!inserted) return
  await q.query(
    sql`INSERT INTO survey_responses (survey_id, user_id, scores, comment, created_at, updated_at) VALUES
       (${SU.closed}, ${U.resident}, '{5,4,4,5}', '垃圾分类做得越来越好了。', now() - interval '15 days', now() - interval '15 days'),
       (${SU.closed}, ${U.elder}, '{4,5,3,4}', NULL, now() - interval '14 days', now() - interval '14 days'),
       (${SU.closed}, ${U.volunteerParty}, '{5,5,4,4}', NULL, now() - interval '12 days', now() - interval '12 days'),
       (${SU.closed}, ${U.volunteer}, '{3,4,2,4}', '办事要跑好几趟，希望能简化。', now() - interval '8 days', now() - interval '8 days'),
       (${SU.open}, ${U.volunteer}, '{4,5,5,4,3}', NULL, now() - interval '20 hours', now() - interval '20 hours')`,
  )
  await q.query(
    sql`INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
     SELECT m.user_id, n.kind, n.title, n.body, 'survey', n.survey::text, n.at
     FROM memberships m CROSS JOIN (VALUES
       ('survey.results', '满意度测评结果已公布', '「第三季度群众满意度测评」已结束，评价结果已公开，欢迎查看。', ${SU.closed}::uuid,
        now() - interval '5 days'),
       ('survey.opened', '满意度测评开始了', '「十二月群众满意度测评」请您为社区工作打分，10天后截止。', ${SU.open}::uuid,
        now() - interval '1 day')
     ) AS n (kind, title, body, survey, at)
     WHERE m.community_id = ${C.sunshine} AND m.status = 'verified'`,
  )
}

const B = DEMO.budgets
const BP = DEMO.proposals
const BE = DEMO.expenses
const BU = DEMO.budgetUpdates

/**
 * 社区微实事 of 阳光社区, inserted once. Last spring's round (100000元) is decided: 路灯 and 健身器材 tie on 3 votes
 * and the cheaper goes first; both fit and are selected, 儿童游乐场 (1 vote, 75000元) no longer fits in the 40000元
 * left; 购物卡 was rejected. Both selected projects have spending (the lamps with a negative correction) and
 * progress. This year's round (80000元) is in its voting window with three feasible projects that do not all fit
 * (12000 + 30000 + 60000) and one rejected with its reason; nobody has voted yet.
 */
async function seedBudgets(q: Queryable) {
  const [seeded] = await q.query(sql`SELECT 1 FROM budgets WHERE id = ${B.finished}`)
  if (seeded) return
  const day = (days: number, hour = 0) => new Date(Date.now() + days * 86_400_000 + hour * 3_600_000)
  const staff = U.staffSunshine
  await q.query(
    sql`INSERT INTO budgets (id, community_id, title, amount, proposals_open_at, proposals_close_at, voting_opens_at,
                          voting_closes_at, ballot_rule, created_by, created_at)
     VALUES
       (${B.finished}, ${C.sunshine}, '春季社区微实事', 100000, ${day(-120)}, ${day(-100)}, ${day(-95)}, ${day(-85)},
        'per_resident', ${staff}, ${day(-121)}),
       (${B.open}, ${C.sunshine}, '秋季社区微实事', 80000, ${day(-20)}, ${day(-10)}, ${day(-3)}, ${day(7)},
        'per_resident', ${staff}, ${day(-21)})`,
  )
  const feasible = (
    id: string,
    budget: string,
    by: string,
    title: string,
    text: string,
    est: number,
    cost: number,
    at: number,
  ) =>
    sql`(${id}, ${budget}, ${by}, ${title}, ${text}, ${est}, 'feasible', ${cost}, NULL, ${staff}::uuid, ${day(at + 3)}::timestamptz, ${day(at)}::timestamptz)`
  const rejected = (
    id: string,
    budget: string,
    by: string,
    title: string,
    text: string,
    est: number,
    reason: string,
    at: number,
  ) =>
    sql`(${id}, ${budget}, ${by}, ${title}, ${text}, ${est}, 'rejected', NULL, ${reason}, ${staff}::uuid, ${day(at + 3)}::timestamptz, ${day(at)}::timestamptz)`
  await q.query(
    sql`INSERT INTO budget_proposals (id, budget_id, proposer_id, title, description, estimated_cost, status, cost,
                                   reject_reason, reviewed_by, reviewed_at, created_at)
     VALUES
       ${feasible(BP.lamps, B.finished, U.elder, '中心花园加装路灯', '中心花园晚上太黑，老人散步容易摔倒，建议沿步道加装12盏太阳能路灯。', 25000, 20000, -118)},
       ${feasible(BP.fitness, B.finished, U.resident, '更新健身器材', '3号楼旁的健身器材生锈松动，建议更换一批，并铺设防滑地垫。', 45000, 40000, -117)},
       ${feasible(BP.playground, B.finished, U.volunteer, '改造儿童游乐场', '游乐场地面硬、滑梯旧，建议整体改造并铺设塑胶地面。', 80000, 75000, -116)},
       ${rejected(BP.giftCards, B.finished, U.volunteerParty, '给每户发购物卡', '用结余资金给每户发一张超市购物卡。', 50000, '微实事资金只能用于社区公共服务项目，不能分给个人', -115)},
       ${feasible(BP.benches, B.open, U.elder, '楼下加装休息座椅', '5号楼到菜场的路上没有地方歇脚，建议沿路加装6张座椅。', 15000, 12000, -18)},
       ${feasible(BP.handrails, B.open, U.volunteerParty, '老楼楼道加装扶手', '1号楼到5号楼没有电梯，楼道加装扶手，方便老人上下楼。', 30000, 30000, -17)},
       ${feasible(BP.chargingShed, B.open, U.resident, '建电动车充电棚', '在2号楼东侧空地建一个带充电桩的车棚，不再有人在楼道里充电。', 70000, 60000, -16)},
       ${rejected(BP.subsidy, B.open, U.resident, '给住户补贴物业费', '每户补贴一个月物业费。', 40000, '物业费属于业主和物业之间的事项，微实事资金不能用于个人补贴', -15)}`,
  )
  // Ballots are keyed by their trigger (migration 0022) from each voter's verified membership.
  const ballot = (user: string, ids: string[]) =>
    sql`(${B.finished}, ${user}::uuid, ${user}::uuid, ${ids}::uuid[], ${day(-90)}::timestamptz, ${day(-90)}::timestamptz)`
  await q.query(
    sql`INSERT INTO budget_ballots (budget_id, voter_key, user_id, proposal_ids, created_at, updated_at) VALUES
       ${ballot(U.resident, [BP.lamps, BP.fitness])},
       ${ballot(U.elder, [BP.lamps, BP.fitness])},
       ${ballot(U.volunteer, [BP.fitness])},
       ${ballot(U.volunteerParty, [BP.lamps, BP.playground])}`,
  )
  await q.query(
    sql`INSERT INTO budget_expenses (id, proposal_id, amount, payee, note, spent_after, recorded_by, created_at) VALUES
       (${BE.lampFittings}, ${BP.lamps}, 12800, '杭州明亮照明器材有限公司', '太阳能路灯13套（含灯杆）', 12800, ${staff}, ${day(-80)}),
       (${BE.lampInstall}, ${BP.lamps}, 5200, '阳光物业服务中心', '路灯安装和布线人工', 18000, ${staff}, ${day(-70)}),
       (${BE.lampRefund}, ${BP.lamps}, -800, '杭州明亮照明器材有限公司', '多订的1套路灯退货退款（更正）', 17200, ${staff}, ${day(-68)}),
       (${BE.fitnessKit}, ${BP.fitness}, 36000, '浙江康体健身器材厂', '健身器材8件及安装', 36000, ${staff}, ${day(-60)})`,
  )
  await q.query(
    sql`UPDATE budget_proposals SET spent = CASE id WHEN ${BP.lamps}::uuid THEN 17200 ELSE 36000 END
     WHERE id IN (${BP.lamps}, ${BP.fitness})`,
  )
  await q.query(
    sql`INSERT INTO budget_updates (id, proposal_id, progress, note, author_id, created_at) VALUES
       (${BU.lampsArrived}, ${BP.lamps}, 40, '路灯已到货，下周开始安装', ${staff}, ${day(-79)}),
       (${BU.lampsDone}, ${BP.lamps}, 100, '12盏路灯全部安装完成并通电，欢迎大家晚上来走走', ${staff}, ${day(-66)}),
       (${BU.fitnessHalf}, ${BP.fitness}, 60, '器材已安装完毕，防滑地垫下周铺设', ${staff}, ${day(-58)})`,
  )
}
