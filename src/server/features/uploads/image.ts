/**
 * Photos judged and cleaned by their bytes, without decoding them: what kind of image the bytes are (never the name
 * or the declared type), how large it is (from its header), and the same image with the metadata that could tell
 * where or when it was taken, or on what, removed — EXIF (with its GPS position), XMP, comments, text chunks. A photo
 * of a broken lamp must not publish where the reporter lives.
 *
 * Kept: what a viewer needs to show the image as it was taken — the pixels, the colour profile, transparency, the
 * JPEG's JFIF and Adobe segments, PNG's and WebP's animation chunks — and the JPEG's orientation, rewritten as an
 * EXIF segment of that one tag. Anything else, including chunks this file does not know and bytes after the image's
 * end, is dropped.
 */

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp'

export interface CleanImage {
  type: ImageType
  /** As shown: a JPEG turned by its orientation has its sides swapped. */
  width: number
  height: number
  bytes: Uint8Array
}

/** Why bytes are not an image this file accepts: not one of the three kinds, or one that is cut short or malformed. */
export class ImageRefused extends Error {
  constructor(
    readonly reason: 'unsupported' | 'malformed',
    detail: string,
  ) {
    super(detail)
    this.name = 'ImageRefused'
  }
}

/** Larger sides than any phone camera takes: a header that says so is lying. */
export const MAX_SIDE = 20_000

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** The kind of image the bytes are, by their first bytes; null when none of the three. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'image/png'
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp'
  return null
}

/** The image the bytes are, cleaned of its metadata; ImageRefused when they are not one this accepts. */
export function cleanImage(bytes: Uint8Array): CleanImage {
  const type = sniffImage(bytes)
  if (!type) throw new ImageRefused('unsupported', 'not a JPEG, PNG or WebP image')
  const clean = type === 'image/jpeg' ? cleanJpeg(bytes) : type === 'image/png' ? cleanPng(bytes) : cleanWebp(bytes)
  if (clean.width < 1 || clean.height < 1 || clean.width > MAX_SIDE || clean.height > MAX_SIDE) {
    throw new ImageRefused('malformed', `an image of ${clean.width}×${clean.height}`)
  }
  return { type, ...clean }
}

const malformed = (detail: string) => new ImageRefused('malformed', detail)

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length))
}

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!
const u32be = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8)
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)
const u32le = (b: Uint8Array, at: number) => u24le(b, at) + b[at + 3]! * 0x1000000

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

// ---- JPEG ----

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic): where the size is. */
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf])

/**
 * Segments kept before the image data: the tables and frame header (any non-APPn marker but the comment), JFIF and
 * JFXX (APP0), the ICC colour profile (APP2 "ICC_PROFILE"), Adobe's colour transform (APP14). APP1 (EXIF, XMP), the
 * other APPn and COM are dropped; the orientation is written back on its own.
 */
function keepJpegSegment(marker: number, data: Uint8Array): boolean {
  if (marker === 0xfe) return false
  if (marker < 0xe0 || marker > 0xef) return true
  if (marker === 0xe0) return ascii(data, 0, 5) === 'JFIF\0' || ascii(data, 0, 5) === 'JFXX\0'
  if (marker === 0xe2) return ascii(data, 0, 12) === 'ICC_PROFILE\0'
  if (marker === 0xee) return ascii(data, 0, 5) === 'Adobe'
  return false
}

function cleanJpeg(bytes: Uint8Array): { width: number; height: number; bytes: Uint8Array } {
  const kept: Uint8Array[] = [bytes.subarray(0, 2)]
  let orientation = 1
  let size: { width: number; height: number } | null = null
  let at = 2
  for (;;) {
    if (at + 1 >= bytes.length) throw malformed('the JPEG ends before its image data')
    if (bytes[at] !== 0xff) throw malformed(`no JPEG marker at ${at}`)
    const marker = bytes[at + 1]!
    // Fill bytes before a marker.
    if (marker === 0xff) {
      at++
      continue
    }
    // Markers without a length: TEM and the restart markers (out of place here, but harmless).
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2
      continue
    }
    if (marker === 0xd8 || marker === 0xd9) throw malformed('a JPEG marker out of place before its image data')
    if (at + 4 > bytes.length) throw malformed('the JPEG ends inside a segment header')
    const length = u16be(bytes, at + 2)
    if (length < 2 || at + 2 + length > bytes.length) throw malformed('a JPEG segment runs past the end')
    const data = bytes.subarray(at + 4, at + 2 + length)
    if (SOF_MARKERS.has(marker)) {
      if (data.length < 6) throw malformed('a short JPEG frame header')
      size = { height: u16be(data, 1), width: u16be(data, 3) }
    }
    if (marker === 0xe1 && ascii(data, 0, 6) === 'Exif\0\0') orientation = exifOrientation(data.subarray(6))
    if (marker === 0xda) {
      if (!size) throw malformed('JPEG image data before its frame header')
      // The scans as they are, to the end of the image: FF D9 appears in entropy-coded data only as that marker
      // (a data byte FF is followed by 00). What follows it is dropped: a second picture with its own EXIF (MPF),
      // a maker's trailer that may hold the position.
      const end = endOfImage(bytes, at)
      if (end < 0) throw malformed('the JPEG ends before its end-of-image marker')
      if (orientation !== 1) kept.splice(1, 0, orientationSegment(orientation))
      kept.push(bytes.subarray(at, end))
      const turned = orientation >= 5
      return {
        width: turned ? size.height : size.width,
        height: turned ? size.width : size.height,
        bytes: concat(kept),
      }
    }
    if (keepJpegSegment(marker, data)) kept.push(bytes.subarray(at, at + 2 + length))
    at += 2 + length
  }
}

