import { describe, expect, it } from 'vitest'
import type { NoticeDetailDto } from '@/shared/notices'
import { DEMO } from '../../src/server/db/seed'
import { useApp } from './support/app'
import { tap, tapText, visible } from './support/taro'

const app = useApp()

const noticePage = (id: string) => `notices/pages/detail/index?id=${id}`
const N = DEMO.notices

describe('公开栏 in the browser', () => {
  it('a resident reads the 公开栏, a 财务公开 with an objection and its reply, objects, and follows a correction', async () => {
    await app.loginAs('王小明')
    await app.openPage('pages/me/index')
    await tapText(app.page, '查看公开栏')
    await app.page.waitForURL(/notices\/pages\/list/)
    await app.shown('2026年11月社区公益金收支公示')
    await app.shot('notices-list-normal')
    await app.meetsSizes(false)
    await tapText(app.page, '结果公示')
    await app.shown('已被更正')
    await app.shot('notices-list-results-normal')

    await app.openPage(noticePage(N.finance))
    await app.shown('社区答复 · ')
    await app.shown('公示中')
    await app.shot('notices-detail-objection-normal')
    await app.meetsSizes(false)
    await visible(app.page, 'textarea').fill('重阳节慰问品1850元，发给了哪些老人？')
    await tapText(app.page, '提交意见')
    await app.shown('重阳节慰问品1850元，发给了哪些老人？')
    await app.afterToast()
    await app.shown('等待社区答复')

    await app.openPage(noticePage(N.results))
    await app.shown('已被更正')
    await app.shot('notices-detail-superseded-normal')
    await tapText(app.page, '查看更正后的公告')
    await app.shown(
      '原公示中“王建国（6号楼）”应为“王建华（6号楼）”，系录入错误，特此更正。其余内容不变：张志强（1号楼）、刘芳（8号楼）、王建华（6号楼）当选。',
    )
    await app.shot('notices-detail-correction-normal')
  })

  it('staff reply to the objection, and publish a correction from the notice page', async () => {
    await app.loginAs('陈主任')
    await app.openPage(noticePage(N.finance))
    await app.shown('重阳节慰问品1850元，发给了哪些老人？')
    await app.shot('notices-staff-reply-box-normal')
    await app.meetsSizes(false)
    await visible(app.page, '.objection-list__reply-box textarea').fill(
      '慰问品发给了80岁以上的42位老人，名单在居委会可查。',
    )
    await tap(app.page.getByRole('button', { name: '提交答复' }).locator('visible=true').first())
    await app.shown('慰问品发给了80岁以上的42位老人，名单在居委会可查。')
    await app.afterToast()
    await app.shot('notices-staff-replied-normal')

    await tapText(app.page, '更正这则公告')
    await app.page.waitForURL(/staff\/pages\/notices/)
    await app.shown('更正的是：「2026年11月社区公益金收支公示」')
    await app.shot('notices-staff-correct-normal')
    await app.meetsSizes(false)
    await visible(app.page, 'textarea').fill(
      '一、收入：街道拨付社区公益金 5,000.00 元。二、支出合计 3,350.00 元（更正：茶水和报刊为 300.00 元）。',
    )
    await tapText(app.page, '发布更正')
    await app.page.waitForURL(/notices\/pages\/detail/)
    await app.shown('本公告更正了「2026年11月社区公益金收支公示」')
    const old = await app.api<NoticeDetailDto>(
      'GET',
      `/api/notices/${N.finance}`,
      (await app.demoLogin('陈主任')).token,
    )
    expect(old.supersededBy?.title).toBe('2026年11月社区公益金收支公示（更正）')
    expect(old.objections.every((o) => o.reply !== null)).toBe(true)

    await app.openStaffPage('notices')
    await app.shown('已发布的公告')
    await app.shot('notices-staff-normal')
  })

  it('in elder mode: the list, a notice with an objection and a reply, the staff page', async () => {
    await app.loginAs('李奶奶')
    await app.setElderMode('李奶奶', true)
    await app.openPage('notices/pages/list/index')
    await app.shown('12月10日3号楼、5号楼临时停水通知')
    await app.shot('notices-list-elder')
    await app.meetsSizes(true)
    await app.openPage(noticePage(N.finance))
    await app.shown('茶叶两斤180元、报刊订阅三份120元，发票已贴在老年活动室门口，欢迎查看。')
    await app.shot('notices-detail-objection-elder')
    await app.meetsSizes(true)

    await app.loginAs('陈主任')
    await app.setElderMode('陈主任', true)
    await app.openStaffPage('notices')
    await app.shown('已发布的公告')
    await app.shot('notices-staff-elder')
    await app.meetsSizes(true)
    await app.setElderMode('陈主任', false)
  })
})
