import { describe, expect, it } from 'vitest'
import type { AuthResult } from '@/shared/identity'
import { DEMO } from '@/server/db/seed'
import { useApp } from './support/app'
import { ELDER_TARGETS, NORMAL_TARGETS, sizeOffenders, type SizeTargets } from './support/sizes'
import { tap, tapText, visible } from './support/taro'

const app = useApp()

/** Every page a resident opens, by route, with the name its screenshots get. */
const RESIDENT_PAGES: [string, string][] = [
  ['wishes', 'pages/wishes/index'],
  ['wish-new', 'pages/wish-new/index'],
  ['wish-detail', `pages/wish-detail/index?id=${DEMO.wishes.claimed}`],
  ['stations', 'pages/stations/index'],
  ['station-detail', `pages/station-detail/index?id=${DEMO.stations.sunshine}`],
  ['my-bookings', 'pages/my-bookings/index'],
  ['topics', 'pages/topics/index'],
  ['topic-detail', `pages/topic-detail/index?id=${DEMO.topics.parking}`],
  ['topic-new', 'pages/topic-new/index'],
  ['notifications', 'pages/notifications/index'],
  ['invite-accept', 'pages/invite-accept/index'],
  ['me', 'pages/me/index'],
  ['contacts', 'pages/contacts/index'],
  ['party', 'pages/party/index'],
  ['activities', 'activities/pages/list/index'],
  ['activity-detail', `activities/pages/detail/index?id=${DEMO.activities.clinic}`],
  ['party-record', 'activities/pages/party-record/index'],
]

const STAFF_PAGES = [
  'workbench',
  'check-in',
  'station-manage',
  'station-bookings',
  'topic-review',
  'topic-manage',
  'comment-reports',
  'queue',
  'dashboard',
  'audit',
  'words',
  'residents',
  'activity-new',
  'activity-manage',
  'activity-check-in',
  'places',
  'invites',
]

const isElder = () => app.page.locator('.page--elder:visible').count()

/** Waits until the visible page has loaded what it shows (no spinner left), then lets it settle. */
async function settled() {
  await visible(app.page, '.page').waitFor()
  // A function, not a string: the app's Content-Security-Policy refuses string evaluation.
  await app.page.waitForFunction(
    () => !Array.from(document.querySelectorAll<HTMLElement>('.state--loading')).some((e) => e.offsetParent !== null),
  )
  await app.page.waitForTimeout(300)
}

/** Measures the screen as it is now; a screen with offenders is listed under its name. */
async function measure(offenders: Record<string, string[]>, name: string, targets: SizeTargets) {
  await settled()
  await app.shot(name)
  const found = await sizeOffenders(app.page, targets)
  if (found.length) offenders[name] = found
}

const offerShown = () => app.page.getByText('要打开长辈模式吗？').locator('visible=true').count()
const homeEntry = () => visible(app.page, '.elder-entry')

/** Logs in afresh (a new device for the app) and answers the elder-mode offer on the first page. */
async function answerOffer(nickname: string, answer: '不用了' | '打开长辈模式') {
  await app.loginAs(nickname)
  await app.shown('要打开长辈模式吗？')
  await app.shot('elder-offer')
  await tapText(app.page, answer)
  await expect.poll(offerShown).toBe(0)
}

/** Chromium's default font size, as a user sets it in the browser's settings (16 px unless changed). */
async function setBrowserFontSize(standard: number) {
  const cdp = await app.page.context().newCDPSession(app.page)
  await cdp.send('Page.setFontSizes', { fontSizes: { standard } })
}

