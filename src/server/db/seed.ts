import type { Db } from './types'

/**
 * Demo data for the local run and demos: one street with two communities, residents (one elderly), two active
 * volunteers (one a party member), staff for each community and an admin. Fixed ids make it safe to run again.
 * Stations, wishes and topics are seeded by their features' issues as they land.
 */
export const DEMO = {
  communities: {
    sunshine: '00000000-0000-4000-8000-00000000c001',
    harmony: '00000000-0000-4000-8000-00000000c002',
  },
  users: {
    resident: '00000000-0000-4000-8000-0000000000a1',
    elder: '00000000-0000-4000-8000-0000000000a2',
    volunteerParty: '00000000-0000-4000-8000-0000000000b1',
    volunteer: '00000000-0000-4000-8000-0000000000b2',
    staffSunshine: '00000000-0000-4000-8000-0000000000d1',
    staffHarmony: '00000000-0000-4000-8000-0000000000d2',
    admin: '00000000-0000-4000-8000-0000000000e1',
    residentHarmony: '00000000-0000-4000-8000-0000000000a3',
  },
} as const

const { communities: C, users: U } = DEMO

export async function seed(db: Db): Promise<void> {
  await db.tx(async (q) => {
    await q.query(
      `INSERT INTO communities (id, name, street, district) VALUES
         ($1, '阳光社区', '幸福街道', '示范区'),
         ($2, '和平社区', '幸福街道', '示范区')
       ON CONFLICT (id) DO NOTHING`,
      [C.sunshine, C.harmony],
    )
    // created_at orders the demo chooser: residents first, then volunteers, staff, admin.
    const users: [string, string, string, string | null, boolean, string][] = [
      [U.resident, '王小明', 'resident', C.sunshine, false, '3号楼'],
      [U.elder, '李奶奶', 'resident', C.sunshine, true, '5号楼'],
      [U.residentHarmony, '周阿姨', 'resident', C.harmony, false, '12号楼'],
      [U.volunteerParty, '张志强', 'resident', C.sunshine, false, '1号楼'],
      [U.volunteer, '刘芳', 'resident', C.sunshine, false, '8号楼'],
      [U.staffSunshine, '陈主任', 'staff', C.sunshine, false, ''],
      [U.staffHarmony, '赵书记', 'staff', C.harmony, false, ''],
      [U.admin, '平台管理员', 'admin', null, false, ''],
    ]
    for (const [index, [id, nickname, role, communityId, elderMode, building]] of users.entries()) {
      await q.query(
        `INSERT INTO users (id, openid, nickname, role, community_id, elder_mode, building, is_demo, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, ''), true, now() - make_interval(mins => $8))
         ON CONFLICT (id) DO NOTHING`,
        [id, `demo:${id}`, nickname, role, communityId, elderMode, building, users.length - index],
      )
    }
    await q.query(
      `INSERT INTO staff_assignments (user_id, community_id) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING`,
      [U.staffSunshine, C.sunshine, U.staffHarmony, C.harmony],
    )
    await q.query(
      `INSERT INTO volunteers (user_id, community_id, real_name, phone, is_party_member, status, decided_by, decided_at)
       VALUES ($1, $3, '张志强', '13800000001', true, 'active', $4, now()),
              ($2, $3, '刘芳', '13800000002', false, 'active', $4, now())
       ON CONFLICT (user_id) DO NOTHING`,
      [U.volunteerParty, U.volunteer, C.sunshine, U.staffSunshine],
    )
  })
}
