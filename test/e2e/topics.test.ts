import { describe, expect, it } from 'vitest'
import type { TopicDetailDto } from '@/shared/topics'
import { useApp } from './support/app'
import { openTab, tap, tapText, visible } from './support/taro'

const app = useApp()
const { api, demoLogin, loginAs, openPage, afterToast, shown } = app
const shot = (name: string) => app.shot(`topics-${name}`)

/** Opens a topic as a shared link would: the app starts on its page, with the signed-in user's session. */
async function openTopic(id: string) {
  await openPage(`pages/topic-detail/index?id=${id}`)
  await visible(app.page, '.topic__title').waitFor()
}

/** The 议事 tab from a page without the tab bar (a topic, the form), as a link would open it. */
async function openTopicsTab() {
  await openPage('pages/topics/index')
  await visible(app.page, '.chips').waitFor()
}

const TOPICS_API = /\/api\/topics(\?|$)/

/** The 议事 tab's list while loading (held back), failing, empty under a chip, and with data. */
async function listStates(suffix: string) {
  await app.page.route(TOPICS_API, async (route) => {
    await new Promise((r) => setTimeout(r, 2_500))
    await route.continue().catch(() => undefined)
  })
  await openTab(app.page, '议事')
  await visible(app.page, '.state--loading').waitFor()
  await shot(`list-loading${suffix}`)
  await app.page.unroute(TOPICS_API)
  await visible(app.page, '.topic-card').waitFor()

  await app.page.route(TOPICS_API, (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'DB_UNAVAILABLE', message: '服务暂时繁忙，请稍后再试' } }),
    }),
  )
  await tapText(app.page, '投票中')
  await visible(app.page, '.state--error').waitFor()
  expect(await visible(app.page, '.state--error').textContent()).toContain('服务暂时繁忙，请稍后再试')
  await shot(`list-error${suffix}`)
  await app.page.unroute(TOPICS_API)
  await tap(visible(app.page, '.state--error .action-button'))
  await visible(app.page, '.topic-card').waitFor()

  await tapText(app.page, '征集中')
  await visible(app.page, '.state--empty').waitFor()
  expect(await visible(app.page, '.state--empty').textContent()).toContain('没有正在征集意见的议题')
  await shot(`list-empty${suffix}`)

  await tapText(app.page, '全部')
  await visible(app.page, '.topic-card').waitFor()
}

const TITLE = '北门口的快递柜能不能挪个地方'
const BODY = '快递柜现在堵在北门人行道上，推婴儿车和坐轮椅的邻居过不去。想请大家商量挪到哪里合适。'