describe('长辈模式 meets the 适老化 figures on the H5 app', () => {
  const ctx = {} as { resident: AuthResult; staff: AuthResult }

  it('offers elder mode once, on the first page after logging in, and keeps an entry on the home page', async () => {
    ctx.resident = await app.demoLogin('王小明')
    await answerOffer('王小明', '不用了')
    expect(await isElder()).toBe(0)

    // Asked once: not again on this device.
    await app.page.reload()
    await settled()
    expect(await offerShown()).toBe(0)

    // The home page keeps a way in, and out.
    await tap(homeEntry())
    await expect.poll(isElder).toBe(1)
    await app.shot('elder-home-entry-on')
    await tap(homeEntry())
    await expect.poll(isElder).toBe(0)
    await app.shot('elder-home-entry-off')

    // Saying yes to the offer turns it on at once.
    await answerOffer('王小明', '打开长辈模式')
    await expect.poll(isElder).toBe(1)
    await app.api('PATCH', '/api/me', ctx.resident.token, { elderMode: false })
  })

  it('follows a large system font: elder mode is on from the start, until the user turns it off', async () => {
    await setBrowserFontSize(24)
    try {
      await app.loginAs('王小明')
      await settled()
      await expect.poll(isElder).toBe(1)
      // Already on: nothing to offer.
      expect(await offerShown()).toBe(0)

      // The user's own choice wins over the system's size, also after a reload.
      await tap(homeEntry())
      await expect.poll(isElder).toBe(0)
      await app.page.reload()
      await settled()
      expect(await isElder()).toBe(0)
    } finally {
      await setBrowserFontSize(16)
    }
  })

  it('every resident page, picker, modal and form: targets ≥ 60×60 px and text ≥ 18 px in elder mode', async () => {
    // 李奶奶 has elder mode on; 刘芳 has done her wish, so she is asked to confirm it (with stars).
    const volunteer = await app.demoLogin('刘芳')
    await app.api('POST', `/api/wishes/${DEMO.wishes.claimed}/fulfil`, volunteer.token, {
      note: '药放门口了。',
      hours: 1,
    })
    await app.loginAs('李奶奶')
    const offenders: Record<string, string[]> = {}
    for (const [name, route] of RESIDENT_PAGES) {
      await app.openPage(route)
      expect(await isElder()).toBe(1)
      await measure(offenders, `elder-${name}`, ELDER_TARGETS)
    }

    // The forms and overlays opened from the pages.
    await app.openPage(`pages/wish-detail/index?id=${DEMO.wishes.claimed}`)
    await settled()
    await tapText(app.page, '确认完成并感谢')
    await visible(app.page, '.wish-actions__stars').waitFor()
    await measure(offenders, 'elder-wish-confirm-stars', ELDER_TARGETS)

    await app.openPage(`pages/station-detail/index?id=${DEMO.stations.sunshine}`)
    await settled()
    await tap(app.page.locator('.date-chip:visible', { hasText: '明天' }).first())
    await tap(visible(app.page, '.slot .slot__action'))
    await visible(app.page, '.slot-panel').waitFor()
    await measure(offenders, 'elder-station-booking-panel', ELDER_TARGETS)

    await app.openPage('pages/wish-new/index')
    await settled()
    await tap(visible(app.page, '.select-box'))
    await visible(app.page, '.weui-picker').waitFor()
    await app.page.waitForTimeout(600)
    await measure(offenders, 'elder-picker', ELDER_TARGETS)
    await tapText(app.page, '取消')

    await app.openPage('pages/me/index')
    await settled()
    await tapText(app.page, '退出登录')
    await app.shown('确定要退出登录吗？')
    await measure(offenders, 'elder-modal', ELDER_TARGETS)
    await tapText(app.page, '再想想')

    expect(offenders).toEqual({})
  })

  it('every staff page: targets ≥ 60×60 px and text ≥ 18 px in elder mode', async () => {
    ctx.staff = await app.demoLogin('陈主任')
    await app.api('PATCH', '/api/me', ctx.staff.token, { elderMode: true })
    await app.loginAs('陈主任')
    const offenders: Record<string, string[]> = {}
    for (const name of STAFF_PAGES) {
      await app.openStaffPage(name)
      expect(await isElder()).toBe(1)
      await measure(offenders, `elder-staff-${name}`, ELDER_TARGETS)
    }
    expect(offenders).toEqual({})
  })

  it('normal mode keeps every target at least 44×44 px', async () => {
    await app.api('PATCH', '/api/me', ctx.staff.token, { elderMode: false })
    await answerOffer('王小明', '不用了')
    const offenders: Record<string, string[]> = {}
    for (const [name, route] of RESIDENT_PAGES) {
      await app.openPage(route)
      expect(await isElder()).toBe(0)
      await measure(offenders, `normal-${name}`, NORMAL_TARGETS)
    }
    await app.loginAs('陈主任')
    for (const name of STAFF_PAGES) {
      await app.openStaffPage(name)
      await measure(offenders, `normal-staff-${name}`, NORMAL_TARGETS)
    }
    expect(offenders).toEqual({})
  })
})
