import { randomUUID } from 'node:crypto'
import {
  MAX_UPLOAD_BYTES,
  UPLOAD_TOO_LARGE_MESSAGE,
  type UploadContentType,
  type UploadDto,
} from '../../../shared/uploads'
import { sqlViewer, type Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import { isPdf, judgePdf } from './document'
import { cleanImage, ImageRefused } from './image'
import * as repo from './repo'
import type { UploadUrls } from './urls'

/** Uploads attached to nothing this long after they were made are deleted, row and object. */
export const UNATTACHED_TTL_MS = 24 * 3600 * 1000
const CLEANUP_BATCH = 500

const toPhoto = (row: repo.UploadRow, urls: UploadUrls): UploadDto => ({
  id: row.id,
  url: urls.url(row.id),
  contentType: row.content_type,
  width: row.width,
  height: row.height,
})

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', 413, UPLOAD_TOO_LARGE_MESSAGE)

interface Judged {
  type: UploadContentType
  width: number | null
  height: number | null
  bytes: Uint8Array
}

/**
 * The photo the bytes are, cleaned of its metadata, or the PDF they are (`%PDF-`); or the refusal a resident reads.
 * Whether the thing it is attached to takes PDFs is decided when it is attached (attach.ts).
 */
function judge(bytes: Uint8Array): Judged {
  try {
    if (isPdf(bytes)) return { type: 'application/pdf', width: null, height: null, bytes: judgePdf(bytes) }
    return cleanImage(bytes)
  } catch (error) {
    if (!(error instanceof ImageRefused)) throw error
    if (error.reason === 'unsupported') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415)
    throw AppError.validation(
      [{ path: ['file'], message: error.message }],
      '这张照片的文件不完整或已损坏，请换一张再试',
    )
  }
}

/**
 * Keeps a photo: judged by its bytes, cleaned of its metadata (image.ts), its bytes stored, then its row written, in
 * that order: a row never points at bytes that are not there. When the row is not written (the request's key is held
 * by another, the caller changed), the bytes are deleted again.
 */
export async function createUpload(
  deps: Pick<Deps, 'storage' | 'clock' | 'uploadUrls'>,
  db: Db,
  actor: Actor,
  file: File,
): Promise<UploadDto> {
  if (file.size > MAX_UPLOAD_BYTES) throw tooLarge()
  const image = judge(new Uint8Array(await file.arrayBuffer()))
  const id = randomUUID()
  const key = `uploads/${id}`
  await deps.storage.put(key, image.bytes, image.type)
  let row: repo.UploadRow
  try {
    row = await repo.insertUpload(db, {
      id,
      uploaderId: actor.id,
      key,
      type: image.type,
      size: image.bytes.length,
      width: image.width,
      height: image.height,
      now: deps.clock.now(),
    })
  } catch (error) {
    await deps.storage.delete(key).catch(() => undefined)
    throw error
  }
  return toPhoto(row, deps.uploadUrls)
}

const NOT_FOUND_MESSAGE = '没有找到这张照片，可能已被删除'

/** The upload with a fresh link, to whoever may see it (owners.ts); 404 to everyone else. */
export async function getUpload(db: Db, urls: UploadUrls, actor: Actor, id: string): Promise<UploadDto> {
  const row = await repo.findUploadForViewer(db, id, sqlViewer(actor))
  if (!row) throw AppError.notFound(NOT_FOUND_MESSAGE)
  return toPhoto(row, urls)
}

/** The image's bytes for a signed link. */
export async function readSignedImage(
  deps: Pick<Deps, 'storage' | 'uploadUrls' | 'log'>,
  db: Db,
  id: string,
  link: { exp: number; sig: string },
): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string }> {
  if (!deps.uploadUrls.verify(id, link.exp, link.sig)) {
    throw AppError.forbidden('图片链接已过期，请返回上一页刷新后再看')
  }
  const row = await repo.findUpload(db, id)
  if (!row) throw AppError.notFound(NOT_FOUND_MESSAGE)
  const bytes = await deps.storage.get(row.storage_key)
  if (!bytes) {
    deps.log.error('uploads.object_missing', { id })
    throw AppError.notFound(NOT_FOUND_MESSAGE)
  }
  return { bytes, type: row.content_type }
}

/**
 * The hourly clean-up: uploads attached to nothing for a day are deleted, the row first (nobody can see or attach
 * the upload after), then its bytes. Bytes whose deletion fails are logged and left: nothing points at them.
 */
export async function deleteStaleUploads(deps: Pick<Deps, 'db' | 'storage' | 'clock' | 'log'>): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - UNATTACHED_TTL_MS)
  let deleted = 0
  for (;;) {
    const keys = await repo.deleteUnattached(deps.db, before, CLEANUP_BATCH)
    for (const key of keys) {
      await deps.storage.delete(key).catch((error: Error) => {
        deps.log.error('uploads.delete_failed', { key, message: error.message })
      })
    }
    deleted += keys.length
    if (keys.length < CLEANUP_BATCH) return deleted
  }
}
