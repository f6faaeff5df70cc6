import {
  AREA_MAX,
  BUILDING_NAME_MAX,
  IMPORT_MAX_ROWS,
  ROOM_MAX,
  UNIT_MAX,
  normalizePlaceText,
} from '../../../shared/places'

/** One household row of an import, checked, with the line it came from. */
export interface HouseholdRow {
  line: number
  building: string
  unit: string
  room: string
  /** As text, two decimals at most, for numeric(8,2); null when the row gives none. */
  areaM2: string | null
}

export interface ParsedImport {
  rows: HouseholdRow[]
  errors: { line: number; message: string }[]
  /** The text has more than IMPORT_MAX_ROWS rows: nothing of it is imported. */
  tooMany: boolean
}

/**
 * Reads the households of a `楼栋,单元,房号,面积` table, as staff make it in Excel or WPS and save or paste it:
 * - a UTF-8 byte order mark is dropped; lines end in CRLF, LF or CR;
 * - fields are separated by a comma, a full-width comma (，, typed with a Chinese input method) or a tab (what a
 *   copy from a spreadsheet pastes); a field in double quotes may hold any of them, `""` being one quote;
 * - each field is trimmed, and full-width digits and letters read as ASCII (１２０１ is 1201);
 * - the first line is a header, and skipped, when one of its fields is 楼栋 or 房号;
 * - blank lines are skipped; a line with three fields has no area; 面积 may end in ㎡, m2, 平方米 or 平米;
 * - any other line is an error with its number (1-based, as an editor shows it) and what to fix, in Chinese;
 *   a household given twice is an error on its second line. Nothing is dropped without a word.
 */
export function parseHouseholdsCsv(text: string): ParsedImport {
  const rows: HouseholdRow[] = []
  const errors: { line: number; message: string }[] = []
  const seen = new Map<string, number>()
  let first = true
  for (const { line, fields } of records(text.replace(/^\uFEFF/, ''))) {
    const cells = fields.map(normalizePlaceText)
    if (cells.every((cell) => cell === '')) continue
    if (first) {
      first = false
      if (cells.some((cell) => cell === '楼栋' || cell === '房号')) continue
    }
    if (rows.length + errors.length >= IMPORT_MAX_ROWS) {
      return { rows, errors, tooMany: true }
    }
    const problem = checkRow(cells)
    if (typeof problem === 'string') {
      errors.push({ line, message: problem })
      continue
    }
    const key = JSON.stringify([problem.building, problem.unit, problem.room])
    const earlier = seen.get(key)
    if (earlier !== undefined) {
      errors.push({ line, message: `与第${earlier}行是同一户，已跳过这一行` })
      continue
    }
    seen.set(key, line)
    rows.push({ line, ...problem })
  }
  return { rows, errors, tooMany: false }
}

function checkRow(cells: string[]): Omit<HouseholdRow, 'line'> | string {
  if (cells.length < 3 || cells.length > 4) {
    return `应为4列：楼栋,单元,房号,面积（单元和面积可以空着），这一行有${cells.length}列`
  }
  const [building = '', unit = '', room = '', area = ''] = cells
  if (building === '') return '缺少楼栋，请填写，例如 3号楼'
  if (building.length > BUILDING_NAME_MAX) return `楼栋最多${BUILDING_NAME_MAX}个字`
  if (unit.length > UNIT_MAX) return `单元最多${UNIT_MAX}个字`
  if (room === '') return '缺少房号，请填写，例如 1201'
  if (room.length > ROOM_MAX) return `房号最多${ROOM_MAX}个字`
  if (area === '') return { building, unit, room, areaM2: null }
  const number = area.replace(/\s*(㎡|m2|m²|平方米|平米)$/i, '')
  if (!/^\d+(\.\d{1,2})?$/.test(number)) return `面积“${area}”不是数字，请填写如 89.5 的数字（最多两位小数），或空着`
  const value = Number(number)
  if (value <= 0) return '面积应大于0'
  if (value >= AREA_MAX) return '面积太大了，请检查'
  return { building, unit, room, areaM2: number }
}

const SEPARATORS = new Set([',', '，', '\t'])

/** The records of the text, each with the line it starts on; a quoted field may span lines. */
function* records(text: string): Generator<{ line: number; fields: string[] }> {
  let line = 1
  let start = 1
  let fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') {
        quoted = false
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++
        field += ch
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true
      field = ''
    } else if (SEPARATORS.has(ch)) {
      fields.push(field)
      field = ''
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      fields.push(field)
      yield { line: start, fields }
      fields = []
      field = ''
      line++
      start = line
    } else {
      field += ch
    }
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field)
    yield { line: start, fields }
  }
}
