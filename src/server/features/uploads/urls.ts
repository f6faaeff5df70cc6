import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Clock } from '../../lib/clock'

/**
 * Signed links to uploaded images. An <Image> of the mini-program (and an <img> of H5) sends no token, so the link
 * itself is the credential: the API gives one only to whoever may see the image (with the wish it is attached to, or
 * to its uploader), and it works for everyone holding it for between one and two hours. Its expiry is rounded up to
 * the hour, so the same image has the same link for an hour and the client's cache keeps it.
 */
export const URL_STEP_SECONDS = 3600

export interface UploadUrls {
  /** A link to the image, relative to the API's origin. */
  url(id: string): string
  /** Whether `exp` and `sig` are a link this server made for `id`, and it has not expired. */
  verify(id: string, exp: number, sig: string): boolean
}

export function createUploadUrls(secret: string, clock: Clock): UploadUrls {
  // Its own key, derived from the secret: a link's signature can never stand for a token's.
  const key = createHmac('sha256', secret).update('llt upload links').digest()
  const sign = (id: string, exp: number) => createHmac('sha256', key).update(`${id}.${exp}`).digest('base64url')
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000)
  return {
    url(id) {
      const exp = (Math.floor(nowSeconds() / URL_STEP_SECONDS) + 2) * URL_STEP_SECONDS
      return `/api/uploads/${id}/image?exp=${exp}&sig=${sign(id, exp)}`
    },
    verify(id, exp, sig) {
      if (exp <= nowSeconds()) return false
      const given = Buffer.from(sig)
      const expected = Buffer.from(sign(id, exp))
      return given.length === expected.length && timingSafeEqual(given, expected)
    },
  }
}
