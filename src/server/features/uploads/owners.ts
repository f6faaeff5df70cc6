import { sql, type Sql } from '../../db/sql'
import type { SqlViewer } from '../../db/viewer'
import { problemVisibleTo } from '../problems/repo'
import { wishVisibleTo } from '../wishes/repo'
import { OWNER_TYPES, type OwnerType } from './attach'

/**
 * What an upload can be attached to, and who may see it then: one rule per kind of owner, as SQL over the upload `u`
 * (`u.owner_id` is the owner's id). A feature that takes photos adds its kind here and to the CHECK on
 * `uploads.owner_type` (a migration) and OWNER_TYPES (attach.ts), and attaches with `attachUploads` (attach.ts) in the statement that makes its
 * thing. The rule must be the one the feature shows the thing by: whoever may read the thing may see its photos,
 * nobody else.
 */
/** A problem's report photos and its resolution photos: whoever may see the problem (issue #20). */
const ofProblem = (viewer: SqlViewer) =>
  sql`EXISTS (SELECT 1 FROM problems p WHERE p.id = u.owner_id AND ${problemVisibleTo(viewer)})`

const MAY_SEE: Record<OwnerType, (viewer: SqlViewer) => Sql> = {
  wish: (viewer) => sql`EXISTS (SELECT 1 FROM wishes w WHERE w.id = u.owner_id AND ${wishVisibleTo(viewer)})`,
  // 社区微实事 spending is public to everyone signed in, as its budget is (issue #23).
  budget_expense: (viewer) =>
    sql`(${viewer.id}::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM budget_expenses e WHERE e.id = u.owner_id))`,
  // 公开栏: a notice and its attachments are public to everyone signed in (issue #21).
  notice: (viewer) =>
    sql`(${viewer.id}::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM notices n WHERE n.id = u.owner_id))`,
  problem: ofProblem,
  problem_result: ofProblem,
}

/** The viewer may see upload `u`: its uploader while it is attached to nothing, else by its owner's rule. */
export const maySeeUpload = (viewer: SqlViewer): Sql =>
  sql`((u.owner_type IS NULL AND u.uploader_id = ${viewer.id}::uuid) OR ${sql.join(
    OWNER_TYPES.map((type) => sql`(u.owner_type = ${type} AND ${MAY_SEE[type](viewer)})`),
    sql` OR `,
  )})`
