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
    handlerProperty: '00000000-0000-4000-8000-0000000000f1',
    handlerCommittee: '00000000-0000-4000-8000-0000000000f2',
  },
  wishes: {
    pending: '00000000-0000-4000-8000-0000000001f1',
    open: '00000000-0000-4000-8000-0000000001f2',
    claimed: '00000000-0000-4000-8000-0000000001f3',
    completed: '00000000-0000-4000-8000-0000000001f4',
    openElder: '00000000-0000-4000-8000-0000000001f5',
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
  },
  /** 问题反馈: the property company and the residents' committee of 阳光社区, and a problem in every state. */
  orgs: {
    property: '00000000-0000-4000-8000-0000000004a1',
    committee: '00000000-0000-4000-8000-0000000004a2',
  },
  problems: {
    submitted: '00000000-0000-4000-8000-0000000004b1',
    assigned: '00000000-0000-4000-8000-0000000004b2',
    inProgress: '00000000-0000-4000-8000-0000000004b3',
    resolved: '00000000-0000-4000-8000-0000000004b4',
    reopened: '00000000-0000-4000-8000-0000000004b5',
    closed: '00000000-0000-4000-8000-0000000004b6',
    overdue: '00000000-0000-4000-8000-0000000004b7',
  },
} as const

const { communities: C, users: U } = DEMO

/** The demo residents and volunteers: each a verified member of a household of their building. */
const MEMBERS: [userId: string, communityId: string, building: string, room: string, realName: string][] = [
  [U.resident, C.sunshine, '3号楼', '201', '王小明'],
  [U.elder, C.sunshine, '5号楼', '102', '李秀英'],
  [U.residentHarmony, C.harmony, '12号楼', '502', '周丽华'],
  [U.volunteerParty, C.sunshine, '1号楼', '301', '张志强'],
  [U.volunteer, C.sunshine, '8号楼', '601', '刘芳'],
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
      [U.volunteerParty, '张志强', 'resident', C.sunshine, false, '1号楼'],
      [U.volunteer, '刘芳', 'resident', C.sunshine, false, '8号楼'],
      [U.handlerProperty, '物业孙经理', 'resident', C.sunshine, false, ''],
      [U.handlerCommittee, '居委会吴干事', 'resident', C.sunshine, false, ''],
      [U.staffSunshine, '陈主任', 'staff', C.sunshine, false, ''],
      [U.staffHarmony, '赵书记', 'staff', C.harmony, false, ''],
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
      sql`INSERT INTO volunteers (user_id, community_id, real_name, phone, is_party_member, status, decided_by, decided_at)
       VALUES (${U.volunteerParty}, ${C.sunshine}, '张志强', '13800000001', true, 'active', ${U.staffSunshine}, now()),
              (${U.volunteer}, ${C.sunshine}, '刘芳', '13800000002', false, 'active', ${U.staffSunshine}, now())
       ON CONFLICT (user_id) DO NOTHING`,
    )
    await seedMembers(q)
    await seedWishes(q)
    await seedStations(q)
    await seedTopics(q)
    await seedProblems(q)
  })
}

