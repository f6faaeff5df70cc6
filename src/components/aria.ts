/**
 * Accessibility attributes a component passes through to its element: Taro gives `role` and `aria-*` to both
 * WeChat (for its screen reader) and H5.
 */
export type AriaProps = { role?: string } & { [name: `aria-${string}`]: string | number | boolean | undefined }
