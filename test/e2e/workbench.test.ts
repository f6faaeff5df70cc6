import { describe, expect, it } from 'vitest'
import { ERROR_MESSAGES } from '@/shared/errors'
import type { ApplyResultDto, MyMembershipDto } from '@/shared/memberships'
import type { AuthResult } from '@/shared/identity'
import type { WishDetailDto } from '@/shared/wishes'
import type { AuditEntryDto, QueuePageDto, WordListDto } from '@/shared/workbench'
import type { Page } from '@/shared/api'
import { useApp } from './support/app'
import { pageStates, type UrlMatch } from './support/states'
import { dragPicker, tap, tapText, visible } from './support/taro'

const app = useApp()

const QUEUE: UrlMatch = (url) => url.pathname === '/api/staff/queue'
const AUDIT: UrlMatch = (url) => url.pathname === '/api/audit'
const WORDS: UrlMatch = (url) => url.pathname === '/api/admin/words'

const EMPTY_QUEUE: QueuePageDto = {
  items: [],
  nextCursor: null,
  counts: {
    wish_review: 0,
    topic_review: 0,
    reported_comment: 0,
    volunteer_application: 0,
    membership_application: 0,
    wish_unconfirmed: 0,
    problem_unassigned: 0,
    problem_escalated: 0,
  },
  total: 0,
}

const states = pageStates(app)

const WISH = {
  title: '帮忙把旧沙发抬到楼下',
  description: '家里换了新沙发，旧的太重，一个人抬不动，想请两位邻居搭把手。',
  category: 'daily_goods',
}

/** A word no seeded text contains, so only the post made for the test meets it. */
const NEW_WORD = '返利群'

