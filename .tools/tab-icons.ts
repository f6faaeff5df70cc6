/**
 * Draws the tab-bar icons (src/assets/tabbar/*.png, 81×81 as WeChat asks) from the SVG shapes below.
 * Run by hand after changing a shape: `npx tsx .tools/tab-icons.ts` (needs Chromium at /usr/bin/chromium).
 * The PNGs are committed; builds never run this.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'

const OUT_DIR = path.join('src', 'assets', 'tabbar')
const SIZE = 81
const COLORS = { normal: '#4a4a4a', active: '#c8412f' }

/** 24×24 outlines; the active icon is the same shape, filled. */
const SHAPES: Record<string, string> = {
  wishes:
    '<path d="M12 20.5s-7.4-4.5-9.2-9C1.6 8.4 3.6 5 7 5c2 0 3.5 1.1 5 2.9C13.5 6.1 15 5 17 5c3.4 0 5.4 3.4 4.2 6.5-1.8 4.5-9.2 9-9.2 9z"/>',
  stations: '<path d="M3 10.5 12 3.5l9 7V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z"/>',
  topics: '<path d="M4 4.5h16a1 1 0 0 1 1 1V15a1 1 0 0 1-1 1H10l-5 4v-4H4a1 1 0 0 1-1-1V5.5a1 1 0 0 1 1-1z"/>',
  me: '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7z"/>',
}

function svg(shape: string, active: boolean): string {
  const color = active ? COLORS.active : COLORS.normal
  const fill = active ? color : 'none'
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="${SIZE}" height="${SIZE}"
    fill="${fill}" stroke="${color}" stroke-width="1.8" stroke-linejoin="round" stroke-linecap="round">${shape}</svg>`
}

async function main() {
  fs.mkdirSync(OUT_DIR, { recursive: true })
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tab-icons-'))
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
    viewport: { width: SIZE, height: SIZE },
  })
  try {
    const page = await browser.newPage()
    for (const [name, shape] of Object.entries(SHAPES)) {
      for (const active of [false, true]) {
        await page.setContent(`<body style="margin:0;background:transparent">${svg(shape, active)}</body>`)
        const file = path.join(OUT_DIR, `${name}${active ? '-active' : ''}.png`)
        await page.locator('svg').screenshot({ path: file, omitBackground: true })
        console.log(file, fs.statSync(file).size, 'bytes')
      }
    }
  } finally {
    await browser.close()
    fs.rmSync(profile, { recursive: true, force: true })
  }
}

void main()
