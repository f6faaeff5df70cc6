import { describe, expect, it } from 'vitest'
import type { BudgetDetailDto, ProposalPageDto } from '@/shared/budgets'
import { DEMO } from '../../src/server/db/seed'
import { useApp } from './support/app'
import { tap, tapText, visible } from './support/taro'

const app = useApp()

const round = (id: string) => `budgets/pages/round/index?id=${id}`
const proposal = (id: string) => `budgets/pages/proposal/index?id=${id}`
const ballot = (id: string) => `budgets/pages/ballot/index?id=${id}`
const option = (title: string) => app.page.locator('[role="checkbox"]:visible', { hasText: title }).first()
const tokenOf = async (nickname: string) => (await app.demoLogin(nickname)).token

describe('社区微实事 in the browser', () => {
  it('a member votes within the fund: the running total shows, over the fund is refused, the ballot is kept', async () => {
    await app.loginAs('王小明')
    // From the community's 议事 page to its rounds.
    await app.openPage('pages/topics/index')
    await tapText(app.page, '社区微实事')
    await app.page.waitForURL(/budgets\/pages\/home/)
    await app.shown('春季社区微实事')
    await app.shot('budgets-home')
    await app.openPage(round(DEMO.budgets.open))
    await app.shown('秋季社区微实事')
    await app.shown('可投票的项目（3）')
    await app.shot('budgets-round')
    await tapText(app.page, '去投票')
    await app.page.waitForURL(/budgets\/pages\/ballot/)
    await app.shown('还剩')

    await tap(option('楼下加装休息座椅'))
    await tap(option('老楼楼道加装扶手'))
    await app.shown('已选2项')
    expect(await visible(app.page, '.ballot__sum').getAttribute('aria-label')).toContain('合计42000元，剩余38000元')
    await app.shot('budgets-ballot')

    await tap(option('建电动车充电棚'))
    await app.shown('已超出资金总额 22000元，请去掉一些项目')
    await tapText(app.page, '提交投票')
    await app.shown('所选项目合计102000元，超过了资金总额80000元，请少选几个再提交')
    await app.shot('budgets-ballot-over')
    const token = await tokenOf('王小明')
    const before = await app.api<BudgetDetailDto>('GET', `/api/budgets/${DEMO.budgets.open}`, token)
    expect(before.myBallot).toBeNull()
    // The server refuses it too, in plain words.
    const all = [DEMO.proposals.benches, DEMO.proposals.handrails, DEMO.proposals.chargingShed]
    await expect(
      app.api('PUT', `/api/budgets/${DEMO.budgets.open}/ballot`, token, { proposalIds: all }),
    ).rejects.toThrow(/OVER_BUDGET.*超过了资金总额80000元/)

    await tap(option('建电动车充电棚'))
    await tapText(app.page, '提交投票')
    await app.shown('您的选择已保存。')
    const after = await app.api<BudgetDetailDto>('GET', `/api/budgets/${DEMO.budgets.open}`, token)
    expect([...(after.myBallot ?? [])].sort()).toEqual([DEMO.proposals.benches, DEMO.proposals.handrails].sort())

    // Changeable until close: the round says so, and the ballot opens with the saved choice.
    await app.openPage(round(DEMO.budgets.open))
    await app.shown('修改我的选择')
    await app.openPage(ballot(DEMO.budgets.open))
    await app.shown('保存修改')
    expect(await option('楼下加装休息座椅').getAttribute('aria-checked')).toBe('true')
  })

  it('results with the reason for each, a project’s spending, and a rejected proposal’s reason for its proposer', async () => {
    await app.loginAs('王小明')
    await app.openPage(round(DEMO.budgets.finished))
    await app.shown('投票结果')
    await app.shown('票数第3，剩余资金不足（需75000元，剩40000元）')
    await app.shown('入选项目的资金使用')
    await app.shot('budgets-results')

    await app.openPage(proposal(DEMO.proposals.lamps))
    await app.shown('更正 −800元')
    await app.shown('12盏路灯全部安装完成并通电，欢迎大家晚上来走走')
    await app.shot('budgets-spending')

    await app.openPage(proposal(DEMO.proposals.subsidy))
    await app.shown('未通过可行性审核')
    await app.shown('原因：物业费属于业主和物业之间的事项，微实事资金不能用于个人补贴')
    await app.shot('budgets-proposal')
  })

  it('in elder mode: the round, a proposal, the ballot, the results and the spending, large', async () => {
    await app.loginAs('李奶奶')
    await app.setElderMode('李奶奶', true)
    try {
      await app.openPage(round(DEMO.budgets.open))
      await app.shown('可投票的项目（3）')
      await app.meetsSizes(true)
      await app.shot('budgets-round-elder')
      await app.openPage(proposal(DEMO.proposals.benches))
      await app.shown('核定费用')
      await app.meetsSizes(true)
      await app.shot('budgets-proposal-elder')
      await app.openPage(ballot(DEMO.budgets.open))
      await tap(option('楼下加装休息座椅'))
      await tap(option('建电动车充电棚'))
      await app.shown('已选2项')
      await app.meetsSizes(true)
      await app.shot('budgets-ballot-elder')
      await app.openPage(round(DEMO.budgets.finished))
      await app.shown('票数第3，剩余资金不足（需75000元，剩40000元）')
      await app.meetsSizes(true)
      await app.shot('budgets-results-elder')
      await app.openPage(proposal(DEMO.proposals.lamps))
      await app.shown('更正 −800元')
      await app.meetsSizes(true)
      await app.shot('budgets-spending-elder')
    } finally {
      await app.setElderMode('李奶奶', false)
    }
  })

  it('staff open a round, a member proposes, staff review (feasible, rejected) and record an expense and progress', async () => {
    const staff = await tokenOf('陈主任')
    const now = Date.now()
    const hours = (n: number) => new Date(now + n * 3_600_000).toISOString()
    const created = await app.api<BudgetDetailDto>(
      'POST',
      `/api/communities/${DEMO.communities.sunshine}/budgets`,
      staff,
      {
        title: '冬季社区微实事',
        amount: 50_000,
        proposalsOpenAt: hours(0),
        proposalsCloseAt: hours(24),
        votingOpensAt: hours(48),
        votingClosesAt: hours(96),
      },
    )

    await app.loginAs('王小明')
    await app.openPage(round(created.id))
    await tapText(app.page, '我要提项目')
    await app.page.waitForURL(/budgets\/pages\/propose/)
    await visible(app.page, 'input[placeholder="例如：小广场加装路灯"]').fill('健身步道铺设塑胶')
    await visible(app.page, 'textarea').fill('中心花园步道下雨后很滑，建议铺设塑胶面层。')
    await visible(app.page, 'input[placeholder="例如：8000"]').fill('18000')
    await app.shot('budgets-propose')
    await tapText(app.page, '提交项目')
    await app.page.waitForURL(/budgets\/pages\/proposal/)
    await app.shown('等待审核')
    const resident = await tokenOf('王小明')
    await app.api('POST', `/api/budgets/${created.id}/proposals`, resident, {
      title: '给楼长发补贴',
      description: '楼长辛苦了。',
      estimatedCost: 6000,
    })

    await app.loginAs('陈主任')
    await app.openStaffPage('budget-review', `?id=${created.id}`)
    await app.shown('待审核（2）')
    await app.shot('budgets-staff-review')
    // The first is the trail: feasible at staff's cost.
    const cost = visible(app.page, 'input[aria-label="健身步道铺设塑胶的核定费用（元）"]')
    await cost.fill('16000')
    await tap(visible(app.page, '[aria-label="健身步道铺设塑胶可行"]'))
    await app.shown('待审核（1）')
    await app.afterToast()
    await tap(visible(app.page, '[aria-label="给楼长发补贴不通过"]'))
    await visible(app.page, 'textarea').fill('微实事资金不能用于个人补贴')
    await tap(visible(app.page, '[aria-label="确定给楼长发补贴不通过"]'))
    await app.shown('已审核（2）')
    await app.afterToast()
    const reviewed = await app.api<BudgetDetailDto>('GET', `/api/budgets/${created.id}`, staff)
    expect(reviewed.proposals.map((p) => [p.title, p.status, p.cost ?? p.rejectReason])).toEqual([
      ['健身步道铺设塑胶', 'feasible', 16_000],
      ['给楼长发补贴', 'rejected', '微实事资金不能用于个人补贴'],
    ])

    await app.openStaffPage('budget-spend', `?id=${DEMO.proposals.fitness}`)
    await app.shown('记一笔支出')
    await visible(app.page, 'input[placeholder="例如：3200"]').fill('2400')
    await visible(app.page, 'input[placeholder="例如：幸福五金店"]').fill('浙江康体健身器材厂')
    await visible(app.page, 'textarea[placeholder="买了什么、做了什么"]').fill('防滑地垫40平方米')
    await app.shot('budgets-staff-expense')
    await tapText(app.page, '记录支出')
    await app.shown('已支出 3.84万元')
    await app.afterToast()
    await visible(app.page, 'input[aria-label="完成进度（0-100）"]').fill('100')
    await visible(app.page, 'textarea[placeholder="例如：灯杆已经立好"]').fill('防滑地垫铺好了，健身区全部完工')
    await tapText(app.page, '提交进度')
    await app.shown('进度 100%')
    const fitness = await app.api<ProposalPageDto>('GET', `/api/proposals/${DEMO.proposals.fitness}`, resident)
    expect(fitness).toMatchObject({ spent: 38_400, progress: 100 })
    expect(fitness.expenses?.at(-1)).toMatchObject({ amount: 2400, payee: '浙江康体健身器材厂' })

    await app.openStaffPage('workbench')
    await app.shown('微实事管理')
    await app.openStaffPage('budget-new')
    await app.shown('计票方式')
    await app.shot('budgets-staff-new')
  })
})
