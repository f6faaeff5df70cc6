import { sql } from '../../../src/server/db/sql'
import { makeCommunity, makeStreet, makeUser, type TestUser } from '../support/fixtures'
import { uniqueName, type Harness } from '../support/harness'

/**
 * A month of a community's life, June 2033 in Asia/Shanghai (a year no other test's clock reaches), written straight
 * to the tables at known Shanghai times: the preconditions of the month report and the street's view, not what they
 * test. Each kind of event happens inside the month and just outside its edges (05-31 23:59 and 07-01 00:00 in
 * Shanghai; 06-01 00:00 in Shanghai is still 05-31 in UTC), and community B of the same street has its own June,
 * which must never show in A's figures. The expectations below are counted by hand from this script.
 */
export const MONTH = '2033-06'

/** Shanghai wall time as an instant: sh('2033-06-01 00:00'). */
export const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString()

/** When the figures are read: after the month, so every past slot's booking that was not checked in is a no-show. */
export const READ_AT = sh('2033-07-05 12:00')

const FIRST = sh('2033-06-01 00:00')
const BEFORE = sh('2033-05-31 23:59')
const LAST = sh('2033-06-30 23:59')
const AFTER = sh('2033-07-01 00:00')

export interface Scene {
  streetId: string
  otherStreetId: string
  communityId: string
  otherCommunityId: string
  /** A community of another street. */
  farCommunityId: string
  staff: TestUser
  resident: TestUser
  /** A verified member of community B. */
  foreignResident: TestUser
  streetStaff: TestUser
  otherStreetStaff: TestUser
  admin: TestUser
  ids: {
    decidedTopic: string
    outcomeOnlyTopic: string
    votedOnlyTopic: string
    fundBudget: string
    notice: string
    correction: string
  }
}

/** What the script below makes community A's June report say, counted by hand. */
export const EXPECTED = {
  // Posted: w1 (06-01 00:00), w3 (06-30 23:59), w5 (06-15); not w2 (05-31 23:59) nor w4 (07-01 00:00).
  // Completed: w1 (06-10), w2 (06-01 00:30); not w5 (07-01 00:00).
  wishes: { posted: 3, completed: 2 },
  // 2.0 (w1) + 1.5 (w2) + 3.0 (an activity's post); not 1.0 (w5, confirmed 07-01 00:00). Two volunteers.
  volunteerHours: { total: 6.5, fromWishes: 3.5, fromActivities: 3, volunteers: 2 },
  // Slot 06-01 00:00: checked in, booked (a no-show now), cancelled, no-show; slot 06-30 23:30: checked in.
  // Not the 05-31 23:30 slot's nor the 07-01 00:00 slot's.
  bookings: { booked: 4, checkedIn: 2, noShows: 2 },
  // Received p1…p5 and p8; done p1, p2, p3, p8, of them on time p1, p3, p8; rated p1 (满意), p2 (基本满意), p4 (不满意).
  problems: { received: 6, resolved: 4, resolvedOnTime: 3, onTimeRate: 0.75, satisfactionRate: 0.6667 },
  // a1 (06-01 00:00): 2 checked in + 1 signed up (the party of 3 cancelled); a2 (06-30 23:00): 1 checked in.
  activities: { held: 2, signedUp: 4, checkedIn: 3 },
  verifiedMembers: 11,
  // Visits rated: 06-01's 5 (06-01 01:00) and 06-30's 4 (06-30 23:59); not 05-31's 1 (rated 05-31 23:59).
  // Topics: 加装电梯's 3 (06-21); not 垃圾分类's 1 (07-01 00:00). Wishes completed in June: w1's 5; w2 confirmed by
  // staff (no rating); not w5's 1 (completed 07-01). Surveys: the one closing 06-30 23:59, [5,4] and [3,4]; not the
  // one closing 07-01 00:00 ([1,1]).
  satisfaction: {
    bookings: { mean: 4.5, count: 2 },
    topics: { mean: 3, count: 1 },
    wishes: { mean: 5, count: 1 },
    surveys: { mean: 4, count: 4 },
  },
  surveyMean: 4,
}

