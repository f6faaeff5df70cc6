import { sql, type Sql } from './sql'

/** Who is asking, as a statement needs it: one shape for every feature, built from the request's actor. */
export interface SqlViewer {
  /** Null for a reader who is not signed in. */
  id: string | null
  role: string
  /** The community the viewer belongs to (browses), if any. */
  communityId: string | null
  staffCommunityIds: string[]
  isAdmin: boolean
}

/** Whether the viewer acts as staff of the community `community` names: one of its staff, or the admin. */
export const staffOf = (viewer: SqlViewer, community: Sql): Sql =>
  sql`(${viewer.isAdmin}::boolean OR ${community} = ANY(${viewer.staffCommunityIds}::uuid[]))`
