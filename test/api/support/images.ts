/**
 * Image files built byte by byte for the upload tests: the structure of a JPEG, PNG or WebP (markers, chunks, sizes,
 * CRCs) around placeholder pixel data, with the metadata a phone writes — EXIF with a GPS position and the camera,
 * XMP, text chunks — that the server must remove. The server never decodes pixels, so the placeholder is enough.
 */

/** What the metadata says, in ASCII: a test asserts that none of it is left in what the server keeps. */
export const SECRET_PLACE = 'GPS 31.2304N 121.4737E 幸福里3号楼'
export const SECRET_CAMERA = 'SpyPhone 15 Pro'

const ascii = (text: string) => [...Buffer.from(text, 'utf8')]
const u16be = (n: number) => [(n >> 8) & 0xff, n & 0xff]
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
const u16le = (n: number) => [n & 0xff, (n >> 8) & 0xff]
const u24le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff]
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff]

/**
 * A little-endian TIFF block as EXIF holds it: IFD0 with the camera's make, the orientation and a pointer to a GPS
 * IFD, whose latitude reference and a text tag carry SECRET_PLACE.
 */
export function exifBlock(orientation = 1): number[] {
  const make = [...ascii(SECRET_CAMERA), 0]
  const place = [...ascii(SECRET_PLACE), 0]
  // Layout: header (8), IFD0 (2 + 3×12 + 4 = 42) at 8, GPS IFD (2 + 2×12 + 4 = 30) at 50, make at 80, place after.
  const makeAt = 80
  const placeAt = makeAt + make.length
  const entry = (tag: number, type: number, count: number, value: number[]) => [
    ...u16le(tag),
    ...u16le(type),
    ...u32le(count),
    ...value,
  ]
  const ifd0 = [
    ...u16le(3),
    ...entry(0x010f, 2, make.length, u32le(makeAt)),
    ...entry(0x0112, 3, 1, [...u16le(orientation), 0, 0]),
    ...entry(0x8825, 4, 1, u32le(50)),
    ...u32le(0),
  ]
  const gps = [
    ...u16le(2),
    ...entry(0x0001, 2, 2, [0x4e, 0, 0, 0]),
    ...entry(0x001b, 7, place.length, u32le(placeAt)),
    ...u32le(0),
  ]
  return [0x49, 0x49, 0x2a, 0x00, ...u32le(8), ...ifd0, ...gps, ...make, ...place]
}

const segment = (marker: number, data: number[]) => [0xff, marker, ...u16be(data.length + 2), ...data]

/** A baseline JPEG of the size, with EXIF (GPS, camera, orientation), XMP and a comment unless told otherwise. */
export function jpeg(o: { width?: number; height?: number; orientation?: number; metadata?: boolean } = {}) {
  const { width = 640, height = 480, orientation = 1, metadata = true } = o
  const parts = [
    [0xff, 0xd8],
    segment(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    metadata ? segment(0xe1, [...ascii('Exif'), 0, 0, ...exifBlock(orientation)]) : [],
    metadata
      ? segment(0xe1, [...ascii('http://ns.adobe.com/xap/1.0/'), 0, ...ascii(`<x:xmpmeta>${SECRET_PLACE}</x:xmpmeta>`)])
      : [],
    segment(0xe2, [...ascii('ICC_PROFILE'), 0, 1, 1, 0x11, 0x22, 0x33]),
    metadata ? segment(0xfe, ascii(`taken at ${SECRET_PLACE}`)) : [],
    segment(0xdb, [0, ...new Array(64).fill(1)]),
    segment(0xc0, [8, ...u16be(height), ...u16be(width), 1, 1, 0x11, 0]),
    segment(0xc4, [0, ...new Array(16).fill(0), 0]),
    segment(0xda, [1, 1, 0, 0, 63, 0]),
    [0x12, 0x34, 0xff, 0x00, 0x56, 0x78, 0xff, 0xd0, 0x9a],
    [0xff, 0xd9],
  ]
  return Uint8Array.from(parts.flat())
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(bytes: number[]): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type: string, data: number[]) => {
  const typed = [...ascii(type), ...data]
  return [...u32be(data.length), ...typed, ...u32be(crc32(typed))]
}

/** A PNG of the size with tEXt, iTXt, tIME and eXIf chunks unless told otherwise. */
export function png(o: { width?: number; height?: number; metadata?: boolean } = {}) {
  const { width = 300, height = 200, metadata = true } = o
  const parts = [
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    chunk('IHDR', [...u32be(width), ...u32be(height), 8, 6, 0, 0, 0]),
    chunk('sRGB', [0]),
    metadata ? chunk('tEXt', [...ascii('Location'), 0, ...ascii(SECRET_PLACE)]) : [],
    metadata ? chunk('iTXt', [...ascii('Author'), 0, 0, 0, 0, 0, ...ascii(SECRET_CAMERA)]) : [],
    metadata ? chunk('tIME', [0x07, 0xea, 12, 6, 10, 30, 0]) : [],
    metadata ? chunk('eXIf', exifBlock()) : [],
    chunk('IDAT', [0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]),
    chunk('IEND', []),
  ]
  return Uint8Array.from(parts.flat())
}

const riffChunk = (type: string, data: number[]) => [
  ...ascii(type),
  ...u32le(data.length),
  ...data,
  ...(data.length % 2 ? [0] : []),
]

/** An extended WebP (VP8X) with a lossless image, and EXIF and XMP chunks unless told otherwise. */
export function webp(o: { width?: number; height?: number; metadata?: boolean } = {}) {
  const { width = 800, height = 600, metadata = true } = o
  const flags = metadata ? 0x08 | 0x04 : 0
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14)
  const body = [
    ...ascii('WEBP'),
    ...riffChunk('VP8X', [flags, 0, 0, 0, ...u24le(width - 1), ...u24le(height - 1)]),
    ...riffChunk('VP8L', [0x2f, ...u32le(bits), 0x00, 0x11, 0x22]),
    ...(metadata ? riffChunk('EXIF', exifBlock()) : []),
    ...(metadata ? riffChunk('XMP ', ascii(`<x:xmpmeta>${SECRET_PLACE}</x:xmpmeta>`)) : []),
  ]
  return Uint8Array.from([...ascii('RIFF'), ...u32le(body.length), ...body])
}

/** Whether `needle` occurs in `bytes`. */
export function contains(bytes: Uint8Array, needle: string | number[]): boolean {
  return Buffer.from(bytes).includes(Buffer.from(typeof needle === 'string' ? Buffer.from(needle) : needle))
}

/** A multipart form with the bytes as its `file`, as the mini-program's uploadFile sends it. */
export function photoForm(bytes: Uint8Array, name = 'photo.jpg', type = 'image/jpeg'): FormData {
  const form = new FormData()
  form.set('file', new File([new Uint8Array(bytes)], name, { type }))
  return form
}
