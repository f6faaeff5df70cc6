/**
 * Not in CI yet (issue #24 stays open): with the router patch this reached 180/180 on a loaded machine and
 * 172/180 in CI's quiet run, so a race remains. `npm run test:e2e-stress` after `npm run build:h5`.
 */
import { describe, expect, it } from 'vitest'
import { DEMO } from '@/server/db/seed'
import { useApp } from '../e2e/support/app'
import { tapText, urlPageOnScreen } from '../e2e/support/taro'

// Every run logs in afresh: far more logins than the default limit of 10 a minute.
const app = useApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '10000' })

/** How long a page may take to show after the URL names it. */
const SHOWN_WITHIN = 5_000

/** Waits for the text on the visible page; false when it does not show in time. */
const showsText = (text: string) =>
  app.page
    .getByText(text, { exact: true })
    .locator('visible=true')
    .first()
    .waitFor({ timeout: SHOWN_WITHIN })
    .then(
      () => true,
      () => false,
    )

/** Starts the app afresh on the demo chooser, with nobody signed in. */
async function freshChooser(nickname: string) {
  await app.page.evaluate("localStorage.clear(); location.hash = '#/pages/login/index'")
  await app.page.reload()
  await app.page.getByText(nickname, { exact: true }).locator('visible=true').first().waitFor()
}

const people = [
  { role: 'staff', nickname: '陈主任', wish: DEMO.wishes.pending, button: '审核通过，发布' },
  { role: 'volunteer', nickname: '张志强', wish: DEMO.wishes.open, button: '我来认领' },
  { role: 'owner', nickname: '王小明', wish: DEMO.wishes.openElder, button: '取消心愿' },
] as const

const RUNS = 20

describe('H5 (stress): after login, the page on screen is the one the URL names', () => {
  it('log in, then change the URL at once: 20 runs per person and page', async () => {
    await app.page.goto(`${app.server.url}/#/pages/login/index`)
    const started = Date.now()
    const misses: string[] = []
    let runs = 0
    for (const person of people) {
      const targets = [
        { page: 'wish', route: `pages/wish-detail/index?id=${person.wish}`, text: person.button },
        { page: 'topic', route: `pages/topic-detail/index?id=${DEMO.topics.parking}`, text: '小区东门的空地怎么用？' },
        {
          page: 'station',
          route: `pages/station-detail/index?id=${DEMO.stations.sunshine}`,
          text: '阳光社区党群服务驿站',
        },
      ]
      for (const target of targets) {
        for (let run = 0; run < RUNS; run++) {
          await freshChooser(person.nickname)
          await tapText(app.page, person.nickname)
          await app.page.waitForURL(/pages\/wishes/)
          // What the old loginAs did: the URL says logged in, so the next page is opened straight away.
          await app.page.goto(`${app.server.url}/#/${target.route}`)
          const shown = (await showsText(target.text)) && (await urlPageOnScreen(app.page))
          runs++
          if (!shown) misses.push(`${person.role} ${target.page} run ${run + 1}`)
        }
      }
    }
    console.log(
      `login then URL change: ${runs - misses.length}/${runs} showed the URL's page in ${Date.now() - started} ms`,
    )
    expect(misses).toEqual([])
  }, 900_000)
})
