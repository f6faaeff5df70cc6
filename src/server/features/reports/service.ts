import { monthDays, type MonthReportDto } from '../../../shared/reports'
import { STREET_FIGURES, STREET_FIGURE_LABELS, streetFigureText, type StreetStatsDto } from '../../../shared/street'
import type { Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { AppError } from '../../lib/errors'
import { toCsv } from '../stats/csv'
import * as repo from './repo'

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places
const rate = (value: number | null) => (value === null ? null : round(value, 4))
const iso = (at: string) => new Date(at).toISOString()

/**
 * The month in public (居务公开): anyone signed in, of any community, may read it — it names no one, only figures and
 * the titles of decisions (docs/decisions.md).
 */
export async function getMonthReport(
  db: Db,
  clock: Clock,
  communityId: string,
  month: string,
): Promise<MonthReportDto> {
  const { from, to } = monthDays(month)
  const row = await repo.findMonthReport(db, { communityId, from, to, now: clock.now() })
  if (!row) throw AppError.notFound('没有找到这个社区')
  return {
    communityId,
    communityName: row.community_name,
    month,
    from,
    to,
    wishes: { posted: row.wishes_posted, completed: row.wishes_completed },
    volunteerHours: {
      total: round(row.hours_total, 1),
      fromWishes: round(row.hours_wishes, 1),
      fromActivities: round(row.hours_activities, 1),
      volunteers: row.hours_volunteers,
    },
    bookings: { booked: row.booked, checkedIn: row.checked_in, noShows: row.no_shows },
    topics: {
      voted: row.voted.map((t) => ({
        topicId: t.id,
        title: t.title,
        ballots: t.ballots,
        eligible: t.eligible,
        turnout: t.eligible > 0 ? round(t.ballots / t.eligible, 4) : 0,
      })),
      decided: row.decided.map((t) => ({
        topicId: t.id,
        title: t.title,
        outcome: t.outcome,
        outcomeAt: iso(t.outcome_at),
      })),
    },
    problems: {
      received: row.problems_received,
      resolved: row.problems_resolved,
      resolvedOnTime: row.problems_on_time,
      onTimeRate: rate(row.on_time_rate),
      satisfactionRate: rate(row.satisfaction_rate),
    },
    activities: {
      held: row.activities_held,
      signedUp: row.activities_signed_up,
      checkedIn: row.activities_checked_in,
      list: row.activities.map((a) => ({
        activityId: a.id,
        title: a.title,
        startsAt: iso(a.starts_at),
        signedUp: a.signed_up,
        checkedIn: a.checked_in,
      })),
    },
    budgets: row.budgets.map((b) => ({
      budgetId: b.id,
      title: b.title,
      amount: Number(b.amount),
      spentInMonth: Number(b.spent_in_month),
      spentToDate: Number(b.spent_to_date),
      selected: b.selected.map((s) => ({ proposalId: s.id, title: s.title, cost: Number(s.cost) })),
    })),
    notices: {
      published: row.notices.length,
      list: row.notices.map((n) => ({
        noticeId: n.id,
        title: n.title,
        kind: n.kind,
        correctsId: n.supersedes_id,
        publishedAt: iso(n.created_at),
      })),
    },
    satisfaction: row.satisfaction,
  }
}

/** Street staff of that street and the admin; anyone else, community staff of the street included, is refused. */
function assertStreetStaff(actor: Actor, streetId: string) {
  if (actor.role !== 'admin' && !actor.streetIds.includes(streetId)) {
    throw AppError.forbidden('只有本街道的工作人员可以查看街道的统计')
  }
}

type StreetQuery = { from: string; to: string }

async function readStreet(db: Db, clock: Clock, actor: Actor, streetId: string, q: StreetQuery, audit: boolean) {
  assertStreetStaff(actor, streetId)
  const row = await repo.findStreetStats(
    db,
    { streetId, from: q.from, to: q.to, now: clock.now() },
    audit ? actor : undefined,
  )
  if (!row) throw AppError.notFound('没有找到这个街道')
  const dto: StreetStatsDto = {
    streetId,
    streetName: row.street_name,
    from: q.from,
    to: q.to,
    communities: row.communities.map((c) => ({
      communityId: c.community_id,
      name: c.name,
      verifiedMembers: c.verified_members,
      wishesCompleted: c.wishes_completed,
      volunteerHours: round(c.volunteer_hours, 1),
      bookings: c.bookings,
      noShows: c.no_shows,
      problemsReceived: c.problems_received,
      onTimeRate: rate(c.on_time_rate),
      satisfactionRate: rate(c.satisfaction_rate),
      turnout: rate(c.turnout),
      surveyMean: c.survey_mean,
    })),
  }
  return dto
}

/** The street's communities side by side for a period. */
export function getStreetStats(db: Db, clock: Clock, actor: Actor, streetId: string, q: StreetQuery) {
  return readStreet(db, clock, actor, streetId, q, false)
}

/** Characters a file name cannot carry on Windows (the header carries it percent-encoded). */
const fileSafe = (name: string) => name.replace(/[\\/:*?"<>|\s]+/g, '_')

/** The same table as a CSV file for Excel (the house's toCsv: BOM, quoting, formulas defused), its export audited. */
export async function exportStreetCsv(db: Db, clock: Clock, actor: Actor, streetId: string, q: StreetQuery) {
  const stats = await readStreet(db, clock, actor, streetId, q, true)
  const header = ['社区', ...STREET_FIGURES.map((f) => STREET_FIGURE_LABELS[f])]
  const rows = stats.communities.map((c) => [
    c.name,
    ...STREET_FIGURES.map((f) => (c[f] === null ? null : streetFigureText(f, c[f]))),
  ])
  return {
    filename: fileSafe(`街道统计_${stats.streetName}_${q.from}至${q.to}.csv`),
    asciiFilename: `street_${q.from}_${q.to}.csv`,
    body: toCsv(header, rows),
  }
}
