import { sql } from '../../../src/server/db/sql'
import { expectError, ok } from '../support/assert'
import { communityCast } from '../support/fixtures'
import type { Harness } from '../support/harness'
import { DAY_MS } from '../support/time'

export { expectError, ok, DAY_MS }

/** Monday 2031-03-03 09:00 in Shanghai: the clock the survey tests start from. */
export const START = '2031-03-03T01:00:00.000Z'
export const at = (days: number) => new Date(Date.parse(START) + days * DAY_MS).toISOString()
/** Open from START for three days. */
export const CLOSES = at(3)

export const surveyBody = (over: Record<string, unknown> = {}) => ({
  title: '2031年第一季度群众满意度测评',
  items: [{ text: '社区环境卫生' }, { text: '工作人员服务态度' }, { text: '议事协商公开透明' }],
  opensAt: START,
  closesAt: CLOSES,
  ...over,
})

/** A community with its staff and members, a member-to-be, and staff and a member of another; clock at START. */
export async function surveyScene(h: Harness) {
  h.clock.set(START)
  return communityCast(h)
}
export type SurveyScene = Awaited<ReturnType<typeof surveyScene>>

export async function openSurvey(h: Harness, s: SurveyScene, over: Record<string, unknown> = {}) {
  return ok(h, 'POST', `/api/communities/${s.communityId}/surveys`, s.staff, surveyBody(over), 201)
}

export async function notificationsOf(h: Harness, userId: string) {
  return h.db.query<{ kind: string; title: string; body: string; entity_id: string }>(
    sql`SELECT kind, title, body, entity_id FROM notifications WHERE user_id = ${userId} AND entity_type = 'survey'
        ORDER BY created_at, kind`,
  )
}