/** Each demo resident's building and household, and their verified membership of it. */
async function seedMembers(q: Queryable) {
  for (const [userId, communityId, building, room, realName] of MEMBERS) {
    await q.query(
      sql`WITH b AS (
         INSERT INTO buildings (community_id, name) VALUES (${communityId}, ${building})
         ON CONFLICT (community_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id
       ), h AS (
         INSERT INTO households (community_id, building_id, room) SELECT ${communityId}, b.id, ${room} FROM b
         ON CONFLICT (building_id, unit, room) DO UPDATE SET room = EXCLUDED.room RETURNING id
       )
       INSERT INTO memberships (user_id, community_id, household_id, building, room, relation, real_name, status,
                                decided_at)
       SELECT ${userId}, ${communityId}, h.id, ${building}, ${room}, 'owner', ${realName}, 'verified', now() FROM h
       ON CONFLICT (user_id) WHERE status IN ('pending', 'verified') DO NOTHING`,
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
                         claimer_id, claimed_at, fulfil_note, hours, rating, thanks, completed_at, created_at, updated_at, opened_at)
     VALUES
       (${W.pending}, ${C.sunshine}, ${U.elder}, '帮忙换一下客厅的灯泡', '灯泡坏了好几天，我够不着，家里有备用灯泡。', 'elderly_care', '5号楼2单元301',
        '13700000005', 'pending_review', NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${pendingPosted}, ${pendingPosted}, NULL),
       (${W.open}, ${C.sunshine}, ${U.resident}, '周末陪孩子读一小时绘本', '孩子上二年级，爸妈周末加班，希望有人陪读。', 'education', '3号楼1单元102',
        NULL, 'open', NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${openPosted}, ${openPosted}, ${openPosted}),
       (${W.claimed}, ${C.sunshine}, ${U.elder}, '代买降压药', '常吃的药快吃完了，社区医院就有，麻烦帮忙跑一趟。', 'health', '5号楼2单元301',
        '13700000005', 'claimed', ${U.volunteer}, ${claimedClaimed}, NULL, NULL, NULL, NULL, NULL, ${claimedPosted}, ${claimedClaimed}, ${claimedPosted}),
       (${W.completed}, ${C.sunshine}, ${U.resident}, '修理自行车刹车', '刹车不灵，想请懂行的邻居看看。', 'other', NULL,
        NULL, 'completed', ${U.volunteerParty}, ${completedClaimed}, '换了刹车片，调好了。', 2.0, 5, '太感谢了！', ${completedDone}, ${completedPosted}, ${completedDone}, ${completedPosted}),
       (${W.openElder}, ${C.sunshine}, ${U.resident}, '教爸妈用手机挂号', '想请耐心的志愿者教家里老人在手机上预约社区医院。', 'elderly_care', NULL,
        NULL, 'open', NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${elderPosted}, ${elderPosted}, ${elderPosted})`,
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
}

const P = DEMO.problems

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
  const [seeded] = await q.query(sql`SELECT 1 FROM problems WHERE id = ${P.submitted}`)
  if (seeded) return
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000)
  const [prop, comm] = [DEMO.orgs.property, DEMO.orgs.committee]
  await q.query(
    sql`INSERT INTO problems (id, community_id, reporter_id, category, description, location, status, org_id, handler_id,
                           due_at, assigned_at, accepted_at, result, resolved_at, satisfaction, rating_comment, rated_at,
                           closed_at, escalated_at, escalation_reason, overdue_at, created_at, updated_at)
     VALUES
       (${P.submitted}, ${C.sunshine}, ${U.elder}, 'facilities', '5号楼2单元楼道灯坏了，晚上上下楼看不见。', '5号楼2单元',
        'submitted', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${at(3)}, ${at(3)}),
       (${P.assigned}, ${C.sunshine}, ${U.resident}, 'environment', '3号楼北侧垃圾桶满了两天没人清运，有异味。', '3号楼北侧',
        'assigned', ${prop}, NULL, ${at(-60)}, ${at(12)}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${at(14)}, ${at(12)}),
       (${P.inProgress}, ${C.sunshine}, ${U.elder}, 'safety', '有人在楼道里给电动车充电，担心起火。', '5号楼1单元',
        'in_progress', ${comm}, ${U.handlerCommittee}, ${at(-18)}, ${at(6)}, ${at(5)}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${at(8)}, ${at(5)}),
       (${P.resolved}, ${C.sunshine}, ${U.resident}, 'greenery', '小区中心花园的树枝挡住了路灯。', '中心花园',
        'resolved', ${prop}, ${U.handlerProperty}, ${at(-20)}, ${at(50)}, ${at(48)}, '已修剪树枝，路灯照明恢复。', ${at(20)},
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${at(52)}, ${at(20)}),
       (${P.reopened}, ${C.sunshine}, ${U.resident}, 'parking', '消防通道经常被私家车占用。', '2号楼东侧消防通道',
        'reopened', ${prop}, ${U.handlerProperty}, ${at(30)}, ${at(100)}, ${at(98)}, '已张贴提醒告示。', ${at(40)},
        'unsatisfied', '贴了告示还是有人停，希望安装隔离桩。', ${at(10)}, NULL, NULL, NULL, NULL, ${at(102)}, ${at(10)}),
       (${P.closed}, ${C.sunshine}, ${U.elder}, 'property_service', '单元门禁坏了，刷卡打不开。', '5号楼2单元门口',
        'closed', ${prop}, ${U.handlerProperty}, ${at(130)}, ${at(200)}, ${at(199)}, '已更换门禁读卡器。', ${at(180)},
        'satisfied', '修得很快，谢谢物业！', ${at(170)}, ${at(170)}, NULL, NULL, NULL, ${at(203)}, ${at(170)}),
       (${P.overdue}, ${C.sunshine}, ${U.resident}, 'facilities', '3号楼电梯经常停在半层，很危险。', '3号楼电梯',
        'assigned', ${prop}, NULL, ${at(4)}, ${at(76)}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${at(3)},
        '超过办理时限未办结', ${at(3)}, ${at(78)}, ${at(3)})`,
  )
  const created = (id: string, reporter: string, hoursAgo: number) =>
    sql`(${id}, ${reporter}, 'resident', 'created', NULL, ${at(hoursAgo)})`
  const assigned = (id: string, hoursAgo: number, note: string) =>
    sql`(${id}, ${U.staffSunshine}, 'staff', 'assigned', ${note}, ${at(hoursAgo)})`
  await q.query(
    sql`INSERT INTO problem_events (problem_id, actor_id, actor_role, type, note, created_at) VALUES
       ${created(P.submitted, U.elder, 3)},
       ${created(P.assigned, U.resident, 14)}, ${assigned(P.assigned, 12, '阳光物业服务中心')},
       ${created(P.inProgress, U.elder, 8)}, ${assigned(P.inProgress, 6, '阳光社区居委会')},
       (${P.inProgress}, ${U.handlerCommittee}, 'resident', 'accepted', NULL, ${at(5)}),
       ${created(P.resolved, U.resident, 52)}, ${assigned(P.resolved, 50, '阳光物业服务中心')},
       (${P.resolved}, ${U.handlerProperty}, 'resident', 'accepted', NULL, ${at(48)}),
       (${P.resolved}, ${U.handlerProperty}, 'resident', 'resolved', '已修剪树枝，路灯照明恢复。', ${at(20)}),
       ${created(P.reopened, U.resident, 102)}, ${assigned(P.reopened, 100, '阳光物业服务中心')},
       (${P.reopened}, ${U.handlerProperty}, 'resident', 'accepted', NULL, ${at(98)}),
       (${P.reopened}, ${U.handlerProperty}, 'resident', 'resolved', '已张贴提醒告示。', ${at(40)}),
       (${P.reopened}, ${U.resident}, 'resident', 'reopened', '贴了告示还是有人停，希望安装隔离桩。', ${at(10)}),
       ${created(P.closed, U.elder, 203)}, ${assigned(P.closed, 200, '阳光物业服务中心')},
       (${P.closed}, ${U.handlerProperty}, 'resident', 'accepted', NULL, ${at(199)}),
       (${P.closed}, ${U.handlerProperty}, 'resident', 'resolved', '已更换门禁读卡器。', ${at(180)}),
       (${P.closed}, ${U.elder}, 'resident', 'rated', '满意：修得很快，谢谢物业！', ${at(170)}),
       ${created(P.overdue, U.resident, 78)}, ${assigned(P.overdue, 76, '阳光物业服务中心')},
       (${P.overdue}, NULL, 'system', 'overdue', NULL, ${at(3)})`,
  )
}
