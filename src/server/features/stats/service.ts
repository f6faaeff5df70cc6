import { BOOKING_STATUS_LABELS } from '../../../shared/stations'
import { TOPIC_STATUS_LABELS } from '../../../shared/topics'
import { WISH_CATEGORY_LABELS, WISH_STATUS_LABELS } from '../../../shared/wishes'
import type { ExportKind, PeriodQuery, StatsDto } from '../../../shared/workbench'
import { staffCan, type Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { AppError } from '../../lib/errors'
import { toCsv, type Cell } from './csv'
import * as repo from './repo'

type Period = Required<PeriodQuery>

/** Staff of the community and the admin; a community nobody serves or that does not exist is refused before SQL. */
function assertStaffOf(actor: Actor, communityId: string) {
  if (!staffCan(actor, communityId)) throw AppError.forbidden('这不是您负责的社区')
}

const communityNotFound = () => AppError.notFound('没有找到这个社区')

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : 0)

/** The dashboard's figures for a community and a period (definitions in docs/decisions.md). */
export async function getStats(db: Db, clock: Clock, actor: Actor, query: Period): Promise<StatsDto> {
  assertStaffOf(actor, query.communityId)
  const row = await repo.findStats(db, Object.assign({}, query, { now: clock.now() }))
  if (!row) throw communityNotFound()
  const hours = (h: number | null) => (h === null ? null : round(h, 2))
  return {
    communityId: query.communityId,
    from: query.from,
    to: query.to,
    wishes: {
      posted: row.posted,
      completed: row.completed,
      medianHoursToClaim: hours(row.median_hours_to_claim),
      medianHoursToComplete: hours(row.median_hours_to_complete),
    },
    volunteerHours: { total: round(row.hours_total, 1), volunteers: row.hours_volunteers },
    stations: row.stations.map((s) => ({
      stationId: s.id,
      name: s.name,
      seats: s.seats,
      booked: s.booked,
      checkedIn: s.checked_in,
      noShows: s.no_shows,
      utilisation: ratio(s.booked, s.seats),
      noShowRate: ratio(s.no_shows, s.checked_in + s.no_shows),
    })),
    topics: row.topics.map((t) => ({
      topicId: t.id,
      title: t.title,
      ballots: t.ballots,
      eligible: t.eligible,
      turnout: ratio(t.ballots, t.eligible),
    })),
  }
}

/** The file's name says what, where and when: 心愿明细_幸福里社区_2032-03-01至2032-03-31.csv. */
const FILE_LABELS: Record<ExportKind, string> = {
  wishes: '心愿明细',
  'volunteer-hours': '志愿服务时长',
  bookings: '驿站预约明细',
  ballots: '议题投票汇总',
}

export interface CsvFile {
  /** The Chinese name, for `filename*`. */
  filename: string
  /** An ASCII name for clients that do not read `filename*`. */
  asciiFilename: string
  body: string
}

const percent = (part: number, whole: number) => `${round(ratio(part, whole) * 100, 1)}%`

const CANCEL_REASON_LABELS = { user: '本人取消', closure: '驿站闭站' } as const

interface Sheet<R> {
  read: (db: Db, args: repo.PeriodArgs, actor: Actor) => Promise<repo.ExportResult<R> | null>
  header: readonly string[]
  row: (r: R, communityName: string) => Cell[]
}

interface Table {
  communityName: string
  header: readonly string[]
  rows: Cell[][]
}

/** Reads an export's rows and lays them out as its table; null when the community does not exist. */
const sheet =
  <R>(s: Sheet<R>) =>
  async (db: Db, args: repo.PeriodArgs, actor: Actor): Promise<Table | null> => {
    const found = await s.read(db, args, actor)
    if (!found) return null
    return {
      communityName: found.community_name,
      header: s.header,
      rows: found.rows.map((r) => s.row(r, found.community_name)),
    }
  }

