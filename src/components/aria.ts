/**
 * Accessibility attributes a component passes through to its element. H5 renders them as they are; in the weapp
 * build a tappable View carries its `role` (as WeChat's `aria-role`) and `aria-label`, and a Switch its
 * `aria-label` (config/aria-plugin.ts): what WeChat's screen reader (读屏) reads. `tabindex` only matters on H5.
 */
export type AriaProps = { role?: string; tabindex?: number } & {
  [name: `aria-${string}`]: string | number | boolean | undefined
}

/**
 * A tappable View made a control: its role, its name when the visible text does not say what it does, and on H5
 * a Tab stop that Enter and Space press (pressOnKeys). A control that is off (`disabled`) is said to be so and
 * leaves the Tab order.
 */
export const control = (role = 'button', label?: string, disabled?: boolean): AriaProps => ({
  role,
  'aria-label': label,
  'aria-disabled': disabled || undefined,
  tabindex: disabled ? -1 : 0,
})

/** A control that is one of a set, on or off: a chip, a date, a star, a ballot option. */
export const choice = (
  role: 'radio' | 'checkbox',
  checked: boolean,
  label?: string,
  disabled?: boolean,
): AriaProps => ({
  ...control(role, label, disabled),
  'aria-checked': checked,
})

/**
 * A Switch's name. WeChat reads `aria-label` off the switch itself; on H5 it belongs on the checkbox the switch
 * draws, which is also said to be a switch (on the outer element it would name nothing).
 */
export const switchLabel = (label: string) =>
  process.env.TARO_ENV === 'h5' ? { nativeProps: { role: 'switch', 'aria-label': label } } : { 'aria-label': label }

/**
 * H5: Enter and Space press the focused control, as they press a real button (a View gets only the click).
 * Called once at launch; the weapp build has no keyboard.
 */
export function pressOnKeys(): void {
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement
    const press = event.key === 'Enter' || event.key === ' '
    if (press && target.localName === 'taro-view-core' && target.getAttribute('role') && target.tabIndex >= 0) {
      event.preventDefault()
      target.click()
    }
  })
}