/** Where the JPEG's image ends (just past its FF D9) searching from `from`; -1 when it has none. */
function endOfImage(bytes: Uint8Array, from: number): number {
  for (let at = from; at + 1 < bytes.length; at++) {
    if (bytes[at] === 0xff && bytes[at + 1] === 0xd9) return at + 2
  }
  return -1
}

/** The Orientation tag (0x0112) of an EXIF block's first IFD; 1 (as taken) when it has none or is malformed. */
function exifOrientation(tiff: Uint8Array): number {
  if (tiff.length < 8) return 1
  const order = ascii(tiff, 0, 2)
  if (order !== 'II' && order !== 'MM') return 1
  const le = order === 'II'
  const u16 = (at: number) => (le ? u16le(tiff, at) : u16be(tiff, at))
  const u32 = (at: number) => (le ? u32le(tiff, at) : u32be(tiff, at))
  const ifd = u32(4)
  if (ifd + 2 > tiff.length) return 1
  const count = u16(ifd)
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12
    if (entry + 12 > tiff.length) return 1
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8)
      return value >= 1 && value <= 8 ? value : 1
    }
  }
  return 1
}

/** An APP1 EXIF segment holding only the orientation: big-endian TIFF, one IFD of one SHORT entry. */
function orientationSegment(orientation: number): Uint8Array {
  const tiff = [
    ...[0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08],
    ...[0x00, 0x01],
    ...[0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00],
    ...[0x00, 0x00, 0x00, 0x00],
  ]
  const data = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, ...tiff]
  const length = data.length + 2
  return Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...data])
}

// ---- PNG ----

/**
 * Chunks kept: the critical ones, colour and transparency, physical size, animation (APNG). Text (tEXt, zTXt, iTXt),
 * EXIF (eXIf), the time (tIME) and anything private or unknown are dropped.
 */
const PNG_KEPT = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'cHRM',
  'gAMA',
  'iCCP',
  'sBIT',
  'sRGB',
  'cICP',
  'mDCV',
  'cLLI',
  'bKGD',
  'hIST',
  'pHYs',
  'sPLT',
  'acTL',
  'fcTL',
  'fdAT',
])

function cleanPng(bytes: Uint8Array): { width: number; height: number; bytes: Uint8Array } {
  const kept: Uint8Array[] = [bytes.subarray(0, 8)]
  let size: { width: number; height: number } | null = null
  let at = 8
  for (;;) {
    if (at + 12 > bytes.length) throw malformed('the PNG ends before its IEND chunk')
    const length = u32be(bytes, at)
    const type = ascii(bytes, at + 4, 4)
    const end = at + 12 + length
    if (end > bytes.length) throw malformed(`the PNG chunk ${type} runs past the end`)
    if (!size) {
      if (type !== 'IHDR' || length < 8) throw malformed('a PNG without IHDR first')
      size = { width: u32be(bytes, at + 8), height: u32be(bytes, at + 12) }
    }
    if (PNG_KEPT.has(type)) kept.push(bytes.subarray(at, end))
    at = end
    if (type === 'IEND') return { ...size, bytes: concat(kept) }
  }
}

// ---- WebP ----

/** Chunks kept: the image (VP8, VP8L, VP8X, ALPH), its colour profile and animation. EXIF, XMP and others go. */
const WEBP_KEPT = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ICCP', 'ANIM', 'ANMF'])
/** The VP8X flags that say an EXIF or XMP chunk follows. */
const VP8X_EXIF = 0x08
const VP8X_XMP = 0x04

function cleanWebp(bytes: Uint8Array): { width: number; height: number; bytes: Uint8Array } {
  const riffEnd = 8 + u32le(bytes, 4)
  if (riffEnd > bytes.length) throw malformed('the WebP ends before its RIFF size')
  const kept: Uint8Array[] = []
  let size: { width: number; height: number } | null = null
  let at = 12
  while (at < riffEnd) {
    if (at + 8 > riffEnd) throw malformed('a WebP chunk header runs past the end')
    const type = ascii(bytes, at, 4)
    const length = u32le(bytes, at + 4)
    const end = at + 8 + length + (length % 2)
    if (at + 8 + length > riffEnd) throw malformed(`the WebP chunk ${type} runs past the end`)
    const data = bytes.subarray(at + 8, at + 8 + length)
    if (at === 12) size = webpSize(type, data)
    if (WEBP_KEPT.has(type)) {
      const chunk = bytes.slice(at, Math.min(end, riffEnd))
      if (type === 'VP8X') chunk[8] = chunk[8]! & ~(VP8X_EXIF | VP8X_XMP)
      kept.push(chunk)
    }
    at = end
  }
  if (!size) throw malformed('a WebP without an image chunk')
  const body = concat(kept)
  const header = new Uint8Array(12)
  header.set(bytes.subarray(0, 4))
  new DataView(header.buffer).setUint32(4, body.length + 4, true)
  header.set(bytes.subarray(8, 12), 8)
  return { ...size, bytes: concat([header, body]) }
}

/** The canvas size from the first chunk of a WebP. */
function webpSize(type: string, data: Uint8Array): { width: number; height: number } {
  if (type === 'VP8X') {
    if (data.length < 10) throw malformed('a short VP8X chunk')
    return { width: u24le(data, 4) + 1, height: u24le(data, 7) + 1 }
  }
  if (type === 'VP8 ') {
    if (data.length < 10 || data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) {
      throw malformed('a VP8 chunk without its start code')
    }
    return { width: u16le(data, 6) & 0x3fff, height: u16le(data, 8) & 0x3fff }
  }
  if (type === 'VP8L') {
    if (data.length < 5 || data[0] !== 0x2f) throw malformed('a VP8L chunk without its signature')
    const bits = u32le(data, 1)
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
  }
  throw malformed(`a WebP that starts with ${type}`)
}
