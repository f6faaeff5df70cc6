import { describe, expect, it } from 'vitest'
import { DEMO } from '@/server/db/seed'
import { useApp } from './support/app'
import { tapText, visible } from './support/taro'

// Many logins in a minute, as four people take turns: more than the per-address limit a real client meets.
const app = useApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '1000' })

const shown = (text: string) => app.page.getByText(text, { exact: true }).locator('visible=true').first()
const openActivity = (id: string) => app.openPage(`activities/pages/detail/index?id=${id}`)

/** Logs in from the chooser with elder mode set as asked, and closes the first-login offer if it comes. */
async function login(nickname: string, elderMode: boolean) {
  const { token } = await app.demoLogin(nickname)
  await app.api('PATCH', '/api/me', token, { elderMode })
  await app.loginAs(nickname)
  const offer = app.page.getByText('要打开长辈模式吗？').locator('visible=true')
  if (await offer.count()) await tapText(app.page, '不用了')
  return token
}

/** Issue #22: 社区活动, volunteer posts and 帮帮团, on the H5 app, in normal and in elder mode. */
describe('社区活动 on the H5 app', () => {
  for (const elder of [false, true]) {
    const mode = elder ? 'elder' : 'normal'

    it(`signs up with a check-in code, staff check it in, a volunteer takes a post (${mode})`, async () => {
      // A resident signs up for the sorting week (no seat limit) with her family of three: 王小明, and 李奶奶 in
      // elder mode.
      await login(elder ? '李奶奶' : '王小明', elder)
      await app.openPage('activities/pages/list/index')
      await shown('垃圾分类宣传周').waitFor()
      await app.shot(`activities-list-${mode}`)
      await tapText(app.page, '垃圾分类宣传周')
      await shown('报名参加').waitFor()
      await app.shot(`activity-page-${mode}`)
      await visible(app.page, '[aria-label="增加"]').click()
      await visible(app.page, '[aria-label="增加"]').click()
      await tapText(app.page, '报名')
      await shown('我的报名').waitFor()
      await app.afterToast()
      const digits = await visible(app.page, '.activity-detail__digits').innerText()
      expect(digits.replace(/\s/g, '')).toMatch(/^\d{8}$/)
      await app.shot(`activity-signed-up-${mode}`)

      // 陈主任 types the code he reads out.
      await login('陈主任', elder)
      await app.openStaffPage('activity-check-in')
      await visible(app.page, 'input').fill(digits)
      await tapText(app.page, '确认签到')
      await shown('签到成功').waitFor()
      await app.shot(`activity-check-in-${mode}`)

      // 刘芳 takes the 宣传员 post; elder mode reuses the same post, given back first.
      await login('刘芳', elder)
      await openActivity(DEMO.activities.sorting)
      await tapText(app.page, '认领宣传员')
      await shown('我的岗位').or(shown('放弃岗位')).first().waitFor()
      await app.afterToast()
      await app.shot(`activity-posts-${mode}`)
      await app.page.getByText('放弃岗位').locator('visible=true').first().click()
      await tapText(app.page, '放弃')
      await shown('认领宣传员').waitFor()
    })

    it(`a 帮帮团 wish takes a team of volunteers (${mode})`, async () => {
      const owner = await app.demoLogin('王小明')
      const wish = await app.api<{ id: string }>('POST', '/api/wishes', owner.token, {
        title: '帮忙搬运旧书柜',
        category: 'other',
        teamSize: 3,
      })
      const staff = await app.demoLogin('陈主任')
      await app.api('POST', `/api/wishes/${wish.id}/review`, staff.token, { approve: true })
      const first = await app.demoLogin('张志强')
      await app.api('POST', `/api/wishes/${wish.id}/claim`, first.token)

      try {
        await login('刘芳', elder)
        await app.openPage(`pages/wish-detail/index?id=${wish.id}`)
        await shown('加入帮帮团').waitFor()
        await tapText(app.page, '加入帮帮团')
        await shown('帮帮团 2/3人').waitFor()
        await app.afterToast()
        await app.shot(`team-wish-${mode}`)
        // The owner sees both members to call.
        await login('王小明', elder)
        await app.openPage(`pages/wish-detail/index?id=${wish.id}`)
        await shown('联系对方').waitFor()
        expect(await app.page.locator('.wish-detail__contact:visible').count()).toBe(2)
        await app.shot(`team-wish-owner-${mode}`)
      } finally {
        // Back to two live wishes, so the next run can post again.
        await app.api('POST', `/api/wishes/${wish.id}/cancel`, staff.token, { reason: '测试结束' })
      }
    })

    it(`shows a party member's yearly record (${mode})`, async () => {
      await login('张志强', elder)
      await app.openPage('activities/pages/party-record/index')
      await shown('小时志愿服务').waitFor()
      await app.shot(`party-record-${mode}`)
    })
  }
})
