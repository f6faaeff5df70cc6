import qrcode from 'qrcode-generator'

export interface QrRun {
  dark: boolean
  length: number
}

/**
 * The QR matrix of `value`, each row as runs of like modules, so a 21×21 code is ~200 Views rather than 441.
 * Level M survives a scratched or glary phone screen; the version grows with the text.
 */
export function qrRows(value: string): QrRun[][] {
  const qr = qrcode(0, 'M')
  qr.addData(value, /^\d+$/.test(value) ? 'Numeric' : 'Byte')
  qr.make()
  const count = qr.getModuleCount()
  const rows: QrRun[][] = []
  for (let r = 0; r < count; r++) {
    const runs: QrRun[] = []
    for (let c = 0; c < count; c++) {
      const dark = qr.isDark(r, c)
      const last = runs[runs.length - 1]
      if (last && last.dark === dark) last.length++
      else runs.push({ dark, length: 1 })
    }
    rows.push(runs)
  }
  return rows
}
