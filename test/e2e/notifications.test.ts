import { describe, expect, it } from 'vitest'
import type { WishDetailDto } from '@/shared/wishes'
import { screenshot } from './support/browser'
import { useApp } from './support/app'
import { openTab, tap, tapText, visible } from './support/taro'

const app = useApp()
const { api, demoLogin, loginAs, openPage } = app

async function openInboxFromMe() {
  await openTab(app.page, '我的')
  await visible(app.page, '.inbox-card__note').waitFor()
  await tapText(app.page, '查看消息')
  await app.page.waitForURL(/pages\/notifications/)
  await settle()
}

/** Lets the page's slide-in finish, so a screenshot shows the page and not the two halves of a transition. */
const settle = () => app.page.waitForTimeout(500)

describe('消息 on the H5 app', () => {
  it('a resident sees a message arrive after staff approve her wish, opens it, and marks the rest read', async () => {
    const [resident, staff] = [(await demoLogin('王小明')).token, (await demoLogin('陈主任')).token]
    const wish = await api<WishDetailDto>('POST', '/api/wishes', resident, {
      title: '帮忙修一下门锁',
      description: '家里门锁有点卡，想请会修的志愿者帮忙看看',
      category: 'other',
    })
    await api('POST', `/api/wishes/${wish.id}/review`, staff, { approve: true })

    await loginAs('王小明')
    await openInboxFromMe()
    await visible(app.page, '.inbox__item').waitFor()
    const first = await visible(app.page, '.inbox__item').textContent()
    expect(first).toContain('心愿已通过审核')
    expect(first).toContain('帮忙修一下门锁')
    expect(first).toContain('刚刚')
    expect(await visible(app.page, '.inbox__count').textContent()).toMatch(/^\d+条未读$/)
    await screenshot(app.page, 'notifications')

    await tap(visible(app.page, '.inbox__item'))
    await app.page.waitForURL(new RegExp(`wish-detail.*${wish.id}`))
    await app.page.locator('.wish-detail__title:visible', { hasText: '帮忙修一下门锁' }).waitFor()

    // The opened message is read; the others are marked all at once.
    await openPage('pages/notifications/index')
    await visible(app.page, '.inbox__item').waitFor()
    expect(await app.page.locator('.inbox__item:visible').first().getAttribute('class')).not.toContain('unread')

    await tapText(app.page, '全部标为已读')
    await app.page.locator('.inbox__head:visible').waitFor({ state: 'detached' })
    expect(await app.page.locator('.inbox__item--unread:visible').count()).toBe(0)
    await screenshot(app.page, 'notifications-read')

    // In 我的, the card no longer counts unread messages.
    await openPage('pages/me/index')
    await app.page.locator('.inbox-card__note:visible', { hasText: '有新进展时' }).waitFor()
    await settle()
    await screenshot(app.page, 'me-inbox-read')
  })

  it('staff are told of a wish waiting for review, open it from 消息, and the 待办 count follows a decision (issue #18)', async () => {
    const resident = (await demoLogin('刘芳')).token
    const wish = await api<WishDetailDto>('POST', '/api/wishes', resident, {
      title: '帮忙换个楼道灯泡',
      description: '三楼楼道的灯坏了，晚上看不清台阶',
      category: 'other',
    })

    await loginAs('陈主任')
    await openInboxFromMe()
    const alert = app.page.locator('.inbox__item:visible').filter({ hasText: '帮忙换个楼道灯泡' }).first()
    await alert.waitFor()
    expect(await alert.innerText()).toContain('有心愿等待审核')
    await screenshot(app.page, 'notifications-staff')
    await tap(alert)
    await app.page.waitForURL(new RegExp(`wish-detail.*${wish.id}`))
    await app.page.locator('.wish-detail__title:visible', { hasText: '帮忙换个楼道灯泡' }).waitFor()

    // On the workbench the count drops as soon as the wish is approved there, not on the next visit.
    await openPage('staff/pages/workbench/index')
    const todo = app.page
      .locator('.entry-link:visible')
      .filter({ hasText: '待办' })
      .first()
      .locator('.entry-link__desc')
    await todo.filter({ hasText: '项等待处理' }).waitFor()
    const before = Number((await todo.innerText()).match(/^(\d+) 项/)![1])
    const card = app.page.locator('.application:visible').filter({ hasText: '帮忙换个楼道灯泡' }).first()
    await tap(card.getByText('通过', { exact: true }))
    await card.waitFor({ state: 'detached' })
    await todo.filter({ hasText: before > 1 ? `${before - 1} 项等待处理` : '暂时没有待办事项' }).waitFor()
    await settle()
    await screenshot(app.page, 'workbench-after-approve')
  })

  it('shows 李奶奶 her messages in elder mode', async () => {
    await loginAs('李奶奶')
    await openInboxFromMe()
    expect(await app.page.locator('.page--elder:visible').count()).toBe(1)
    await visible(app.page, '.inbox__item, .state--empty').waitFor()
    await screenshot(app.page, 'notifications-elder')
  })
})
