import { describe, expect, it } from 'vitest'
import type { AuthResult } from '@/shared/identity'
import type { CommentDto, CommentThreadDto, TopicDetailDto } from '@/shared/topics'
import { useApp } from './support/app'
import { tap, tapText, visible } from './support/taro'

const app = useApp()
const { api, demoLogin, loginAs, openStaffPage, afterToast, shown } = app
const shot = (name: string, options?: { fullPage?: boolean }) => app.shot(`staff-topics-${name}`, options)

type UrlMatch = (url: URL) => boolean
const apiPath =
  (pathname: string): UrlMatch =>
  (url) =>
    url.pathname === pathname

/**
 * A page's loading and error states: its request is held while the spinner is photographed, then answered with
 * the server's 503.
 */
async function loadingAndError(name: string, page: string, query: string, match: UrlMatch) {
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  await app.page.route(match, async (route) => {
    await held
    await route.continue().catch(() => undefined)
  })
  await openStaffPage(page, query)
  await visible(app.page, '.state--loading').waitFor()
  await shot(`${name}-loading`, { fullPage: false })
  release()
  await app.page.unroute(match)

  await app.page.route(match, (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'DB_UNAVAILABLE', message: '服务暂时繁忙，请稍后再试' } }),
    }),
  )
  await openStaffPage(page, query)
  await shown('没有加载出来')
  await shown('服务暂时繁忙，请稍后再试')
  await shot(`${name}-error`, { fullPage: false })
  await app.page.unroute(match)
}

/** An input or textarea by its placeholder, among what is visible. */
const box = (placeholder: string) => visible(app.page, `:is(input, textarea)[placeholder="${placeholder}"]`)

const PROPOSAL = {
  title: '东门空地增设非机动车棚',
  body: '电动车都停在楼道里，既挡路又有火灾隐患。建议在东门空地建一个带充电桩的车棚，大家投票决定建不建、建在哪。',
}

