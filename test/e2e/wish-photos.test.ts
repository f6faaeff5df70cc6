import { AxeBuilder } from '@axe-core/playwright'
import { describe, expect, it } from 'vitest'
import { useApp } from './support/app'
import { dragPicker, tap, tapText, visible } from './support/taro'

const app = useApp()

/** axe's serious and critical findings on the open page. */
async function seriousViolations(): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page: app.page }).analyze()
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)
}

/** A thing's photos as shown (not the picker's, whose tiles are the grid's too). */
const SHOWN = '.photo-grid:not(.photo-picker)'

/** A real photo for the browser to show: a PNG of the page itself, as Chromium draws it. */
const aPhoto = async () => app.page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: 300, height: 200 } })

describe('photos on a wish, on the H5 app', () => {
  it('a resident adds photos to a new wish, they upload at once, and the wish shows them', async () => {
    const resident = await app.demoLogin('王小明')
    await app.api('PATCH', '/api/me', resident.token, { elderMode: false })
    await app.loginAs('王小明')
    await app.openPage('pages/wish-new/index')
    await visible(app.page, 'input[placeholder="想请邻居帮什么忙"]').fill('楼道灯坏了请人帮忙换')
    await tap(visible(app.page, '.select-box'))
    await dragPicker(app.page, 0)

    const photo = await aPhoto()
    const chooser = app.page.waitForEvent('filechooser')
    await tap(visible(app.page, '.photo-picker__add'))
    await (
      await chooser
    ).setFiles([
      { name: 'lamp.png', mimeType: 'image/png', buffer: photo },
      { name: 'lamp-2.png', mimeType: 'image/png', buffer: photo },
    ])
    // Each is shown from the server once uploaded.
    await app.page.locator('.photo-picker__image img[src*="/api/uploads/"]').nth(1).waitFor()
    await expect(app.page.locator('.photo-picker__item').count()).resolves.toBe(2)
    await app.shot('wish-new-photos')
    expect(await seriousViolations()).toEqual([])
    // One removed before posting.
    await tap(visible(app.page, '.photo-picker__remove'))
    await expect(app.page.locator('.photo-picker__item').count()).resolves.toBe(1)

    await tapText(app.page, '提交心愿')
    await app.page.waitForURL(/wish-detail/)
    const image = app.page.locator(`${SHOWN} .photo-grid__image img`).first()
    await image.waitFor()
    // The browser loaded the image by its signed link, without a token.
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)
    await expect(app.page.locator(`${SHOWN} .photo-grid__item`).count()).resolves.toBe(1)
    await expect(visible(app.page, `${SHOWN} .photo-grid__item`).getAttribute('aria-label')).resolves.toContain(
      '查看第1张',
    )
    await app.shot('wish-detail-photos')
    expect(await seriousViolations()).toEqual([])

    await app.api('PATCH', '/api/me', resident.token, { elderMode: true })
    await app.page.reload()
    await app.page.locator(`.page--elder ${SHOWN} .photo-grid__image img`).first().waitFor()
    await app.shot('wish-detail-photos-elder')
    await app.openPage('pages/wish-new/index')
    await visible(app.page, '.photo-picker__add').waitFor()
    await app.shot('wish-new-photos-elder')
    await app.api('PATCH', '/api/me', resident.token, { elderMode: false })
  })
})
