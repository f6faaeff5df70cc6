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
  /** The community the viewer is a verified member of, if any: where they may post, comment, report and vote. */
  memberOf: string | null
}

/** Whether the viewer is a verified member of the community `community` names. */
export const memberOf = (viewer: SqlViewer, community: Sql): Sql => sql`${community} = ${viewer.memberOf}::uuid`

/** Whether the viewer acts as staff of the community `community` names: one of its staff, or the admin. */
export const staffOf = (viewer: SqlViewer, community: Sql): Sql =>
  sql`(${viewer.isAdmin}::boolean OR ${community} = ANY(${viewer.staffCommunityIds}::uuid[]))`

/** A person a statement names: their id, their nickname, and the community the name is shown in. */
export interface NamedPerson {
  id: Sql
  nickname: Sql
  community: Sql
  /** Where else the name is shown in full: the owner and claimer of a wish to each other, staff acting in office. */
  alsoFullWhen?: Sql
}

/**
 * A person's name as the viewer may see it: the one rule for every name the API returns. In full to the person
 * themselves, to staff of the community it is shown in (and the admin), and where `alsoFullWhen` holds; masked for
 * everyone else, to its first character and two stars (张三丰 → 张**). Null when there is no one to name (the system).
 */
export const nameFor = (viewer: SqlViewer, person: NamedPerson): Sql =>
  sql`(CASE WHEN ${person.id} = ${viewer.id}::uuid OR ${staffOf(viewer, person.community)}${
    person.alsoFullWhen ? sql` OR (${person.alsoFullWhen})` : sql.empty
  } THEN ${person.nickname} ELSE left(btrim(${person.nickname}), 1) || '**' END)`