describe('议事协商 staff pages on the H5 app, by 陈主任 of 阳光社区', () => {
  const ctx = {} as {
    staff: AuthResult
    residents: Record<string, AuthResult>
    communityId: string
    topicId: string
    discussionId: string
    rude: CommentDto
    fair: CommentDto
  }

  it('approves a resident’s proposal with options, after the form says what is missing', async () => {
    ctx.staff = await demoLogin('陈主任')
    ctx.residents = {}
    for (const name of ['王小明', '李奶奶', '张志强', '刘芳']) ctx.residents[name] = await demoLogin(name)
    ctx.communityId = ctx.residents['王小明']!.user.communityId!
    const proposed = await api<TopicDetailDto>('POST', '/api/topics', ctx.residents['王小明']!.token, {
      communityId: ctx.communityId,
      ...PROPOSAL,
    })
    ctx.topicId = proposed.id
    expect(proposed.status).toBe('pending_review')

    await loginAs('陈主任')
    await openStaffPage('workbench')
    await shown('1 个议题等待审核')
    await shot('workbench')

    await loadingAndError('review', 'topic-review', '', apiPath('/api/topics'))

    await openStaffPage('workbench')
    await tap(app.page.locator('.entry-link:visible').filter({ hasText: '审核议题' }))
    await app.page.waitForURL(/staff\/pages\/topic-review/)
    await shown(PROPOSAL.title)
    await shown('共 1 个议题等待审核，先提出的排在前面')
    await shot('review-list')

    await tapText(app.page, '去审核 ›')
    await shown('通过并公开议题')
    await shown(PROPOSAL.body)
    await shot('review-form')

    // Nothing typed: the shared schema's messages, on the rows they are about, and nothing sent.
    await tapText(app.page, '通过并公开议题')
    await shown('请按红字提示修改后再提交')
    expect(await app.page.locator('.field__error:visible').allInnerTexts()).toContain('请填写选项')
    await box('例如：同意').fill('同意，建在东门')
    await box('例如：不同意').fill('同意，建在东门')
    await tapText(app.page, '＋ 添加选项')
    await box('例如：暂不表态').fill('不同意建车棚')
    await tapText(app.page, '通过并公开议题')
    await shown('选项不能重复')
    await shot('review-form-invalid')

    await box('例如：不同意').fill('同意，建在北门')
    // Results while voting: chosen in plain words.
    await tap(app.page.locator('.review-form__choice:visible').filter({ hasText: '投票期间就公开' }))
    await tapText(app.page, '通过并公开议题')
    await shown('已公开，投票时间')
    await shown('暂时没有待审核的议题')
    await afterToast()
    await shot('review-approved')

    const opened = await api<TopicDetailDto>('GET', `/api/topics/${ctx.topicId}`, ctx.staff.token)
    expect(opened.status).toBe('open')
    expect(opened.phase).toBe('voting')
    expect(opened.options.map((o) => o.label)).toEqual(['同意，建在东门', '同意，建在北门', '不同意建车棚'])
    expect(opened.maxChoices).toBe(1)
    expect(opened.resultsVisibility).toBe('always')
    const days = (Date.parse(opened.votingClosesAt!) - Date.parse(opened.votingOpensAt!)) / 86_400_000
    expect(days).toBe(7)
  })

  it('residents vote; staff see the tally, close voting, publish the outcome and post progress', async () => {
    const topic = await api<TopicDetailDto>('GET', `/api/topics/${ctx.topicId}`, ctx.staff.token)
    const [east, north, no] = topic.options
    const votes: [string, string][] = [
      ['王小明', east!.id],
      ['李奶奶', east!.id],
      ['张志强', north!.id],
      ['刘芳', no!.id],
    ]
    for (const [name, optionId] of votes) {
      await api('PUT', `/api/topics/${ctx.topicId}/ballot`, ctx.residents[name]!.token, { optionIds: [optionId] })
    }

    await openStaffPage('topic-manage')
    await shown(PROPOSAL.title)
    await shot('manage-list')
    await tap(app.page.locator('.topic-row:visible').filter({ hasText: PROPOSAL.title }))
    await app.page.waitForURL(/topic-manage\/index\?id=/)
    await shown('结束投票')
    const tally = await visible(app.page, '.result-bars').innerText()
    expect(tally).toContain('同意，建在东门')
    expect(tally).toContain('2票')
    await shot('manage-open')

    await tap(visible(app.page, '.topic-manage__close .action-button'))
    await app.page.locator('.taro-modal__foot').getByText('再想想').waitFor()
    expect(await app.page.locator('.taro-modal__text').innerText()).toContain('计票结果将被冻结')
    await shot('manage-close-confirm', { fullPage: false })
    await app.page.locator('.taro-modal__foot').getByText('结束投票').click()
    await shown('已冻结')
    await shown('投票已结束，这是最终结果')
    await afterToast()

    await tapText(app.page, '公布处理结果')
    await shown('处理结果请写2-1000个字')
    await shot('manage-outcome-invalid')
    await visible(app.page, '.follow-up textarea').fill(
      '按多数居民意见，在东门空地建车棚，设20个车位和8个充电桩，预计下月动工。',
    )
    // It cannot be changed once published: asked first (issue #18), and 再想想 publishes nothing.
    await tapText(app.page, '公布处理结果')
    await app.page.locator('.taro-modal__foot').getByText('再想想').waitFor()
    expect(await app.page.locator('.taro-modal__text').innerText()).toContain('公布后不能修改')
    await shot('manage-outcome-confirm', { fullPage: false })
    await app.page.locator('.taro-modal__foot').getByText('再想想').click()
    await app.page.locator('.taro-modal__foot').waitFor({ state: 'hidden' })
    expect((await api<TopicDetailDto>('GET', `/api/topics/${ctx.topicId}`, ctx.staff.token)).outcome).toBeNull()
    await tapText(app.page, '公布处理结果')
    await app.page.locator('.taro-modal__foot').getByText('确定公布').click()
    await shown('更新办理进展')
    await afterToast()

    for (let i = 0; i < 3; i++) await tap(visible(app.page, '[aria-label="进度增加"]'))
    await visible(app.page, '.follow-up textarea').fill('施工单位已进场，完成地面划线。')
    await tapText(app.page, '发布办理进展')
    await shown('施工单位已进场，完成地面划线。')
    await afterToast()
    await shot('manage-progress')

    const done = await api<TopicDetailDto>('GET', `/api/topics/${ctx.topicId}`, ctx.residents['王小明']!.token)
    expect(done.status).toBe('closed')
    expect(done.outcome?.summary).toContain('东门空地建车棚')
    expect(done.progress).toBe(30)
    expect(done.updates.map((u) => u.note)).toEqual(['施工单位已进场，完成地面划线。'])
  })

  it('lists comments reported three times; staff keep one hidden and restore the other', async () => {
    const now = Date.now()
    const discussion = await api<TopicDetailDto>('POST', '/api/topics', ctx.staff.token, {
      communityId: ctx.communityId,
      title: '小区广场舞时间调整',
      body: '有居民反映晚上广场舞音乐太吵，商量一下活动时间。',
      opening: {
        options: ['19:00-20:30', '18:30-20:00'],
        maxChoices: 1,
        votingOpensAt: new Date(now - 60_000).toISOString(),
        votingClosesAt: new Date(now + 7 * 86_400_000).toISOString(),
        resultsVisibility: 'after_close',
      },
    })
    ctx.discussionId = discussion.id

    await loadingAndError('reports', 'comment-reports', '', apiPath('/api/comments/reported'))
    await openStaffPage('comment-reports')
    await shown('没有待处理的举报')
    await shot('reports-empty')

    const post = (name: string, body: string) =>
      api<CommentDto>('POST', `/api/topics/${discussion.id}/comments`, ctx.residents[name]!.token, { body })
    ctx.rude = await post('王小明', '跳舞的都是些没素质的人，赶紧滚出小区')
    ctx.fair = await post('李奶奶', '跳舞是锻炼身体，希望大家互相体谅，音量小一点就好')
    const report = (comment: CommentDto, name: string, reason: string) =>
      api('POST', `/api/comments/${comment.id}/reports`, ctx.residents[name]!.token, { reason })
    for (const name of ['李奶奶', '张志强', '刘芳']) await report(ctx.rude, name, `${name}：人身攻击`)
    for (const name of ['王小明', '张志强', '刘芳']) await report(ctx.fair, name, '不同意她的说法')

    await openStaffPage('comment-reports')
    const card = (comment: CommentDto) =>
      app.page.locator('.reported:visible').filter({ hasText: comment.body! }).first()
    await card(ctx.rude).waitFor()
    await card(ctx.fair).waitFor()
    expect(await card(ctx.rude).innerText()).toContain('被举报 3 次')
    expect(await card(ctx.rude).innerText()).toContain('张志强：人身攻击')
    expect(await card(ctx.rude).innerText()).toContain('已被举报隐藏')
    expect(await card(ctx.rude).innerText()).toContain('小区广场舞时间调整')
    await shot('reports-list')

    await tap(card(ctx.rude).getByText('保持隐藏', { exact: true }))
    await tap(card(ctx.rude).getByText('确认保持隐藏', { exact: true }))
    await card(ctx.rude).getByText('原因请写2-200个字').waitFor()
    await shot('reports-invalid')
    await card(ctx.rude).locator('input').fill('含有人身攻击')
    await tap(card(ctx.rude).getByText('确认保持隐藏', { exact: true }))
    await card(ctx.rude).getByText('已隐藏', { exact: true }).waitFor()
    await afterToast()

    await tap(card(ctx.fair).getByText('恢复显示', { exact: true }))
    await card(ctx.fair).locator('input').fill('属于正常意见表达')
    await tap(card(ctx.fair).getByText('确认恢复', { exact: true }))
    await card(ctx.fair).getByText('已恢复显示', { exact: true }).waitFor()
    await shown('这些举报都处理完了，下拉刷新看看有没有新的')
    await afterToast()
    await shot('reports-decided')

    const page = await api<{ items: CommentThreadDto[] }>(
      'GET',
      `/api/topics/${discussion.id}/comments`,
      ctx.residents['张志强']!.token,
    )
    const seen = new Map(page.items.map((c) => [c.id, c]))
    expect(seen.get(ctx.rude.id)).toMatchObject({ hidden: true, body: null })
    expect(seen.get(ctx.fair.id)).toMatchObject({ hidden: false, body: ctx.fair.body })
    // Decided: off the queue.
    const queue = await api<{ items: unknown[] }>('GET', '/api/comments/reported', ctx.staff.token)
    expect(queue.items).toHaveLength(0)

    // The manage page shows the discussion too, the hidden comment marked, with 恢复显示 / 隐藏.
    await openStaffPage('topic-manage', `?id=${discussion.id}`)
    await shown(ctx.rude.body!)
    expect(await visible(app.page, '.staff-comments').innerText()).toContain('已隐藏')
    await loadingAndError('manage', 'topic-manage', `?id=${discussion.id}`, apiPath(`/api/topics/${discussion.id}`))
  })

  it('rejects a proposal with a reason, in elder mode', async () => {
    const proposed = await api<TopicDetailDto>('POST', '/api/topics', ctx.residents['刘芳']!.token, {
      communityId: ctx.communityId,
      title: '要求物业赔偿我家的花盆',
      body: '楼上装修把我家阳台的花盆砸坏了，要求物业赔偿。',
    })
    await api('PATCH', '/api/me', ctx.staff.token, { elderMode: true })

    await openStaffPage('workbench')
    await visible(app.page, '.page--elder').waitFor()
    await shown('1 个议题等待审核')
    await shot('workbench-elder')

    await openStaffPage('topic-review')
    await shown(proposed.title)
    await shot('review-list-elder')
    await tapText(app.page, '去审核 ›')
    await shown('通过并公开议题')
    await shot('review-form-elder')
    await tapText(app.page, '不通过')
    await tapText(app.page, '确认不通过')
    await shown('不通过时请写明原因，居民会看到')
    await shot('review-reject-invalid-elder')
    await visible(app.page, '.review-form textarea').fill('这是个人之间的纠纷，请联系物业或社区调解室处理')
    await tapText(app.page, '确认不通过')
    await shown('已退回「要求物业赔偿我家的花盆」')
    await shown('暂时没有待审核的议题')
    await afterToast()
    await shot('review-rejected-elder')
    const rejected = await api<TopicDetailDto>('GET', `/api/topics/${proposed.id}`, ctx.residents['刘芳']!.token)
    expect(rejected.status).toBe('rejected')
    expect(rejected.rejectReason).toBe('这是个人之间的纠纷，请联系物业或社区调解室处理')

    await openStaffPage('topic-manage', `?id=${ctx.topicId}`)
    await shown('施工单位已进场，完成地面划线。')
    await shot('manage-closed-elder')
    await openStaffPage('topic-manage', `?id=${ctx.discussionId}`)
    await shown('结束投票')
    await shot('manage-open-elder')
    await openStaffPage('topic-manage')
    await shown('小区广场舞时间调整')
    await shot('manage-list-elder')
    await openStaffPage('comment-reports')
    await shown('没有待处理的举报')
    await shot('reports-empty-elder')
    const another = await api<CommentDto>(
      'POST',
      `/api/topics/${ctx.discussionId}/comments`,
      ctx.residents['张志强']!.token,
      {
        body: '建议改到周末白天跳，晚上九点后一律关音乐',
      },
    )
    for (const name of ['王小明', '李奶奶']) {
      await api('POST', `/api/comments/${another.id}/reports`, ctx.residents[name]!.token, { reason: '跑题了' })
    }
    await openStaffPage('comment-reports')
    await shown(another.body!)
    // Two reports: still shown; staff may hide it, or keep it shown and dismiss the reports.
    expect(await visible(app.page, '.reported').innerText()).toContain('仍在显示')
    await shot('reports-list-elder')
    await tap(visible(app.page, '.reported').getByText('保持显示', { exact: true }))
    await visible(app.page, '.reported input').fill('讨论的是同一件事，不算跑题')
    await shot('reports-keep-shown-elder')
    await tap(visible(app.page, '.reported').getByText('确认保持显示', { exact: true }))
    await visible(app.page, '.reported').getByText('已保持显示', { exact: true }).waitFor()
    await afterToast()
    const kept = await api<{ items: CommentThreadDto[] }>(
      'GET',
      `/api/topics/${another.topicId}/comments`,
      ctx.residents['张志强']!.token,
    )
    expect(kept.items.find((c) => c.id === another.id)).toMatchObject({ hidden: false, body: another.body })
    await loadingAndError('reports-elder', 'comment-reports', '', apiPath('/api/comments/reported'))
  })
})
