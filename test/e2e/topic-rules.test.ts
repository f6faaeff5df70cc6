import { describe, expect, it } from 'vitest'
import type { TopicDetailDto } from '@/shared/topics'
import { DEMO } from '../../src/server/db/seed'
import { useApp } from './support/app'
import { tap, tapText, visible } from './support/taro'

const app = useApp()
const { api, demoLogin, loginAs, openPage, openStaffPage, shown, afterToast } = app
const shot = (name: string) => app.shot(`topic-rules-${name}`)

const ELEVATOR = DEMO.topics.elevator

/** The demo's 3号楼加装电梯: one building, one ballot per household, a 民法典 art. 278 major matter. */
describe('topics decided by the right people on the H5 app', () => {
  it('an owner of 3号楼 sees households and area beside heads and 未通过, and votes for the household', async () => {
    await loginAs('王小明')
    await openPage(`pages/topic-detail/index?id=${ELEVATOR}`)
    await visible(app.page, '.topic__title').waitFor()
    await shown('3号楼的住户投票')
    await visible(app.page, '.result-bars__passed').waitFor()
    const bars = await visible(app.page, '.result-bars').innerText()
    expect(bars).toContain('6/12户投票')
    expect(bars).toContain('未通过')
    expect(bars).toMatch(/5户 · [\d.]+㎡/)
    await shot('owner')
    await tapText(app.page, '同意加装')
    await tapText(app.page, '提交投票')
    await afterToast()
    await shown('7/12户投票')
    await shot('owner-voted')
  })

  it('a resident of another building is told why she cannot vote, in elder mode', async () => {
    await loginAs('李奶奶')
    await openPage(`pages/topic-detail/index?id=${ELEVATOR}`)
    await visible(app.page, '.page--elder').waitFor()
    await shown('您所在的楼栋不在其中')
    expect(await app.page.getByText('提交投票').count()).toBe(0)
    await shot('other-building-elder')
  })

  it('staff choose the building, one ballot per household and the major rule when approving', async () => {
    const resident = await demoLogin('王小明')
    const proposed = await api<TopicDetailDto>('POST', '/api/topics', resident.token, {
      communityId: DEMO.communities.sunshine,
      title: '3号楼楼道外墙翻新',
      body: '3号楼外墙脱落，拟使用维修资金翻新，请本楼业主表决。',
    })
    await loginAs('陈主任')
    for (const elder of [false, true]) {
      const staff = await demoLogin('陈主任')
      await api('PATCH', '/api/me', staff.token, { elderMode: elder })
      await openStaffPage('topic-review', `?id=${proposed.id}`)
      await shown('谁可以投票')
      if (elder) await visible(app.page, '.page--elder').waitFor()
      {
        await app.page.locator('input[placeholder="例如：同意"]').locator('visible=true').fill('同意翻新')
        await app.page.locator('input[placeholder="例如：不同意"]').locator('visible=true').fill('不同意')
        await tap(
          app.page
            .getByRole('checkbox', { name: /^3号楼，/ })
            .locator('visible=true')
            .first(),
        )
        await tapText(app.page, '重大事项（民法典第278条）')
        expect(await app.page.locator('[role="radio"][aria-checked="true"]').allInnerTexts()).toEqual(
          expect.arrayContaining([expect.stringContaining('每户一票'), expect.stringContaining('同意翻新')]),
        )
      }
      await shot(elder ? 'review-elder' : 'review')
    }
    const staff = await demoLogin('陈主任')
    await api('PATCH', '/api/me', staff.token, { elderMode: false })
  })
})
