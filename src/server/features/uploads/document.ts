import { ImageRefused } from './image'

/**
 * PDFs, for what takes documents besides photos (a notice's attachments): judged by their bytes as images are, never
 * by their name or declared type. A PDF starts with `%PDF-` and ends with `%%EOF` (allowing the trailing whitespace
 * writers leave, within its last 1 KB); one cut short in transfer has no end marker and is refused.
 */

const MAGIC = '%PDF-'
const END = '%%EOF'
const TAIL = 1024

/** Whether the bytes claim to be a PDF, by their first bytes. */
export const isPdf = (bytes: Uint8Array) =>
  bytes.length >= MAGIC.length && String.fromCharCode(...bytes.subarray(0, MAGIC.length)) === MAGIC

/** The PDF's bytes as they came; ImageRefused('malformed') when its end marker is missing. */
export function judgePdf(bytes: Uint8Array): Uint8Array {
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - TAIL)))
  if (!tail.includes(END)) throw new ImageRefused('malformed', 'a PDF without its end marker')
  return bytes
}