/** Community B's June: one wish completed with 1.5 hours, one problem received, one booking checked in. */
export const EXPECTED_B = {
  wishesCompleted: 1,
  volunteerHours: 1.5,
  problemsReceived: 1,
  bookings: 1,
  noShows: 0,
  // Its own survey closing in June: [2,2].
  surveyMean: 2,
}

export async function buildScene(h: Harness): Promise<Scene> {
  h.clock.set(READ_AT)
  const q = (s: ReturnType<typeof sql>) => h.db.query<{ id: string }>(s)
  const one = async (s: ReturnType<typeof sql>) => (await q(s))[0]!.id

  const streetId = await makeStreet(h)
  const otherStreetId = await makeStreet(h)
  const communityId = await makeCommunity(h, streetId)
  const otherCommunityId = await makeCommunity(h, streetId)
  const farCommunityId = await makeCommunity(h, otherStreetId)

  const staff = await makeUser(h, 'staff', communityId)
  const owner = await makeUser(h, 'resident', communityId)
  const v1 = await makeUser(h, 'volunteer', communityId)
  const v2 = await makeUser(h, 'volunteer', communityId)
  const r: TestUser[] = []
  for (let i = 0; i < 8; i++) r.push(await makeUser(h, 'resident', communityId))
  const foreignResident = await makeUser(h, 'resident', otherCommunityId)
  const foreignVolunteer = await makeUser(h, 'volunteer', otherCommunityId)
  const streetStaff = await makeUser(h, 'staff', null)
  await q(sql`INSERT INTO street_staff (user_id, street_id) VALUES (${streetStaff.id}, ${streetId})`)
  const otherStreetStaff = await makeUser(h, 'staff', null)
  await q(sql`INSERT INTO street_staff (user_id, street_id) VALUES (${otherStreetStaff.id}, ${otherStreetId})`)
  const admin = await makeUser(h, 'admin', null)

  // Wishes and their hours.
  const wish = (
    community: string,
    ownerId: string,
    created: string,
    done?: { by: string; at: string; hours: number },
  ) =>
    one(sql`WITH w AS (
              INSERT INTO wishes (community_id, owner_id, title, description, category, status, claimer_id, claimed_at,
                                  fulfilled_at, hours, completed_at, created_at, updated_at)
              VALUES (${community}, ${ownerId}, '帮忙买菜', '', 'daily_goods',
                      ${done ? 'completed' : 'pending_review'}, ${done?.by ?? null}, ${done ? created : null},
                      ${done ? created : null}, ${done?.hours ?? null}, ${done?.at ?? null}, ${created}, ${created})
              RETURNING id, claimer_id, claimed_at, completed_at
            ), claim AS (
              -- A completed wish's claim ended in its completion, as the invariant suite (which PostgreSQL's shared
              -- database runs over every test's rows) holds every completed wish to.
              INSERT INTO wish_claims (wish_id, volunteer_id, claimed_at, ended_at, end_reason)
              SELECT id, claimer_id, claimed_at, completed_at, 'completed' FROM w WHERE claimer_id IS NOT NULL
            )
            SELECT id FROM w`)
  const hours = (
    community: string,
    source: { wish?: string; post?: string },
    volunteer: string,
    n: number,
    at: string,
  ) =>
    q(sql`INSERT INTO volunteer_hours (wish_id, activity_post_id, volunteer_id, community_id, hours, confirmed_by, confirmed_at)
          VALUES (${source.wish ?? null}, ${source.post ?? null}, ${volunteer}, ${community}, ${n}, ${staff.id}, ${at})`)
  const w1 = await wish(communityId, owner.id, FIRST, { by: v1.id, at: sh('2033-06-10 10:00'), hours: 2 })
  await hours(communityId, { wish: w1 }, v1.id, 2, sh('2033-06-10 10:00'))
  const w2 = await wish(communityId, owner.id, BEFORE, { by: v2.id, at: sh('2033-06-01 00:30'), hours: 1.5 })
  await hours(communityId, { wish: w2 }, v2.id, 1.5, sh('2033-06-01 00:30'))
  await wish(communityId, owner.id, LAST)
  await wish(communityId, owner.id, AFTER)
  const w5 = await wish(communityId, owner.id, sh('2033-06-15 09:00'), { by: v1.id, at: AFTER, hours: 1 })
  await hours(communityId, { wish: w5 }, v1.id, 1, AFTER)
  const wB = await wish(otherCommunityId, foreignResident.id, sh('2033-06-10 09:00'), {
    by: foreignVolunteer.id,
    at: sh('2033-06-11 09:00'),
    hours: 1.5,
  })
  await hours(otherCommunityId, { wish: wB }, foreignVolunteer.id, 1.5, sh('2033-06-11 09:00'))

  // Bookings: each by a booker of its own (booked before the slot, then moved on as the desk would).
  const service = async (community: string) => {
    const station = await one(sql`INSERT INTO stations (community_id, name, address, lat, lng)
      VALUES (${community}, '测试驿站', '幸福路8号', 30.27, 120.15) RETURNING id`)
    return one(sql`INSERT INTO station_services (station_id, name, slot_minutes, capacity)
      VALUES (${station}, '健康咨询', 30, 10) RETURNING id`)
  }
  const slot = (serviceId: string, starts: string) =>
    one(sql`INSERT INTO slots (service_id, starts_at, ends_at, capacity)
      VALUES (${serviceId}, ${starts}, ${starts}::timestamptz + interval '30 minutes', 10) RETURNING id`)
  let booker = 0
  const bookers = [...r, owner, v1, v2]
  const book = async (
    slotId: string,
    starts: string,
    outcome: 'booked' | 'checked_in' | 'cancelled' | 'no_show',
    who?: TestUser,
  ) => {
    const user = who ?? bookers[booker++]!
    const id = await one(sql`INSERT INTO bookings (slot_id, user_id, party_size, code, created_at)
      VALUES (${slotId}, ${user.id}, 1, lpad((floor(random() * 1e8))::int::text, 8, '0'),
              ${starts}::timestamptz - interval '1 day') RETURNING id`)
    if (outcome === 'checked_in')
      await q(sql`UPDATE bookings SET status = 'checked_in', checked_in_at = ${starts} WHERE id = ${id}`)
    if (outcome === 'cancelled')
      await q(
        sql`UPDATE bookings SET status = 'cancelled', cancelled_at = ${starts}::timestamptz - interval '2 hours', cancel_reason = 'user' WHERE id = ${id}`,
      )
    if (outcome === 'no_show')
      await q(
        sql`UPDATE bookings SET status = 'no_show', no_show_at = ${starts}::timestamptz + interval '30 minutes' WHERE id = ${id}`,
      )
  }
  const sv = await service(communityId)
  const first = await slot(sv, FIRST)
  for (const outcome of ['checked_in', 'booked', 'cancelled', 'no_show'] as const) await book(first, FIRST, outcome)
  await book(await slot(sv, sh('2033-05-31 23:30')), sh('2033-05-31 23:30'), 'checked_in')
  await book(await slot(sv, sh('2033-06-30 23:30')), sh('2033-06-30 23:30'), 'checked_in')
  await book(await slot(sv, AFTER), AFTER, 'booked')
  const svB = await service(otherCommunityId)
  await book(await slot(svB, sh('2033-06-12 09:00')), sh('2033-06-12 09:00'), 'checked_in', foreignResident)

  // Topics: opened, voted, closed, their eligible count fixed, their outcome published.
  const topic = async (
    title: string,
    opens: string,
    closes: string,
    voters: TestUser[],
    eligible: number,
    outcomeAt: string,
  ) => {
    const id =
      await one(sql`INSERT INTO topics (community_id, author_id, title, body, status, max_choices, voting_opens_at,
                                                 voting_closes_at, results_visibility, created_at, updated_at)
      VALUES (${communityId}, ${staff.id}, ${title}, '请大家投票', 'open', 1, ${opens}, ${closes}, 'always', ${opens}, ${opens})
      RETURNING id`)
    const option = await one(
      sql`INSERT INTO topic_options (topic_id, position, label) VALUES (${id}, 1, '赞成') RETURNING id`,
    )
    await q(sql`INSERT INTO topic_options (topic_id, position, label) VALUES (${id}, 2, '反对')`)
    for (const voter of voters) {
      await q(sql`INSERT INTO ballots (topic_id, user_id, option_ids, created_at, updated_at)
        VALUES (${id}, ${voter.id}, ARRAY[${option}::uuid], ${opens}, ${opens})`)
    }
    await q(sql`UPDATE topics SET status = 'closed', closed_at = ${closes} WHERE id = ${id}`)
    await q(sql`UPDATE topics SET eligible_at_close = ${eligible}, outcome_summary = ${`${title}：按多数意见办理`},
                  outcome_at = ${outcomeAt} WHERE id = ${id}`)
    return id
  }
  const decidedTopic = await topic(
    '加装电梯',
    sh('2033-06-05 09:00'),
    sh('2033-06-12 09:00'),
    r.slice(0, 3),
    10,
    sh('2033-06-20 10:00'),
  )
  const outcomeOnlyTopic = await topic('垃圾分类', sh('2033-05-20 09:00'), sh('2033-05-31 23:00'), [], 9, FIRST)
  const votedOnlyTopic = await topic('停车收费', sh('2033-06-25 09:00'), sh('2033-07-05 09:00'), [], 8, AFTER)
  await topic('广场舞时间', sh('2033-05-01 09:00'), sh('2033-05-10 09:00'), [], 7, BEFORE)

  // Problems, written as their loop leaves them.
  const [org] = await q(
    sql`INSERT INTO orgs (community_id, kind, name) VALUES (${communityId}, 'property', ${uniqueName('物业')}) RETURNING id`,
  )
  const [orgB] = await q(
    sql`INSERT INTO orgs (community_id, kind, name) VALUES (${otherCommunityId}, 'property', ${uniqueName('物业')}) RETURNING id`,
  )
  const problem = (
    community: string,
    orgId: string,
    created: string,
    status: string,
    done?: { resolved: string; due: string; satisfaction?: string },
  ) =>
    q(sql`INSERT INTO problems (community_id, reporter_id, category, description, status, org_id, handler_id, due_at,
                                result, resolved_at, satisfaction, rated_at, closed_at, created_at, updated_at)
          VALUES (${community}, ${community === communityId ? owner.id : foreignResident.id}, 'facilities', '楼道灯坏了很久',
                  ${status}, ${orgId}, ${staff.id}, ${done?.due ?? sh('2033-08-01 00:00')}, ${done ? '已修好' : null},
                  ${done?.resolved ?? null}, ${done?.satisfaction ?? null}, ${done?.satisfaction ? done.resolved : null},
                  ${status === 'closed' ? done!.resolved : null}, ${created}, ${created})`)
  const O = org!.id
  await problem(communityId, O, FIRST, 'closed', {
    resolved: sh('2033-06-02 09:00'),
    due: sh('2033-06-04 00:00'),
    satisfaction: 'satisfied',
  })
  await problem(communityId, O, sh('2033-06-10 09:00'), 'closed', {
    resolved: sh('2033-06-20 09:00'),
    due: sh('2033-06-13 09:00'),
    satisfaction: 'basically_satisfied',
  })
  await problem(communityId, O, sh('2033-06-15 09:00'), 'resolved', {
    resolved: sh('2033-06-16 09:00'),
    due: sh('2033-06-18 09:00'),
  })
  await problem(communityId, O, sh('2033-06-20 09:00'), 'reopened', {
    resolved: sh('2033-06-21 09:00'),
    due: sh('2033-06-23 09:00'),
    satisfaction: 'unsatisfied',
  })
  await problem(communityId, O, LAST, 'submitted')
  await problem(communityId, O, sh('2033-06-25 09:00'), 'closed', {
    resolved: sh('2033-06-26 09:00'),
    due: sh('2033-06-28 09:00'),
  })
  await problem(communityId, O, BEFORE, 'closed', {
    resolved: sh('2033-06-02 09:00'),
    due: sh('2033-06-04 00:00'),
    satisfaction: 'satisfied',
  })
  await problem(communityId, O, AFTER, 'submitted')
  await problem(otherCommunityId, orgB!.id, sh('2033-06-12 09:00'), 'submitted')

  // Activities, their sign-ups, and a post whose hours were counted above.
  const activity = (title: string, starts: string, status: 'published' | 'completed' | 'cancelled') =>
    one(sql`INSERT INTO activities (community_id, title, location, starts_at, ends_at, signup_closes_at, status,
                                    created_by, created_at, completed_at)
      VALUES (${communityId}, ${title}, '社区广场', ${starts}, ${starts}::timestamptz + interval '2 hours',
              ${starts}::timestamptz - interval '1 day', ${status}, ${staff.id}, ${starts}::timestamptz - interval '7 days',
              ${status === 'completed' ? AFTER : null}) RETURNING id`)
  let signer = 0
  const signup = async (
    activityId: string,
    party: number,
    status: 'signed_up' | 'checked_in' | 'cancelled',
    at: string,
  ) => {
    const user = r[signer++ % r.length]!
    await q(sql`INSERT INTO activity_signups (activity_id, user_id, party_size, code, status, created_at, cancelled_at, checked_in_at)
      VALUES (${activityId}, ${user.id}, ${party}, new_activity_code(), ${status}, ${at}::timestamptz - interval '3 days',
              ${status === 'cancelled' ? at : null}, ${status === 'checked_in' ? at : null})`)
  }
  const a1 = await activity('端午包粽子', FIRST, 'completed')
  await signup(a1, 2, 'checked_in', FIRST)
  await signup(a1, 1, 'signed_up', FIRST)
  await signup(a1, 3, 'cancelled', FIRST)
  const post = await one(sql`INSERT INTO activity_posts (activity_id, name, count, hours, taken, position)
    VALUES (${a1}, '引导员', 2, 3, 1, 0) RETURNING id`)
  await q(sql`INSERT INTO activity_post_claims (post_id, activity_id, volunteer_id, claimed_at)
    VALUES (${post}, ${a1}, ${v2.id}, ${sh('2033-05-25 09:00')})`)
  await hours(communityId, { post }, v2.id, 3, sh('2033-06-20 12:00'))
  const a2 = await activity('夏夜电影', sh('2033-06-30 23:00'), 'published')
  await signup(a2, 1, 'checked_in', sh('2033-06-30 23:00'))
  const a3 = await activity('七一党课', AFTER, 'published')
  await signup(a3, 2, 'signed_up', AFTER)
  await activity('取消的活动', sh('2033-06-15 09:00'), 'cancelled')
  await activity('五月的活动', sh('2033-05-31 23:00'), 'completed')
  // Seats taken as the sign-up statements keep them: the party sizes of the live sign-ups.
  await q(sql`UPDATE activities a SET seats_taken = s.n
    FROM (SELECT activity_id, sum(party_size)::int AS n FROM activity_signups WHERE status <> 'cancelled'
          GROUP BY activity_id) s
    WHERE a.id = s.activity_id AND a.community_id = ${communityId}`)

  // 社区微实事: a round decided in May and spent in June; one open in June; one opening in July; one over in May.
  const budget = (title: string, amount: number, windows: [string, string, string, string]) =>
    one(sql`INSERT INTO budgets (community_id, title, amount, proposals_open_at, proposals_close_at, voting_opens_at,
                                 voting_closes_at, created_by, created_at)
      VALUES (${communityId}, ${title}, ${amount}, ${windows[0]}, ${windows[1]}, ${windows[2]}, ${windows[3]}, ${staff.id}, ${windows[0]})
      RETURNING id`)
  const fundBudget = await budget('2033年社区微实事', 50000, [
    sh('2033-05-01 09:00'),
    sh('2033-05-10 09:00'),
    sh('2033-05-10 09:00'),
    sh('2033-05-20 09:00'),
  ])
  const proposal = (title: string, cost: number) =>
    one(sql`INSERT INTO budget_proposals (budget_id, proposer_id, title, description, estimated_cost, status, cost,
                                          reviewed_by, reviewed_at, created_at)
      VALUES (${fundBudget}, ${owner.id}, ${title}, '说明', ${cost}, 'feasible', ${cost}, ${staff.id},
              ${sh('2033-05-10 08:00')}, ${sh('2033-05-05 09:00')}) RETURNING id`)
  const bp1 = await proposal('楼道照明改造', 30000)
  const bp2 = await proposal('儿童乐园翻新', 25000)
  const bp3 = await proposal('健身步道', 15000)
  const ballots: [TestUser, string[]][] = [
    [r[0]!, [bp1]],
    [r[1]!, [bp1, bp3]],
    [r[2]!, [bp1]],
    [r[3]!, [bp2]],
    [r[4]!, [bp2]],
  ]
  for (const [voter, choice] of ballots) {
    await q(sql`INSERT INTO budget_ballots (budget_id, user_id, proposal_ids, created_at, updated_at)
      VALUES (${fundBudget}, ${voter.id}, ${choice}::uuid[], ${sh('2033-05-15 09:00')}, ${sh('2033-05-15 09:00')})`)
  }
  let spent = 0
  for (const [amount, at] of [
    [3000, BEFORE],
    [8000, FIRST],
    [-500, LAST],
    [1000, AFTER],
  ] as const) {
    spent += amount
    await q(sql`INSERT INTO budget_expenses (proposal_id, amount, payee, note, spent_after, recorded_by, created_at)
      VALUES (${bp1}, ${amount}, '某灯具公司', '灯具', ${spent}, ${staff.id}, ${at})`)
  }
  await budget('2034年社区微实事', 60000, [
    sh('2033-06-20 09:00'),
    sh('2033-07-01 09:00'),
    sh('2033-07-01 09:00'),
    sh('2033-07-20 09:00'),
  ])
  await budget('七月开始的一轮', 10000, [AFTER, sh('2033-07-10 09:00'), sh('2033-07-10 09:00'), sh('2033-07-20 09:00')])
  await budget('五月结束的一轮', 10000, [
    sh('2033-05-01 09:00'),
    sh('2033-05-10 09:00'),
    sh('2033-05-10 09:00'),
    BEFORE,
  ])

  // 满意度: visits, topics, wishes and surveys rated inside and just outside June, and in community B.
  const rateVisit = (community: string, starts: string, score: number, at: string) =>
    q(sql`INSERT INTO booking_ratings (booking_id, user_id, community_id, score, created_at)
      SELECT b.id, b.user_id, ${community}, ${score}, ${at}
      FROM bookings b JOIN slots sl ON sl.id = b.slot_id JOIN station_services sv ON sv.id = sl.service_id
      JOIN stations st ON st.id = sv.station_id
      WHERE st.community_id = ${community} AND sl.starts_at = ${starts} AND b.status = 'checked_in'`)
  await rateVisit(communityId, FIRST, 5, sh('2033-06-01 01:00'))
  await rateVisit(communityId, sh('2033-06-30 23:30'), 4, LAST)
  await rateVisit(communityId, sh('2033-05-31 23:30'), 1, BEFORE)
  await rateVisit(otherCommunityId, sh('2033-06-12 09:00'), 2, sh('2033-06-12 10:00'))
  await q(sql`INSERT INTO topic_ratings (topic_id, user_id, community_id, score, created_at)
    VALUES (${decidedTopic}, ${r[0]!.id}, ${communityId}, 3, ${sh('2033-06-21 09:00')}),
           (${outcomeOnlyTopic}, ${r[1]!.id}, ${communityId}, 1, ${AFTER})`)
  await q(sql`UPDATE wishes SET rating = CASE WHEN id = ${w1} THEN 5 WHEN id = ${w5} THEN 1 ELSE 2 END
    WHERE id IN (${w1}, ${w5}, ${wB})`)
  const survey = async (community: string, closes: string, answers: [TestUser, number[]][]) => {
    const id =
      await one(sql`INSERT INTO surveys (community_id, title, items, opens_at, closes_at, created_by, created_at)
      VALUES (${community}, '满意度测评', ARRAY['环境', '服务'], ${sh('2033-06-01 09:00')}, ${closes}, ${staff.id},
              ${sh('2033-06-01 09:00')}) RETURNING id`)
    for (const [who, scores] of answers) {
      await q(sql`INSERT INTO survey_responses (survey_id, user_id, scores, created_at, updated_at)
        VALUES (${id}, ${who.id}, ${scores}::smallint[], ${sh('2033-06-10 09:00')}, ${sh('2033-06-10 09:00')})`)
    }
  }
  await survey(communityId, LAST, [
    [r[0]!, [5, 4]],
    [r[1]!, [3, 4]],
  ])
  await survey(communityId, AFTER, [[r[0]!, [1, 1]]])
  await survey(otherCommunityId, sh('2033-06-20 09:00'), [[foreignResident, [2, 2]]])

  // 公开栏: a 财务公开 on 06-01 00:00 and its correction on 06-30 23:59; not those of 05-31 23:59 and 07-01 00:00, nor B's.
  const notice = (community: string, title: string, at: string, supersedes: string | null = null) =>
    one(sql`INSERT INTO notices (community_id, kind, title, body, supersedes_id, author_id, created_at)
      VALUES (${community}, 'finance', ${title}, '收支明细见附件', ${supersedes}, ${staff.id}, ${at}) RETURNING id`)
  await notice(communityId, '四月收支公示', BEFORE)
  const june = await notice(communityId, '五月收支公示', FIRST)
  const correction = await notice(communityId, '五月收支公示（更正）', LAST, june)
  await notice(communityId, '六月收支公示', AFTER)
  await notice(otherCommunityId, '和平社区五月收支公示', sh('2033-06-05 09:00'))

  return {
    streetId,
    otherStreetId,
    communityId,
    otherCommunityId,
    farCommunityId,
    staff,
    resident: r[0]!,
    foreignResident,
    streetStaff,
    otherStreetStaff,
    admin,
    ids: { decidedTopic, outcomeOnlyTopic, votedOnlyTopic, fundBudget, notice: june, correction },
  }
}

/** The budget figures of EXPECTED, which need the ids the scene made. */
export const expectedBudgets = (s: Scene) => [
  {
    budgetId: s.ids.fundBudget,
    title: '2033年社区微实事',
    amount: 50000,
    // 8000 on 06-01 00:00 and the −500 correction on 06-30 23:59; by the end of June also the 3000 of 05-31 23:59.
    spentInMonth: 7500,
    spentToDate: 10500,
    // By votes (3, 2, 1): 楼道照明改造 30000 leaves 20000; 儿童乐园翻新 25000 does not fit; 健身步道 15000 does.
    selected: [
      { title: '楼道照明改造', cost: 30000 },
      { title: '健身步道', cost: 15000 },
    ],
  },
  { title: '2034年社区微实事', amount: 60000, spentInMonth: 0, spentToDate: 0, selected: [] },
]
