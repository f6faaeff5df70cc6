import { beforeAll, describe, expect, it } from 'vitest'
import type { CommunityDto, MeDto } from '@/shared/identity'
import { shanghaiDate } from '@/shared/stations'
import type { StatsDto } from '@/shared/workbench'
import type { ProblemStatsDto } from '@/shared/problems'
import type { CommunityPartyServiceDto } from '@/shared/activities'
import type { RatingFiguresDto } from '@/shared/ratings'
import { presetPeriod } from '@/staff/utils/period'
import {
  bootWeapp,
  renderPage,
  textOf,
  waitFor,
  type RenderedComponent,
  type Reply,
  type SimulatedNode,
} from './support/simulate'

const SUNSHINE: CommunityDto = {
  id: '6f1c1d1e-1111-4111-8111-111111111111',
  name: '阳光社区',
  street: '湖滨街道',
  district: '上城区',
}
const PEACE: CommunityDto = { ...SUNSHINE, id: '6f1c1d1e-2222-4222-8222-222222222222', name: '和平社区' }
const STAFF: MeDto = {
  id: '0b7a4c52-5555-4555-8555-555555555555',
  nickname: '陈主任',
  avatarUrl: null,
  role: 'staff',
  communityId: SUNSHINE.id,
  building: null,
  elderMode: false,
  staffCommunityIds: [SUNSHINE.id, PEACE.id],
  streetIds: [],
  handlerOrgIds: [],
  volunteer: null,
  membership: null,
}

function statsFor(communityId: string, from: string, to: string): StatsDto {
  return {
    communityId,
    from,
    to,
    wishes: { posted: 7, completed: 3, medianHoursToClaim: 5.46, medianHoursToComplete: 60 },
    volunteerHours: { total: 7.5, volunteers: 3 },
    stations: [
      {
        stationId: '7a1b2c3d-1111-4111-8111-000000000001',
        name: '阳光社区党群服务驿站',
        seats: 40,
        booked: 18,
        checkedIn: 12,
        noShows: 3,
        utilisation: 0.45,
        noShowRate: 0.2,
      },
    ],
    topics: [
      {
        topicId: '7a1b2c3d-2222-4222-8222-000000000001',
        title: '垃圾分类投放点调整',
        ballots: 12,
        eligible: 40,
        turnout: 0.3,
      },
    ],
  }
}

const EMPTY = (communityId: string, from: string, to: string): StatsDto => ({
  ...statsFor(communityId, from, to),
  wishes: { posted: 0, completed: 0, medianHoursToClaim: null, medianHoursToComplete: null },
  volunteerHours: { total: 0, volunteers: 0 },
  stations: [],
  topics: [],
})

type Page = RenderedComponent & { querySelectorAll(s: string): SimulatedNode[] }

function byText(page: Page, selector: string, text: string): SimulatedNode {
  const node = page.querySelectorAll(selector).find((b) => textOf(b.dom) === text)
  expect(node, `${selector} «${text}»`).toBeDefined()
  return node!
}

/** The export row's 导出 button, by the row's label. */
function exportButton(page: Page, label: string): SimulatedNode {
  const rows = page.querySelectorAll('.dashboard-export')
  const index = rows.findIndex((r) => textOf(r.dom).startsWith(label))
  expect(index, label).toBeGreaterThanOrEqual(0)
  return page.querySelectorAll('.dashboard-export__button')[index]!
}

const statsCalls = () => h.requests.filter((r) => new URL(r.url).pathname === '/api/staff/stats')
const lastStatsQuery = () => new URL(statsCalls().at(-1)!.url).searchParams

/** What the fake WeChat file APIs saw and answer. */
interface Downloads {
  calls: { url: string; header: Record<string, string>; filePath?: string }[]
  reply: (url: string) => { statusCode: number; body: string }
  files: Map<string, string>
  opened: string[]
  openFails: boolean
  clipboard: string[]
}

let h: ReturnType<typeof bootWeapp>
let statsReply: (url: URL) => Reply
const today = shanghaiDate(new Date())
const thisMonth = presetPeriod('this_month', today)

