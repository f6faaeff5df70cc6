import { describe, expect, it } from 'vitest'
import type { SurveyDetailDto } from '@/shared/surveys'
import type { TopicDetailDto } from '@/shared/topics'
import { SCORE_LABELS } from '@/shared/ratings'
import { DEMO } from '../../src/server/db/seed'
import { useApp } from './support/app'
import { tap, tapText, visible } from './support/taro'

const app = useApp()

const surveyPage = (id: string) => `surveys/pages/detail/index?id=${id}`
const OPEN_ITEMS = ['社区环境卫生', '工作人员服务态度', '党群服务驿站', '议事协商', '问题反馈办理']

/** Taps the star of a score for an item, by the name the screen reader reads. */
const star = (item: string, score: number) =>
  tap(visible(app.page, `[aria-label="${item} ${score}分 ${SCORE_LABELS[score]}"]`))

describe('群众满意度测评 in the browser', () => {
  it('a member answers the open survey with large stars and changes the answer; results of the closed one', async () => {
    await app.loginAs('王小明')
    await app.openPage('surveys/pages/list/index')
    await app.shown('十二月群众满意度测评')
    await app.shown('第三季度群众满意度测评')
    await app.shot('surveys-list')

    await app.openPage(surveyPage(DEMO.surveys.open))
    await app.shown('请为每一项打分')
    for (const [i, item] of OPEN_ITEMS.entries()) await star(item, [5, 4, 4, 3, 5][i]!)
    await visible(app.page, 'textarea').fill('驿站的健康咨询很方便')
    await app.shot('surveys-answer')
    await app.meetsSizes(false)
    await tapText(app.page, '提交评分')
    await app.shown('修改评分')
    await app.afterToast()
    const token = (await app.demoLogin('王小明')).token
    const saved = await app.api<SurveyDetailDto>('GET', `/api/surveys/${DEMO.surveys.open}`, token)
    expect(saved.myResponse).toMatchObject({ scores: [5, 4, 4, 3, 5], comment: '驿站的健康咨询很方便' })

    // Changed before close: the latest answer is the one kept.
    await star('议事协商', 2)
    await tapText(app.page, '修改评分')
    await app.afterToast()
    const changed = await app.api<SurveyDetailDto>('GET', `/api/surveys/${DEMO.surveys.open}`, token)
    expect(changed.myResponse?.scores).toEqual([5, 4, 4, 2, 5])

    await app.openPage(surveyPage(DEMO.surveys.closed))
    await app.shown('测评结果')
    await app.shown('4.25 分')
    await app.shown('4.50 分')
    await app.shown('3.25 分')
    await app.shot('surveys-results')
  })

  it('in elder mode: stars and buttons of 60×60 pt and large text, answering and results', async () => {
    // 李奶奶 uses elder mode.
    await app.loginAs('李奶奶')
    await app.openPage(surveyPage(DEMO.surveys.open))
    await app.shown('请为每一项打分')
    for (const item of OPEN_ITEMS) await star(item, 4)
    await app.shot('surveys-answer-elder')
    await app.meetsSizes(true)
    await tapText(app.page, '提交评分')
    await app.shown('修改评分')
    await app.afterToast()

    await app.openPage(surveyPage(DEMO.surveys.closed))
    await app.shown('测评结果')
    await app.shown('4.25 分')
    await app.shot('surveys-results-elder')
    await app.meetsSizes(true)

    // Her health check, checked in and rated: the stars she gave.
    await app.openPage('pages/my-bookings/index')
    await tapText(app.page, '历史')
    await app.shown('您的评价')
    await app.shot('bookings-rated-elder')
  })

  it('staff open a survey with its items and read its results at once', async () => {
    await app.loginAs('陈主任')
    await app.openStaffPage('surveys')
    await app.shown('发起测评')
    await visible(app.page, 'input[placeholder="例如：第四季度群众满意度测评"]').fill('一月群众满意度测评')
    await app.shot('staff-surveys')
    await tapText(app.page, '发起测评并通知居民')
    await app.shown('一月群众满意度测评')
    await app.afterToast()
    await tapText(app.page, '查看结果')
    await app.shown('共4人参与')
    await app.shot('staff-surveys-results')
  })

  it('a voter rates a topic once its outcome is out, with the same stars', async () => {
    const staff = await app.demoLogin('陈主任')
    const resident = await app.demoLogin('王小明')
    const proposed = await app.api<TopicDetailDto>('POST', '/api/topics', resident.token, {
      communityId: DEMO.communities.sunshine,
      title: '小区南门加装雨棚',
      body: '南门口下雨天等车没有地方躲雨，大家看看要不要加装雨棚。',
    })
    const opened = await app.api<TopicDetailDto>('POST', `/api/topics/${proposed.id}/review`, staff.token, {
      approve: true,
      options: ['加装', '不加装'],
      maxChoices: 1,
      votingOpensAt: new Date(Date.now() - 60_000).toISOString(),
      votingClosesAt: new Date(Date.now() + 24 * 3_600_000).toISOString(),
      resultsVisibility: 'always',
    })
    await app.api('PUT', `/api/topics/${proposed.id}/ballot`, resident.token, { optionIds: [opened.options[0]!.id] })
    await app.api('POST', `/api/topics/${proposed.id}/close`, staff.token)
    await app.api('POST', `/api/topics/${proposed.id}/outcome`, staff.token, {
      summary: '按居民意见加装雨棚，物业下周施工。',
    })

    await app.loginAs('王小明')
    await app.openPage(`pages/topic-detail/index?id=${proposed.id}`)
    await app.shown('评价这次议事')
    await star('对这次议事的过程和结果，您满意吗？', 4)
    await app.shot('topic-rating')
    await tapText(app.page, '提交评价')
    await app.shown('您的评价')
    await app.afterToast()
    const topic = await app.api<TopicDetailDto>('GET', `/api/topics/${proposed.id}`, resident.token)
    expect(topic).toMatchObject({ myRating: 4, mayRate: false })
  })
})
