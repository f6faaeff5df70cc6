import { describe, expect, it } from 'vitest'
import { cleanImage, ImageRefused, sniffImage } from '../../../src/server/features/uploads/image'
import { contains, jpeg, png, SECRET_CAMERA, SECRET_PLACE, webp } from '../../api/support/images'

const refusal = (bytes: Uint8Array) => {
  try {
    cleanImage(bytes)
  } catch (error) {
    if (error instanceof ImageRefused) return error.reason
    throw error
  }
  return 'accepted'
}

/** Every prefix of the bytes shorter than the whole: each cut short somewhere in its structure. */
const truncations = (bytes: Uint8Array) =>
  [1, 2, 3, 7, 8, 11, 12, 16, 20, 30, 40, bytes.length - 1].map((n) => bytes.subarray(0, n))

describe('sniffing images by their bytes', () => {
  it('knows a JPEG, a PNG and a WebP by their first bytes', () => {
    expect(sniffImage(jpeg())).toBe('image/jpeg')
    expect(sniffImage(png())).toBe('image/png')
    expect(sniffImage(webp())).toBe('image/webp')
  })

  it('knows nothing else: text, a GIF, a RIFF that is not WebP, nothing at all', () => {
    expect(sniffImage(Buffer.from('这不是图片，只是一段文字'))).toBeNull()
    expect(sniffImage(Buffer.from('GIF89a\x01\x00\x01\x00'))).toBeNull()
    expect(sniffImage(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt '))).toBeNull()
    expect(sniffImage(new Uint8Array())).toBeNull()
    expect(refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('unsupported')
  })

  it('refuses each kind cut short anywhere as malformed, never reading past the end', () => {
    for (const image of [jpeg(), png(), webp()]) {
      for (const cut of truncations(image)) {
        expect(['malformed', 'unsupported']).toContain(refusal(cut))
      }
    }
    expect(refusal(jpeg().subarray(0, 40))).toBe('malformed')
    expect(refusal(png().subarray(0, 40))).toBe('malformed')
    expect(refusal(webp().subarray(0, 40))).toBe('malformed')
  })

  it('refuses a size no camera takes, and a zero side', () => {
    expect(refusal(png({ width: 0, height: 10 }))).toBe('malformed')
    expect(refusal(png({ width: 30_000, height: 10 }))).toBe('malformed')
  })
})

describe('cleaning the metadata out', () => {
  it('takes EXIF (with GPS and the camera), XMP and comments out of a JPEG, and keeps JFIF, ICC and the pixels', () => {
    const before = jpeg({ width: 640, height: 480 })
    expect(contains(before, SECRET_PLACE) && contains(before, SECRET_CAMERA)).toBe(true)
    const clean = cleanImage(before)
    expect(clean).toMatchObject({ type: 'image/jpeg', width: 640, height: 480 })
    expect(contains(clean.bytes, SECRET_PLACE)).toBe(false)
    expect(contains(clean.bytes, SECRET_CAMERA)).toBe(false)
    expect(contains(clean.bytes, 'Exif')).toBe(false)
    expect(contains(clean.bytes, 'http://ns.adobe.com/xap')).toBe(false)
    expect(contains(clean.bytes, 'JFIF')).toBe(true)
    expect(contains(clean.bytes, 'ICC_PROFILE')).toBe(true)
    // The image data, to the end, as it was.
    expect(contains(clean.bytes, [0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 63, 0, 0x12, 0x34, 0xff, 0x00])).toBe(true)
    expect([...clean.bytes.subarray(-2)]).toEqual([0xff, 0xd9])
    // What follows the image's end (a second picture, a maker's trailer) is dropped.
    const trailer = Buffer.from(`SEFH ${SECRET_PLACE}`)
    const withTrailer = cleanImage(Uint8Array.from([...before, ...trailer]))
    expect(withTrailer.bytes).toEqual(clean.bytes)
    // Cleaning what is clean changes nothing.
    expect(cleanImage(clean.bytes).bytes).toEqual(clean.bytes)
  })

  it("keeps a JPEG's orientation alone, as a one-tag EXIF, and reports the size as shown", () => {
    const clean = cleanImage(jpeg({ width: 640, height: 480, orientation: 6 }))
    expect(clean).toMatchObject({ width: 480, height: 640 })
    expect(contains(clean.bytes, SECRET_PLACE)).toBe(false)
    expect(contains(clean.bytes, SECRET_CAMERA)).toBe(false)
    // APP1 "Exif\0\0", big-endian TIFF, one IFD entry: Orientation (0x0112), SHORT, 1, value 6.
    const orientation = [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06]
    expect(contains(clean.bytes, [0xff, 0xe1, 0x00, 0x22, ...Buffer.from('Exif\0\0MM\0*')])).toBe(true)
    expect(contains(clean.bytes, orientation)).toBe(true)
    expect(cleanImage(clean.bytes)).toMatchObject({ width: 480, height: 640 })
  })

  it('takes tEXt, iTXt, tIME and eXIf out of a PNG, and keeps IHDR, sRGB, IDAT and IEND', () => {
    const clean = cleanImage(png({ width: 300, height: 200 }))
    expect(clean).toMatchObject({ type: 'image/png', width: 300, height: 200 })
    for (const gone of [SECRET_PLACE, SECRET_CAMERA, 'tEXt', 'iTXt', 'tIME', 'eXIf']) {
      expect(contains(clean.bytes, gone), gone).toBe(false)
    }
    for (const kept of ['IHDR', 'sRGB', 'IDAT', 'IEND']) expect(contains(clean.bytes, kept), kept).toBe(true)
    expect(clean.bytes).toEqual(png({ width: 300, height: 200, metadata: false }))
  })

  it('takes EXIF and XMP out of a WebP, clears their flags and writes the RIFF size anew', () => {
    const clean = cleanImage(webp({ width: 800, height: 600 }))
    expect(clean).toMatchObject({ type: 'image/webp', width: 800, height: 600 })
    expect(contains(clean.bytes, SECRET_PLACE)).toBe(false)
    expect(contains(clean.bytes, 'EXIF')).toBe(false)
    expect(contains(clean.bytes, 'XMP ')).toBe(false)
    expect(clean.bytes).toEqual(webp({ width: 800, height: 600, metadata: false }))
    expect(Buffer.from(clean.bytes).readUInt32LE(4)).toBe(clean.bytes.length - 8)
  })

  it('reads the size of a simple lossy WebP', () => {
    const vp8 = [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01, 0, 0]
    const body = [...Buffer.from('WEBPVP8 '), vp8.length, 0, 0, 0, ...vp8]
    const bytes = Uint8Array.from([...Buffer.from('RIFF'), body.length, 0, 0, 0, ...body])
    expect(cleanImage(bytes)).toMatchObject({ type: 'image/webp', width: 640, height: 480 })
  })
})
