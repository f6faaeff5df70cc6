/**
 * CSV as Excel on a Chinese Windows desktop reads it: UTF-8 with a byte-order mark (without it Excel guesses GBK and
 * shows mojibake), RFC 4180 quoting, CRLF line ends.
 */

export const BOM = '\uFEFF'

/** A cell's value: null and undefined are empty cells. */
export type Cell = string | number | boolean | null | undefined

/**
 * Cells a spreadsheet would run as a formula (= + - @, and tab or carriage return, which Excel skips before them)
 * get a leading apostrophe, so user text such as `=HYPERLINK(…)` is shown, never run.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** A whole file: the BOM, the header row, then one line per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const line = (cells: readonly Cell[]) => cells.map(csvCell).join(',')
  return BOM + [header, ...rows].map(line).join('\r\n') + '\r\n'
}