describe('数据统计 (staff subpackage) in the weapp build', () => {
  let page: Page
  const dl: Downloads = {
    calls: [],
    reply: () => ({ statusCode: 200, body: '\uFEFF编号,标题\n' }),
    files: new Map(),
    opened: [],
    openFails: true,
    clipboard: [],
  }

  beforeAll(async () => {
    h = bootWeapp('token-staff')
    // WeChat's file APIs (miniprogram-simulate installs wx on boot): a download writes the body into the given path.
    const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
    type Cb = { success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r: unknown) => void }
    const answer = (opts: Cb, ok: boolean, res: Record<string, unknown>) =>
      setTimeout(() => {
        if (ok) opts.success?.(res)
        else opts.fail?.(res)
        opts.complete?.(res)
      }, 5)
    wx.downloadFile = (opts: Cb & { url: string; header?: Record<string, string>; filePath?: string }) => {
      dl.calls.push({ url: opts.url, header: opts.header ?? {}, filePath: opts.filePath })
      const { statusCode, body } = dl.reply(opts.url)
      const path = opts.filePath ?? 'wxfile://tmp/download'
      dl.files.set(path, body)
      answer(opts, true, { statusCode, filePath: path, tempFilePath: path, errMsg: 'downloadFile:ok' })
      return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {}, onHeadersReceived() {} }
    }
    wx.openDocument = (opts: Cb & { filePath: string }) => {
      dl.opened.push(opts.filePath)
      answer(opts, !dl.openFails, { errMsg: dl.openFails ? 'openDocument:fail filetype not supported' : 'ok' })
    }
    wx.getFileSystemManager = () => ({
      readFileSync: (path: string) => {
        if (!dl.files.has(path)) throw new Error('no such file')
        return dl.files.get(path)
      },
      unlinkSync: (path: string) => void dl.files.delete(path),
    })
    wx.setClipboardData = (opts: Cb & { data: string }) => {
      dl.clipboard.push(opts.data)
      answer(opts, true, { errMsg: 'setClipboardData:ok' })
    }

    statsReply = (url) => ({
      statusCode: 200,
      data: statsFor(url.searchParams.get('communityId')!, url.searchParams.get('from')!, url.searchParams.get('to')!),
    })
    h.router.current = (req) => {
      const url = new URL(req.url)
      if (url.pathname === '/api/me') return { statusCode: 200, data: STAFF }
      if (url.pathname === '/api/communities') {
        return { statusCode: 200, data: { items: [SUNSHINE, PEACE], nextCursor: null } }
      }
      if (url.pathname === '/api/staff/stats') return statsReply(url)
      // The dashboard's other sections: 问题反馈 figures, the party members' 双报到 and the mean ratings, nothing in
      // them yet.
      if (url.pathname.endsWith('/problem-stats')) {
        const problems: ProblemStatsDto = {
          communityId: url.pathname.split('/')[3]!,
          from: url.searchParams.get('from')!,
          to: url.searchParams.get('to')!,
          received: 0,
          resolved: 0,
          onTimeRate: null,
          satisfactionRate: null,
          medianHoursToResolve: null,
          byOrg: [],
        }
        return { statusCode: 200, data: problems }
      }
      if (url.pathname.endsWith('/ratings')) {
        const none = { mean: null, count: 0 }
        const ratings: RatingFiguresDto = {
          communityId: url.pathname.split('/')[3]!,
          from: url.searchParams.get('from')!,
          to: url.searchParams.get('to')!,
          bookings: none,
          topics: none,
          wishes: none,
          surveys: none,
        }
        return { statusCode: 200, data: ratings }
      }
      if (url.pathname === '/api/staff/party-service') {
        const party: CommunityPartyServiceDto = { year: 2026, partyMembers: 0, participating: 0, rate: 0, members: [] }
        return { statusCode: 200, data: party }
      }
      return undefined
    }
    page = renderPage(h, 'staff/pages/dashboard/index') as Page
    await waitFor(() => expect(textOf(page.dom)).toContain('阳光社区党群服务驿站'))
  })

  it('asks for this month of the first community and shows the figures in words', () => {
    const q = lastStatsQuery()
    expect(q.get('communityId')).toBe(SUNSHINE.id)
    expect(q.get('from')).toBe(thisMonth.from)
    expect(q.get('to')).toBe(today)
    expect(statsCalls()[0]!.header.Authorization).toBe('Bearer token-staff')

    const text = textOf(page.dom)
    expect(text).toContain('新发布7个')
    expect(text).toContain('已完成3个')
    expect(text).toContain('认领用时5.5小时')
    expect(text).toContain('完成用时2.5天')
    expect(text).toContain('服务时长7.5小时')
    expect(text).toContain('参与志愿者3人')
    expect(text).toContain('平均每人 2.5小时')
    expect(text).toContain('预约率（已约 ÷ 可约）45%')
    expect(text).toContain('可约 40 位已约 18 位到场 12 位未到 3 位')
    expect(text).toContain('爽约率（未到 ÷ 应到）20%')
    expect(text).toContain('垃圾分类投放点调整')
    expect(text).toContain('参与率30%')
    expect(text).toContain('12 人投票可投票居民 40 位')
  })

  it('draws the bars as plain views, as wide as the shares', () => {
    const fills = page.querySelectorAll('.meter__fill').map((f) => f.dom.getAttribute('style') ?? '')
    expect(fills).toEqual([
      expect.stringContaining('width: 45%'),
      expect.stringContaining('width: 20%'),
      expect.stringContaining('width: 30%'),
    ])
    // One in five did not come: the no-show bar is drawn as a warning.
    expect(page.querySelectorAll('.meter__fill--warning')).toHaveLength(1)
  })

  it('lists the four exports with their labels', () => {
    const rows = page.querySelectorAll('.dashboard-export').map((r) => textOf(r.dom))
    expect(rows).toEqual([
      '心愿明细导出',
      '志愿服务时长（可用于开具证明）导出',
      '驿站预约明细导出',
      '议题投票结果（只含汇总，不含个人选择）导出',
    ])
  })

  it('asks again for 上月 and for the other community', async () => {
    const before = statsCalls().length
    byText(page, '.chip', '上月').dispatchEvent('tap')
    await waitFor(() => expect(statsCalls().length).toBe(before + 1))
    const lastMonth = presetPeriod('last_month', today)
    expect(lastStatsQuery().get('from')).toBe(lastMonth.from)
    expect(lastStatsQuery().get('to')).toBe(lastMonth.to)
    await waitFor(() => expect(textOf(page.dom)).toContain('新发布7个'))

    byText(page, '.chip', '和平社区').dispatchEvent('tap')
    await waitFor(() => expect(statsCalls().length).toBe(before + 2))
    expect(lastStatsQuery().get('communityId')).toBe(PEACE.id)
    expect(lastStatsQuery().get('from')).toBe(lastMonth.from)
  })

  it('takes a custom period from the date pickers, and says when it is back to front', async () => {
    byText(page, '.chip', '自定义').dispatchEvent('tap')
    await waitFor(() => expect(textOf(page.dom)).toContain('开始日期'))
    const pickers = page.querySelectorAll('.dashboard-period__picker')
    expect(pickers).toHaveLength(2)
    const lastMonth = presetPeriod('last_month', today)
    const before = statsCalls().length
    pickers[0]!.dispatchEvent('change', { detail: { value: lastMonth.to } })
    pickers[1]!.dispatchEvent('change', { detail: { value: lastMonth.from } })
    await waitFor(() => expect(textOf(page.dom)).toContain('开始日期不能晚于结束日期'))
    expect(page.querySelectorAll('.dashboard-export .action-button--disabled')).toHaveLength(4)

    pickers[1]!.dispatchEvent('change', { detail: { value: today } })
    await waitFor(() => expect(lastStatsQuery().get('to')).toBe(today))
    expect(lastStatsQuery().get('from')).toBe(lastMonth.to)
    expect(statsCalls().length).toBeGreaterThan(before)
    await waitFor(() => expect(textOf(page.dom)).toContain('统计范围：'))
  })

  it('says so when nothing happened in the period', async () => {
    statsReply = (url) => ({
      statusCode: 200,
      data: EMPTY(url.searchParams.get('communityId')!, url.searchParams.get('from')!, url.searchParams.get('to')!),
    })
    byText(page, '.chip', '本月').dispatchEvent('tap')
    await waitFor(() => expect(textOf(page.dom)).toContain('本月还没有数据'))
    expect(page.querySelectorAll('.meter')).toHaveLength(0)
  })

  it('shows the server’s error with 重试', async () => {
    statsReply = () => ({
      statusCode: 503,
      data: { error: { code: 'DB_UNAVAILABLE', message: '服务暂时繁忙，请稍后再试' } },
    })
    byText(page, '.chip', '今年').dispatchEvent('tap')
    await waitFor(() => expect(textOf(page.dom)).toContain('没有加载出来'))
    expect(textOf(page.dom)).toContain('服务暂时繁忙，请稍后再试')

    statsReply = (url) => ({
      statusCode: 200,
      data: statsFor(url.searchParams.get('communityId')!, url.searchParams.get('from')!, url.searchParams.get('to')!),
    })
    byText(page, '.action-button', '重试').dispatchEvent('tap')
    await waitFor(() => expect(textOf(page.dom)).toContain('阳光社区党群服务驿站'))
    expect(lastStatsQuery().get('from')).toBe(`${today.slice(0, 4)}-01-01`)
  })

  it('downloads an export with the token, and explains when the phone cannot open a CSV', async () => {
    exportButton(page, '心愿明细').dispatchEvent('tap')
    await waitFor(() => expect(textOf(page.dom)).toContain('手机上打不开 CSV 文件'))

    const call = dl.calls.at(-1)!
    const url = new URL(call.url)
    expect(url.pathname).toBe('/api/staff/export/wishes.csv')
    expect(url.searchParams.get('communityId')).toBe(PEACE.id)
    expect(url.searchParams.get('from')).toBe(`${today.slice(0, 4)}-01-01`)
    expect(url.searchParams.get('to')).toBe(today)
    expect(call.header.Authorization).toBe('Bearer token-staff')
    const fileName = `和平社区-心愿明细-${today.slice(0, 4)}-01-01至${today}.csv`
    expect(call.filePath).toBe(`/usr/${fileName}`)
    expect(dl.opened).toEqual([call.filePath])
    expect(textOf(page.dom)).toContain('复制网页版链接')

    byText(page, '.action-button', '复制网页版链接').dispatchEvent('tap')
    await waitFor(() => expect(dl.clipboard).toHaveLength(1))
    expect(dl.clipboard[0]).toContain(`/#/staff/pages/dashboard/index?communityId=${PEACE.id}&from=`)
  })

  it('opens the file where WeChat can', async () => {
    dl.openFails = false
    exportButton(page, '驿站预约明细').dispatchEvent('tap')
    await waitFor(() => expect(textOf(page.dom)).toContain('表格已打开「和平社区-驿站预约明细-'))
    expect(new URL(dl.calls.at(-1)!.url).pathname).toBe('/api/staff/export/bookings.csv')
  })

  it('says plainly when the community is not the staff member’s', async () => {
    dl.reply = () => ({
      statusCode: 403,
      body: JSON.stringify({ error: { code: 'FORBIDDEN', message: '您没有权限进行这项操作' } }),
    })
    const opened = dl.opened.length
    exportButton(page, '议题投票结果').dispatchEvent('tap')
    await waitFor(() => expect(textOf(page.dom)).toContain('没有导出'))
    expect(textOf(page.dom)).toContain('这个社区不归您负责，不能导出它的数据')
    expect(dl.opened).toHaveLength(opened)
    // The error's JSON is not left behind as a CSV.
    expect([...dl.files.keys()].some((k) => k.includes('议题投票结果'))).toBe(false)
  })
})