/** What each export holds. No phone and no address anywhere; people by name as the one exporting may see them. */
const SHEETS: Record<ExportKind, ReturnType<typeof sheet>> = {
  wishes: sheet<repo.WishExportRow>({
    read: repo.findWishExport,
    header: [
      '心愿编号',
      '标题',
      '描述',
      '类别',
      '状态',
      '发布人',
      '发布时间',
      '审核通过时间',
      '认领时间',
      '志愿者',
      '服务时长（小时）',
      '确认完成时间',
      '评分',
    ],
    row: (r) => [
      r.id,
      r.title,
      r.description,
      WISH_CATEGORY_LABELS[r.category],
      WISH_STATUS_LABELS[r.status],
      r.owner_name,
      r.created_at,
      r.approved_at,
      r.claimed_at,
      r.volunteer_name,
      r.hours,
      r.completed_at,
      r.rating,
    ],
  }),
  'volunteer-hours': sheet<repo.VolunteerHourExportRow>({
    read: repo.findVolunteerHourExport,
    header: [
      '记录编号',
      '志愿者姓名',
      '服务内容',
      '服务类别',
      '服务说明',
      '服务日期',
      '服务时长（小时）',
      '确认人',
      '确认方式',
      '确认时间',
      '所属社区',
    ],
    row: (r, communityName) => [
      r.id,
      r.volunteer_name,
      r.title,
      r.category ? WISH_CATEGORY_LABELS[r.category] : '社区活动',
      r.fulfil_note,
      r.service_date,
      r.hours,
      r.confirmer_name,
      r.by_owner === null ? '社区工作人员登记活动完成' : r.by_owner ? '心愿发布人确认' : '社区工作人员代为确认',
      r.confirmed_at,
      communityName,
    ],
  }),
  bookings: sheet<repo.BookingExportRow>({
    read: repo.findBookingExport,
    header: [
      '预约编号',
      '驿站',
      '服务',
      '日期',
      '时段',
      '人数',
      '状态',
      '预约人',
      '预约时间',
      '签到时间',
      '取消时间',
      '取消原因',
      '候补转入',
    ],
    row: (r) => [
      r.id,
      r.station,
      r.service,
      r.date,
      `${r.starts}–${r.ends}`,
      r.party_size,
      BOOKING_STATUS_LABELS[r.status],
      r.holder_name,
      r.booked_at,
      r.checked_in_at,
      r.cancelled_at,
      r.cancel_reason ? CANCEL_REASON_LABELS[r.cancel_reason] : null,
      r.from_waitlist ? '是' : '否',
    ],
  }),
  ballots: sheet<repo.BallotExportRow>({
    read: repo.findBallotExport,
    header: ['议题', '状态', '投票开始', '投票截止', '选项', '得票数', '投票人数', '有投票资格人数', '参与率'],
    row: (r) => [
      r.title,
      TOPIC_STATUS_LABELS[r.status],
      r.opens_at,
      r.closes_at,
      r.option,
      r.count,
      r.ballots,
      r.eligible,
      percent(r.ballots, r.eligible),
    ],
  }),
}

/** Characters a file name cannot carry on Windows (the header itself carries it percent-encoded). */
const fileSafe = (name: string) => name.replace(/[\\/:*?"<>|\s]+/g, '_')

/** One of the four CSV exports of a community and a period. */
export async function exportCsv(db: Db, clock: Clock, actor: Actor, kind: ExportKind, query: Period): Promise<CsvFile> {
  assertStaffOf(actor, query.communityId)
  const table = await SHEETS[kind](db, Object.assign({}, query, { now: clock.now() }), actor)
  if (!table) throw communityNotFound()
  return {
    filename: fileSafe(`${FILE_LABELS[kind]}_${table.communityName}_${query.from}至${query.to}.csv`),
    asciiFilename: `${kind}_${query.from}_${query.to}.csv`,
    body: toCsv(table.header, table.rows),
  }
}
