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

/** RFC 5987 encoding for `filename*`: percent-encoded UTF-8, with the few characters encodeURIComponent leaves. */
const rfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * The headers of a CSV download: a Chinese file name (`filename*`) with an ASCII one for clients that do not read
 * it, and no shared cache keeping a copy of residents' data.
 */
export function attachmentHeaders(file: { filename: string; asciiFilename: string }): Record<string, string> {
  return {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${file.asciiFilename}"; filename*=UTF-8''${rfc5987(file.filename)}`,
    'cache-control': 'private, no-store',
  }
}