describe('议事协商 on the H5 app: propose, review, vote, discuss, close, outcome and progress', () => {
  const ctx = {} as { id: string; staffToken: string; options: TopicDetailDto['options'] }

  it('a resident sees the list in each state and proposes a topic, with validation messages first', async () => {
    await loginAs('王小明')
    await listStates('')
    const card = await visible(app.page, '.topic-card').textContent()
    expect(card).toContain('小区东门的空地怎么用？')
    expect(card).toContain('投票中')
    expect(card).toMatch(/参与率/)
    await shot('list')

    await tapText(app.page, '提出议题')
    await app.page.waitForURL(/topic-new/)
    await visible(app.page, 'input[placeholder="想和邻居商量什么事"]').fill('快递')
    await tapText(app.page, '提交议题')
    await shown('标题请写4-60个字')
    await shown('请填写议题说明')
    await shown('请按红字提示修改后再提交')
    await shot('new-invalid')

    // A word on the sensitive list: the server refuses, and the form says what to change.
    await visible(app.page, 'input[placeholder="想和邻居商量什么事"]').fill(TITLE)
    await visible(app.page, 'textarea').fill('门口有人聚众赌博')
    await tapText(app.page, '提交议题')
    await shown('标题或说明里有不适合公开的词语，请换个说法后再提交')
    await shot('new-rejected-word')

    await visible(app.page, 'textarea').fill(BODY)
    await tapText(app.page, '提交议题')
    await app.page.waitForURL(/topic-detail/)
    ctx.id = new URL(app.page.url().replace('#/', '')).searchParams.get('id')!
    expect(ctx.id).toMatch(/^[0-9a-f-]{36}$/)
    await shown('已提交，等待社区审核')
    expect(await visible(app.page, '.tag').textContent()).toBe('待审核')
    await shot('detail-pending')

    // Findable under 我提出的 in the list.
    await openTopicsTab()
    await tapText(app.page, '我提出的')
    await app.page.locator('.topic-card:visible', { hasText: TITLE }).first().waitFor()
  })

  it('staff approve it (through the API) with two choices and results after close; the resident votes', async () => {
    const staff = await demoLogin('陈主任')
    ctx.staffToken = staff.token
    const opened = await api<TopicDetailDto>('POST', `/api/topics/${ctx.id}/review`, staff.token, {
      approve: true,
      options: ['挪到北门内侧空地', '挪到物业楼下', '不用挪，加个雨棚'],
      maxChoices: 2,
      votingOpensAt: new Date(Date.now() - 60_000).toISOString(),
      votingClosesAt: new Date(Date.now() + 3 * 24 * 3_600_000).toISOString(),
      resultsVisibility: 'after_close',
    })
    expect(opened.status).toBe('open')
    ctx.options = opened.options

    await loginAs('王小明')
    await openTopic(ctx.id)
    await shown('距投票截止还有')
    await shown('可多选，最多选2项')
    await shown('投票结束后公布结果')
    expect(await app.page.locator('.vote-option--multi:visible').count()).toBe(3)

    const option = (label: string) => app.page.locator('.vote-option:visible', { hasText: label }).first()
    await tap(option('挪到北门内侧空地'))
    await tap(option('挪到物业楼下'))
    // A third is refused: two at most.
    await tap(option('不用挪，加个雨棚'))
    expect(await app.page.locator('.vote-option--on:visible').count()).toBe(2)
    await shot('detail-voting')
    await afterToast()
    await tap(visible(app.page, '.topic__vote'))
    await shown('您已投票，投票截止前可以修改')
    await afterToast()

    // Changes the vote: one option only now.
    await tap(option('挪到物业楼下'))
    await shown('确认修改投票')
    await tap(visible(app.page, '.topic__vote'))
    await shown('已投票（选别的项可以修改）')
    await afterToast()
    const mine = await api<TopicDetailDto>('GET', `/api/topics/${ctx.id}`, (await demoLogin('王小明')).token)
    expect(mine.myChoices).toEqual([ctx.options[0]!.id])

    // Comments, and a reply to it.
    await visible(app.page, '.comment-composer textarea').fill('挪到内侧空地最好，离单元门也近。')
    await tapText(app.page, '发表意见')
    await app.page.locator('.comment:visible', { hasText: '挪到内侧空地最好' }).first().waitFor()
    await afterToast()
    await tap(app.page.locator('.comment__action:visible', { hasText: '回复' }).first())
    await visible(app.page, '.comment-thread__reply-box textarea').fill('补充一句：晚上要有灯。')
    await tap(visible(app.page, '.comment-thread__reply-box .action-button--primary'))
    await app.page.locator('.comment--reply:visible', { hasText: '晚上要有灯' }).first().waitFor()
    await afterToast()
    await shot('detail-results-hidden')
  })

  it('李奶奶 in elder mode votes, reports a comment with a reason, and sees the results are hidden', async () => {
    await loginAs('李奶奶')
    await openTopic(ctx.id)
    expect(await app.page.locator('.page--elder:visible').count()).toBe(1)
    await tap(app.page.locator('.vote-option:visible', { hasText: '不用挪，加个雨棚' }).first())
    await tap(visible(app.page, '.topic__vote'))
    await shown('您已投票，投票截止前可以修改')
    await shown('投票结束后公布结果')
    await afterToast()
    await shot('detail-voting-elder')

    await tap(app.page.locator('.comment__action:visible', { hasText: '举报' }).first())
    await tapText(app.page, '提交举报')
    await shown('请选一个原因，或自己写几个字')
    await tapText(app.page, '广告或骚扰')
    await shot('detail-report-elder')
    await tapText(app.page, '提交举报')
    await shown('已举报')
    await afterToast()
    await shot('detail-results-hidden-elder')
  })

  it('staff close the topic and publish outcome and progress (through the API); residents see it all', async () => {
    await api('POST', `/api/topics/${ctx.id}/close`, ctx.staffToken)
    await api('POST', `/api/topics/${ctx.id}/outcome`, ctx.staffToken, {
      summary: '按多数居民意见，快递柜挪到北门内侧空地，并加装照明。物业负责施工，预计两周完成。',
    })
    await api('POST', `/api/topics/${ctx.id}/updates`, ctx.staffToken, {
      note: '已和快递柜运营方确认新位置，下周一开始施工。',
      progress: 40,
    })

    await loginAs('王小明')
    await openTopic(ctx.id)
    await visible(app.page, '.result-bars').waitFor()
    const bars = (await visible(app.page, '.result-bars').textContent()) ?? ''
    expect(bars).toContain('挪到北门内侧空地')
    expect(bars).toContain('1票')
    expect(bars).toContain('我投的')
    expect(bars).toContain('共2人投票')
    expect(bars).toContain('这是最终结果')
    await shown('按多数居民意见，快递柜挪到北门内侧空地')
    await shown('已和快递柜运营方确认新位置')
    expect(await visible(app.page, '.progress__figure').textContent()).toBe('40%')
    const timeline = (await visible(app.page, '.topic-timeline').textContent()) ?? ''
    expect(timeline).toContain('社区工作人员 陈主任')
    expect(timeline).toContain('审核通过，议题公开')
    expect(timeline).toContain('结束投票')
    expect(timeline).toContain('公布了处理结果')
    expect(timeline).toContain('更新了办理进展')
    await shown('议题已结束，不能再发表意见了。')
    await shot('detail-closed')

    // The list shows it ended, with its progress.
    await openTopicsTab()
    await tapText(app.page, '已结束')
    const card = app.page.locator('.topic-card:visible', { hasText: TITLE }).first()
    await card.waitFor()
    expect(await card.textContent()).toContain('40%')
  })

  it('shows the same in elder mode: the list states, the closed topic, and the form', async () => {
    await loginAs('李奶奶')
    await listStates('-elder')
    await shot('list-elder')
    await openTopic(ctx.id)
    await visible(app.page, '.result-bars').waitFor()
    expect(await app.page.locator('.page--elder:visible').count()).toBe(1)
    await shot('detail-closed-elder')

    await app.page.goto(`${app.server.url}/#/pages/topic-new/index`)
    await app.page.reload()
    await tapText(app.page, '提交议题')
    await shown('标题请写4-60个字')
    await shot('new-invalid-elder')
  })
})
