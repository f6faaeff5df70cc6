import fs from 'node:fs'
import path from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import { describe, expect, it } from 'vitest'
import { DEMO } from '@/server/db/seed'
import { useApp } from './support/app'
import { visible } from './support/taro'

const app = useApp()

const AXE_DIR = path.resolve('.artifacts', 'axe')

const RESIDENT_PAGES = [
  'pages/wishes/index',
  'pages/stations/index',
  'pages/topics/index',
  'pages/me/index',
  `pages/wish-detail/index?id=${DEMO.wishes.open}`,
  'pages/wish-new/index',
  `pages/station-detail/index?id=${DEMO.stations.sunshine}`,
  'pages/my-bookings/index',
  `pages/topic-detail/index?id=${DEMO.topics.parking}`,
  'pages/topic-new/index',
  'pages/notifications/index',
  'pages/contacts/index',
  'pages/party/index',
  'pages/invite-accept/index',
  'budgets/pages/home/index',
  `budgets/pages/round/index?id=${DEMO.budgets.open}`,
  `budgets/pages/round/index?id=${DEMO.budgets.finished}`,
  `budgets/pages/proposal/index?id=${DEMO.proposals.lamps}`,
  `budgets/pages/ballot/index?id=${DEMO.budgets.open}`,
]

const STAFF_PAGES = [
  'staff/pages/workbench/index',
  'staff/pages/check-in/index',
  `staff/pages/station-manage/index?stationId=${DEMO.stations.sunshine}`,
  `staff/pages/service-edit/index?stationId=${DEMO.stations.sunshine}&serviceId=${DEMO.services.health}`,
  `staff/pages/station-bookings/index?stationId=${DEMO.stations.sunshine}`,
  'staff/pages/topic-review/index',
  `staff/pages/topic-manage/index?id=${DEMO.topics.parking}`,
  'staff/pages/comment-reports/index',
  'staff/pages/queue/index',
  'staff/pages/dashboard/index',
  'staff/pages/audit/index',
  'staff/pages/words/index',
  'staff/pages/residents/index',
  'staff/pages/places/index',
  'staff/pages/invites/index',
  'staff/pages/budget-new/index',
  `staff/pages/budget-review/index?id=${DEMO.budgets.open}`,
  `staff/pages/budget-spend/index?id=${DEMO.proposals.fitness}`,
]

/** Opens a page as a link would and waits until its data has loaded (no loading card left). */
async function openLoaded(route: string) {
  await app.openPage(route)
  await app.page.waitForFunction(() => !document.querySelector('.state--loading'), undefined, { timeout: 15_000 })
  await app.page.waitForTimeout(300)
}

/**
 * axe's serious and critical findings on the open page, one line each with the elements they point at. Every
 * finding, moderate ones too, goes to .artifacts/axe/<name>.json to be read after a run.
 */
async function seriousViolations(name: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page: app.page }).analyze()
  fs.mkdirSync(AXE_DIR, { recursive: true })
  const summary = violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }))
  fs.writeFileSync(path.join(AXE_DIR, `${name}.json`), JSON.stringify(summary, null, 1))
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)
}

async function setElderMode(nickname: string, elderMode: boolean) {
  const { token } = await app.demoLogin(nickname)
  await app.api('PATCH', '/api/me', token, { elderMode })
}

for (const [who, nickname, pages] of [
  ['resident', '刘芳', [...RESIDENT_PAGES, 'pages/login/index']],
  ['staff', '陈主任', [...STAFF_PAGES, ...RESIDENT_PAGES.slice(0, 4)]],
] as const) {
  for (const elderMode of [false, true]) {
    const mode = elderMode ? 'elder' : 'normal'
    describe(`axe-core on every ${who} page, ${mode} mode`, () => {
      it('logs in', async () => {
        await setElderMode(nickname, elderMode)
        await app.loginAs(nickname)
        expect(await app.page.locator('.page--elder:visible').count()).toBe(elderMode ? 1 : 0)
      })

      it.each(pages)('%s has no serious or critical violation', async (route) => {
        await openLoaded(route)
        if (route === 'pages/login/index') await visible(app.page, '.dev-user').waitFor()
        expect(await app.page.locator('.page--elder:visible').count()).toBe(elderMode ? 1 : 0)
        const name = route
          .replace(/\?.*$/, '')
          .replace(/\/index$/, '')
          .replace(/\//g, '-')
        await app.shot(`axe-${who}-${mode}-${name}`, { fullPage: false })
        expect(await seriousViolations(`${who}-${mode}-${name}`)).toEqual([])
      })
    })
  }
}

describe('key controls are controls to a screen reader and a keyboard', () => {
  const visibleRole = (...args: Parameters<typeof app.page.getByRole>) =>
    app.page
      .getByRole(...args)
      .locator('visible=true')
      .first()

  it('a booking slot is a button named by its time, which Enter presses', async () => {
    await app.loginAs('王小明')
    await openLoaded(`pages/station-detail/index?id=${DEMO.stations.sunshine}`)
    const tomorrow = visibleRole('radio', { name: /明天/ })
    await tomorrow.focus()
    await app.page.keyboard.press('Enter')
    await expect.poll(() => tomorrow.getAttribute('aria-checked')).toBe('true')
    const slot = visibleRole('button', { name: /^预约 \d{2}:\d{2}/ })
    await slot.waitFor()
    expect(await slot.getAttribute('tabindex')).toBe('0')
    await slot.focus()
    await app.page.keyboard.press('Enter')
    await visible(app.page, '.slot-panel').waitFor()
    await app.shot('a11y-slot-pressed-by-keyboard', { fullPage: false })
  })

  it('我来认领 is a button', async () => {
    await app.loginAs('刘芳')
    await openLoaded(`pages/wish-detail/index?id=${DEMO.wishes.open}`)
    const claim = visibleRole('button', { name: '我来认领' })
    await claim.waitFor()
    expect(await claim.getAttribute('tabindex')).toBe('0')
  })

  it('the elder-mode switch is a switch named 长辈模式, which Space turns on', async () => {
    await setElderMode('刘芳', false)
    await openLoaded('pages/me/index')
    const toggle = visibleRole('switch', { name: '长辈模式' })
    expect(await toggle.isChecked()).toBe(false)
    await toggle.focus()
    await app.page.keyboard.press('Space')
    await expect.poll(() => app.page.locator('.page--elder:visible').count()).toBe(1)
    expect(await toggle.isChecked()).toBe(true)
    await setElderMode('刘芳', false)
  })
})
