import Taro from '@tarojs/taro'

/** `color-danger` of src/styles/_tokens.scss: the modal takes a colour, not a CSS variable. */
export const DANGER_COLOR = '#b3261e'

export interface ConfirmOptions {
  title: string
  content: string
  /** The words of the button that goes ahead: what it does (取消心愿), never just 确定. */
  confirmText: string
  /** An action that undoes or takes away something (cancel, close, stop): its button is red. */
  danger?: boolean
}

/**
 * Asks before an action that cannot be taken back; true when the user goes ahead. The way back is always 再想想, so
 * a user who is unsure never does it by tapping the button they would tap to leave.
 */
export async function confirmAction({ title, content, confirmText, danger = false }: ConfirmOptions): Promise<boolean> {
  const { confirm } = await Taro.showModal({
    title,
    content,
    confirmText,
    cancelText: '再想想',
    ...(danger ? { confirmColor: DANGER_COLOR } : {}),
  })
  return confirm
}
