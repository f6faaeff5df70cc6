import type { Page } from 'playwright-core'

/** The figures a screen must meet, in CSS px (at a phone's width 1 CSS px ≈ 1 pt). */
export interface SizeTargets {
  /** Every tappable thing at least this wide and high. */
  tap: number
  /** Every visible text at least this size; undefined skips the text check. */
  font?: number
}

/** 适老化 (MIIT 《移动互联网应用（APP）适老化通用设计规范》): 60×60 targets and 18 pt text. */
export const ELDER_TARGETS: SizeTargets = { tap: 60, font: 18 }
/** Normal mode: the usual 44×44 targets. */
export const NORMAL_TARGETS: SizeTargets = { tap: 44 }

/** The buttons of Taro H5's own picker and modal, which listen without React. */
const OVERLAY_CONTROLS = '.weui-picker__action, .taro-model__btn'

/**
 * Measures what the user sees now, by computed size only: every visible tappable element (anything React gave a
 * tap handler, form controls, the tab bar's items, the picker's and the modal's buttons) by its bounding box, and
 * every visible text node by its computed font size. Answers one line per offender, empty when all pass.
 */
export async function sizeOffenders(page: Page, targets: SizeTargets): Promise<string[]> {
  return page.evaluate(
    ({ tap, font, OVERLAY_CONTROLS }) => {
      const shown = (el: Element): boolean => {
        const rect = el.getBoundingClientRect()
        if (rect.width === 0 || rect.height === 0) return false
        for (let e: Element | null = el; e; e = e.parentElement) {
          const style = getComputedStyle(e)
          if (style.visibility === 'hidden' || style.display === 'none' || style.opacity === '0') return false
        }
        return true
      }
      const describe = (el: Element): string => {
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24)
        const name =
          el.tagName.toLowerCase() +
          (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/)[0]}` : '')
        return text ? `${name} "${text}"` : name
      }
      // Taro's H5 components keep their listeners in `__events`; Taro's own overlays (tab bar, picker, modal) are
      // links and plain elements with their own classes.
      const tappable = (el: Element): boolean => {
        if (el.matches(`input, textarea, button, a[href], taro-switch-core, taro-picker-core, ${OVERLAY_CONTROLS}`))
          return true
        const events = (el as Element & { __events?: Record<string, unknown> }).__events
        return Boolean(events && (events.click || events.tap))
      }
      const offenders: string[] = []
      const seen = new Set<Element>()
      for (const el of Array.from(document.querySelectorAll('*'))) {
        if (!tappable(el) || !shown(el)) continue
        // An input inside a tappable field box is measured by the box.
        const outer = el.parentElement?.closest('taro-input-core, taro-textarea-core')
        const target = outer ?? el
        if (seen.has(target)) continue
        seen.add(target)
        const { width, height } = target.getBoundingClientRect()
        if (width < tap - 0.5 || height < tap - 0.5) {
          offenders.push(`tap ${describe(target)}: ${width.toFixed(1)}×${height.toFixed(1)}`)
        }
      }
      if (font !== undefined) {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
        const reported = new Set<Element>()
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement
          if (!parent || !node.textContent?.trim() || reported.has(parent)) continue
          if (parent.closest('style, script, noscript') || !shown(parent)) continue
          const size = parseFloat(getComputedStyle(parent).fontSize)
          if (size < font - 0.05) {
            reported.add(parent)
            offenders.push(`text ${describe(parent)}: ${size.toFixed(1)} px`)
          }
        }
        for (const field of Array.from(document.querySelectorAll('input:not([type=checkbox]), textarea'))) {
          const size = parseFloat(getComputedStyle(field).fontSize)
          if (shown(field) && size < font - 0.05) offenders.push(`text ${describe(field)}: ${size.toFixed(1)} px`)
        }
      }
      return offenders
    },
    { ...targets, OVERLAY_CONTROLS },
  )
}
