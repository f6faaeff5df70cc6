import { sql, type Sql } from '../../db/sql'

/**
 * Attaching uploads to what they show, for the features that take photos: SQL for their own statements, so that a
 * thing and its photos are written together or not at all. The access rule of each kind is in owners.ts.
 */
export const OWNER_TYPES = ['wish', 'budget_expense', 'notice', 'problem', 'problem_result'] as const
export type OwnerType = (typeof OWNER_TYPES)[number]

/** The kinds of owner that take PDFs besides photos (a notice's 财务公开 is often a scanned statement); the others take photos only. */
export const TAKES_DOCUMENTS: readonly OwnerType[] = ['notice']

/**
 * An UPDATE for a CTE: attaches the uploads `ids` (in that order) to the owner, when they are the uploader's own and
 * attached to nothing yet; returns those it attached. Pair it with `allAttached`, which fails the statement when any
 * was not. A PDF is attachable only to an owner that TAKES_DOCUMENTS. The row lock makes two statements attaching
 * the same upload wait for each other, and the second finds it taken. `when`: for a statement whose owner may not be
 * written (a conditional UPDATE that matched nothing), the condition that it was; nothing is attached otherwise.
 */
export const attachUploads = (a: {
  type: OwnerType
  ownerId: Sql
  uploaderId: string
  ids: string[]
  now: Date
  when?: Sql
}) =>
  sql`UPDATE uploads u SET owner_type = ${a.type}::text, owner_id = ${a.ownerId},
       position = array_position(${a.ids}::uuid[], u.id) - 1, attached_at = ${a.now}::timestamptz
     WHERE u.id = ANY(${a.ids}::uuid[]) AND u.uploader_id = ${a.uploaderId}::uuid AND u.owner_type IS NULL
       AND (u.content_type LIKE 'image/%' OR ${TAKES_DOCUMENTS.includes(a.type)}::boolean)
       AND ${a.when ?? sql`true`}
     RETURNING u.id, u.width, u.height, u.position, u.content_type`

/**
 * A condition that is true when the CTE `attached` attached all `count` uploads, and otherwise ends the statement.
 * `when` as for `attachUploads`: while it is false there was nothing to attach to, and the condition is true.
 */
export const allAttached = (attached: Sql, count: number, when?: Sql) =>
  sql`(SELECT CASE WHEN count(*) = ${count}::int ${when ? sql`OR NOT (${when})` : sql.empty} THEN true
     ELSE uploads_not_attachable() END FROM ${attached})`

/** The photos of rows `rows` (id, width, height, position), as JSON in their order: `[{id, width, height}]`. */
export const photosJson = (rows: Sql) =>
  sql`COALESCE((SELECT json_agg(json_build_object('id', p.id, 'width', p.width, 'height', p.height) ORDER BY p.position)
     FROM ${rows} p), '[]'::json)`

/** The photos attached to the owner `ownerId` of the type. */
export const photosOf = (type: OwnerType, ownerId: Sql) =>
  photosJson(
    sql`(SELECT id, width, height, position FROM uploads WHERE owner_type = ${type}::text AND owner_id = ${ownerId})`,
  )

/** A photo as a statement returns it. */
export interface PhotoRow {
  id: string
  width: number
  height: number
}