describe('待办, 操作记录 and 敏感词 on the H5 app', () => {
  const ctx = {} as { staff: AuthResult; admin: AuthResult; wish: WishDetailDto }

  it('staff approve a waiting wish from 待办, and it leaves the list', async () => {
    ctx.staff = await app.demoLogin('陈主任')
    ctx.admin = await app.demoLogin('平台管理员')
    // A resident new to the app, so the test does not depend on the seeded residents' wishes.
    const resident = await app.api<AuthResult>('POST', '/api/auth/dev', undefined, {
      openid: 'e2e-workbench-resident',
      nickname: '孙大爷',
    })
    const communityId = ctx.staff.user.staffCommunityIds[0]!
    await app.api('PATCH', '/api/me', resident.token, { communityId })
    // Only verified members post (issue #19): they apply, and the staff member approves.
    if (resident.user.membership?.status !== 'verified') {
      const mine = await app.api<MyMembershipDto>('GET', '/api/me/membership', resident.token)
      const pending =
        mine.membership?.status === 'pending'
          ? mine.membership
          : (
              await app.api<ApplyResultDto>('POST', '/api/me/membership', resident.token, {
                communityId,
                building: '5号楼',
                room: '301',
                relation: 'owner',
                realName: '孙大爷',
              })
            ).membership
      await app.api('POST', `/api/memberships/${pending.id}/approve`, ctx.staff.token, {})
    }
    ctx.wish = await app.api<WishDetailDto>('POST', '/api/wishes', resident.token, WISH)
    expect(ctx.wish.status).toBe('pending_review')

    await app.loginAs('陈主任')
    await app.openPage('pages/me/index')
    await app.page.locator('.tag:visible').filter({ hasText: '项待办' }).waitFor()
    const queue = await app.api<QueuePageDto>('GET', '/api/staff/queue', ctx.staff.token)
    expect(queue.total).toBeGreaterThan(0)
    expect(await app.page.locator('.section:visible').filter({ hasText: '社区工作台' }).innerText()).toContain(
      `${queue.total}项待办`,
    )
    await app.shot('me-staff-badge')

    await app.openStaffPage('workbench')
    await app.shown(`${queue.total} 项等待处理，等得最久的排在最前面`)
    await app.shown('操作记录')
    // 敏感词: for staff, their community's own words (issue #18).
    await app.shown('本社区要拦截的词语，在平台词表之外添加，保存后立即生效')
    await app.shot('workbench-queue-entry')

    await states('queue', 'queue', QUEUE, EMPTY_QUEUE, '没有待办事项')

    await app.openStaffPage('workbench')
    await tap(app.page.locator('.entry-link:visible').filter({ hasText: '待办' }))
    await app.page.waitForURL(/staff\/pages\/queue/)
    const item = app.page.locator('.queue-item:visible').filter({ hasText: WISH.title })
    await item.waitFor()
    expect(await item.innerText()).toContain('心愿待审核')
    expect(await item.innerText()).toContain('刚刚')
    expect(await item.innerText()).toContain('去审核 ›')
    await app.shown(`共 ${queue.total} 项等待处理，点一项去处理`)
    // Oldest first: the seeded wish of two hours ago comes before the one just posted.
    const sinces = queue.items.map((i) => i.since)
    expect([...sinces].sort()).toEqual(sinces)
    await app.shot('queue-list')

    // The kind filter, with its count.
    const wishChip = app.page.locator('.chip:visible').filter({ hasText: '心愿待审核' })
    expect(await wishChip.innerText()).toBe(`心愿待审核 ${queue.counts.wish_review}`)
    await tap(wishChip)
    await app.shown(`「心愿待审核」共 ${queue.counts.wish_review} 项`)
    expect(await app.page.locator('.queue-item:visible').count()).toBe(queue.counts.wish_review)
    await app.shot('queue-filtered')

    await tap(item)
    await app.page.waitForURL(/wish-detail/)
    await tapText(app.page, '审核通过，发布')
    await app.page.getByText('待认领', { exact: true }).locator('visible=true').first().waitFor()
    await app.afterToast()

    // Back to 待办: the wish has left it.
    await app.page.goBack()
    await app.page.waitForURL(/staff\/pages\/queue/)
    await app.shown(`「心愿待审核」共 ${queue.counts.wish_review - 1} 项`)
    expect(await app.page.locator('.queue-item:visible').filter({ hasText: WISH.title }).count()).toBe(0)
    await app.shot('queue-after-approval')
    const after = await app.api<QueuePageDto>('GET', '/api/staff/queue', ctx.staff.token)
    expect(after.total).toBe(queue.total - 1)
    expect(after.items.some((i) => i.id === ctx.wish.id)).toBe(false)
  })

  it('staff see the approval in 操作记录, in plain words, with what changed', async () => {
    await app.openStaffPage('audit')
    const entry = app.page.locator('.audit-entry:visible').first()
    await entry.waitFor()
    expect(await entry.innerText()).toContain('陈主任（社区工作者）')
    expect(await entry.innerText()).toContain('审核通过了心愿')
    expect(await entry.innerText()).toContain('查看这个心愿 ›')
    await app.shot('audit-list')

    // Waiting from before the tap: the answer can come before a wait started after it would begin to listen.
    const filtered = app.page.waitForResponse((r) => r.url().includes('/api/audit') && r.url().includes('action=wish.'))
    await tap(app.page.locator('.chip:visible').filter({ hasText: /^心愿$/ }))
    await filtered
    await tap(entry.locator('.audit-entry__toggle'))
    await entry.locator('.audit-entry__changes').waitFor()
    expect(await entry.innerText()).toContain('状态')
    expect(await entry.innerText()).toContain('待审核 → 待认领')
    await app.shot('audit-expanded')

    const log = await app.api<Page<AuditEntryDto>>('GET', '/api/audit?action=wish.', ctx.staff.token)
    expect(log.items[0]).toMatchObject({ action: 'wish.approved', entityId: ctx.wish.id, actorName: '陈主任' })

    await states('audit', 'audit', AUDIT, { items: [], nextCursor: null }, '还没有操作记录')

    // Staff keep their community's own words, on top of the platform's list (issue #18).
    await app.openStaffPage('words')
    await app.shown('本社区还没有自己的敏感词，平台词表照常生效')
    await visible(app.page, 'input[placeholder="输入要屏蔽的词"]').fill('骗钱的托')
    await tapText(app.page, '添加')
    await tapText(app.page, '保存词表')
    await app.shown('最近修改：陈主任，')
    await app.afterToast()
    await app.shot('words-staff')
    const own = await app.api<WordListDto>(
      'GET',
      `/api/communities/${ctx.staff.user.staffCommunityIds[0]}/words`,
      ctx.staff.token,
    )
    expect(own.words).toEqual(['骗钱的托'])
  })

  it('the admin adds a word, and a resident’s post with it is refused with the helpful message', async () => {
    await app.loginAs('平台管理员')
    await app.openStaffPage('workbench')
    // Let the workbench finish loading (its lists re-render as they arrive) before tapping.
    await app.shown('项等待处理，等得最久的排在最前面')
    await app.page.waitForLoadState('networkidle')
    await tap(app.page.locator('.entry-link:visible').filter({ hasText: '敏感词' }))
    await app.page.waitForURL(/staff\/pages\/words/)
    await visible(app.page, '.words-editor__word').waitFor()
    const before = await app.api<WordListDto>('GET', '/api/admin/words', ctx.admin.token)
    await app.shown(`共 ${before.words.length} 个敏感词`)
    await app.shot('words-list')

    await visible(app.page, 'input[placeholder="输入要屏蔽的词"]').fill(before.words[0]!)
    await tapText(app.page, '添加')
    await app.shown(`「${before.words[0]}」已经在词表里了`)
    await visible(app.page, 'input[placeholder="输入要屏蔽的词"]').fill(`${NEW_WORD}，${NEW_WORD}`)
    await tapText(app.page, '添加')
    await app.shown('新增 1 个，还没有保存')
    await app.shot('words-edited')
    await tapText(app.page, '保存词表')
    await app.shown('最近修改：平台管理员，')
    await app.afterToast()
    await app.shot('words-saved')
    const saved = await app.api<WordListDto>('GET', '/api/admin/words', ctx.admin.token)
    expect(saved.words).toContain(NEW_WORD)
    expect(saved.words).toHaveLength(before.words.length + 1)
    expect(saved.updatedBy).toBe('平台管理员')

    await states('words', 'words', WORDS, { words: [], updatedAt: null, updatedBy: null }, '词表是空的')

    // 操作记录 says who changed the list.
    await app.openStaffPage('audit')
    const entry = app.page.locator('.audit-entry:visible').filter({ hasText: '修改了敏感词表' }).first()
    await entry.waitFor()
    await tap(entry.locator('.audit-entry__toggle'))
    expect(await entry.innerText()).toContain(NEW_WORD)
    await app.shot('audit-words-admin')

    // A resident's wish with the new word is refused at once, with what to do.
    await app.loginAs('王小明')
    await app.openPage('pages/wish-new/index')
    await visible(app.page, 'input[placeholder="想请邻居帮什么忙"]').fill(`拉我进${NEW_WORD}`)
    await visible(app.page, 'textarea').fill(`邻居们好，有没有${NEW_WORD}可以拉我进去，谢谢。`)
    await tap(visible(app.page, '.select-box'))
    await dragPicker(app.page, 0)
    await tapText(app.page, '提交心愿')
    await app.shown(ERROR_MESSAGES.CONTENT_REJECTED)
    expect(app.page.url()).toContain('wish-new')
    await app.shot('wish-refused-word')
  })

  it('shows every page in elder mode', async () => {
    await app.api('PATCH', '/api/me', ctx.staff.token, { elderMode: true })
    await app.api('PATCH', '/api/me', ctx.admin.token, { elderMode: true })

    await app.loginAs('陈主任')
    await app.openPage('pages/me/index')
    await visible(app.page, '.page--elder').waitFor()
    await app.page.locator('.tag:visible').filter({ hasText: '项待办' }).waitFor()
    await app.shot('me-staff-badge-elder')
    await app.openStaffPage('workbench')
    await app.shown('项等待处理，等得最久的排在最前面')
    await app.shot('workbench-queue-entry-elder')
    await app.openStaffPage('queue')
    await visible(app.page, '.queue-item').waitFor()
    await app.shot('queue-list-elder')
    await states('queue-elder', 'queue', QUEUE, EMPTY_QUEUE, '没有待办事项')
    await app.openStaffPage('audit')
    await visible(app.page, '.audit-entry').waitFor()
    await tap(visible(app.page, '.audit-entry__toggle'))
    await app.shot('audit-list-elder')
    await states('audit-elder', 'audit', AUDIT, { items: [], nextCursor: null }, '还没有操作记录')
    await app.openStaffPage('words')
    await app.shown('「阳光社区」自己的敏感词')
    await app.shot('words-staff-elder')

    await app.loginAs('平台管理员')
    await app.openStaffPage('words')
    await visible(app.page, '.page--elder').waitFor()
    await visible(app.page, '.words-editor__word').waitFor()
    await visible(app.page, 'input[placeholder="输入要屏蔽的词"]').fill('长'.repeat(21))
    await tapText(app.page, '添加')
    await app.shown('有21个字，每个敏感词最多20个字，请缩短后再添加')
    await app.shot('words-list-elder')
    await states('words-elder', 'words', WORDS, { words: [], updatedAt: null, updatedBy: null }, '词表是空的')
    await app.api('PATCH', '/api/me', ctx.staff.token, { elderMode: false })
    await app.api('PATCH', '/api/me', ctx.admin.token, { elderMode: false })
  })
})
