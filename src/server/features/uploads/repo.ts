import { sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import type { SqlViewer } from '../../db/viewer'
import type { UploadContentType } from '../../../shared/uploads'
import { maySeeUpload } from './owners'

export interface UploadRow {
  id: string
  storage_key: string
  content_type: UploadContentType
  /** Null for a PDF. */
  width: number | null
  height: number | null
}

const COLUMNS = sql`u.id, u.storage_key, u.content_type, u.width, u.height`

export async function insertUpload(
  q: Queryable,
  u: {
    id: string
    uploaderId: string
    key: string
    type: UploadContentType
    size: number
    width: number | null
    height: number | null
    now: Date
  },
): Promise<UploadRow> {
  const [row] = await q.query<UploadRow>(
    sql`INSERT INTO uploads AS u (id, uploader_id, storage_key, content_type, byte_size, width, height, created_at)
     VALUES (${u.id}, ${u.uploaderId}, ${u.key}, ${u.type}, ${u.size}, ${u.width}, ${u.height}, ${u.now})
     RETURNING ${COLUMNS}`,
  )
  return row!
}

/** The upload, when the viewer may see it (owners.ts). */
export async function findUploadForViewer(q: Queryable, id: string, viewer: SqlViewer): Promise<UploadRow | null> {
  const [row] = await q.query<UploadRow>(
    sql`SELECT ${COLUMNS} FROM uploads u WHERE u.id = ${id} AND ${maySeeUpload(viewer)}`,
  )
  return row ?? null
}

/** The upload, for a signed link: the link is the permission. */
export async function findUpload(q: Queryable, id: string): Promise<UploadRow | null> {
  const [row] = await q.query<UploadRow>(sql`SELECT ${COLUMNS} FROM uploads u WHERE u.id = ${id}`)
  return row ?? null
}

/**
 * Deletes uploads attached to nothing that were made before `before`, a batch at a time, and returns their storage
 * keys, for their objects to be deleted after. Rows locked by a statement attaching them are left for the next run.
 */
export async function deleteUnattached(q: Queryable, before: Date, limit: number): Promise<string[]> {
  const rows = await q.query<{ storage_key: string }>(
    sql`DELETE FROM uploads WHERE id IN (
       SELECT id FROM uploads WHERE owner_type IS NULL AND created_at < ${before}
       ORDER BY created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
     ) AND owner_type IS NULL
     RETURNING storage_key`,
  )
  return rows.map((r) => r.storage_key)
}
