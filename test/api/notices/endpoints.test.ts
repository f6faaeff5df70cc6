import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { MAX_UPLOAD_BYTES } from '../../../src/shared/uploads'
import { auditRowsOf, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { jpeg, photoForm } from '../support/images'
import { at, expectError, noticeBody, noticeScene, ok, publish, START, type NoticeScene } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const post = (path: string, user: TestUser | null, body?: unknown) =>
  call(h.app, 'POST', path, { token: user?.token, body })
const noticesPath = (s: NoticeScene) => `/api/communities/${s.communityId}/notices`

/** A small, well-formed PDF: its magic, one empty page, its end marker. */
const pdf = (extra = 0) =>
  new TextEncoder().encode(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n' +
      ' '.repeat(extra) +
      'trailer << /Root 1 0 R >>\n%%EOF\n',
  )

async function uploadFile(user: TestUser, bytes: Uint8Array, name = 'file.pdf', type = 'application/pdf') {
  return call(h.app, 'POST', '/api/uploads', { token: user.token, body: photoForm(bytes, name, type) })
}

const notificationsOf = (userId: string, kind: string) =>
  h.db.query<{ title: string; entity_id: string }>(
    sql`SELECT title, entity_id FROM notifications WHERE user_id = ${userId} AND kind = ${kind} ORDER BY created_at`,
  )

describe('POST /api/communities/:id/notices', () => {
  it('staff publish; audited; members are told; listed newest first, paged, by kind', async () => {
    const s = await noticeScene(h)
    const n = await publish(h, s)
    expect(n).toMatchObject({
      communityId: s.communityId,
      kind: 'finance',
      title: '2031年2月社区公益金收支公示',
      objectionsUntil: null,
      objectionsOpen: false,
      supersedesId: null,
      supersededById: null,
      readCount: 0,
      attachments: [],
      objections: [],
    })
    expect(await auditRowsOf(h, n.id, 'notice.')).toEqual([
      expect.objectContaining({ action: 'notice.published', actor_id: s.staff.id, community_id: s.communityId }),
    ])
    // Every verified member of the community, never its author nor a non-member or another community's resident.
    for (const member of [s.alice, s.bob]) {
      expect(await notificationsOf(member.id, 'notice.published')).toEqual([
        { title: '社区发布了新公告', entity_id: n.id },
      ])
    }
    for (const other of [s.staff, s.nonMember, s.outsider]) {
      expect(await notificationsOf(other.id, 'notice.published')).toEqual([])
    }

    h.clock.advance(1000)
    const second = await publish(h, s, { kind: 'notice', title: '停水通知' })
    const page1 = await ok(h, 'GET', `${noticesPath(s)}?limit=1`, s.outsider)
    expect(page1.items.map((x: { id: string }) => x.id)).toEqual([second.id])
    const page2 = await ok(h, 'GET', `${noticesPath(s)}?limit=1&cursor=${page1.nextCursor}`, s.alice)
    expect(page2).toEqual({ items: [expect.objectContaining({ id: n.id, readCount: 0 })], nextCursor: null })
    const finance = await ok(h, 'GET', `${noticesPath(s)}?kind=finance`, s.alice)
    expect(finance.items.map((x: { id: string }) => x.id)).toEqual([n.id])
    expect((await ok(h, 'GET', `${noticesPath(s)}?kind=result`, s.alice)).items).toEqual([])
    expect((await ok(h, 'GET', `/api/communities/${s.otherCommunityId}/notices`, s.alice)).items).toEqual([])
  })

  it('refuses residents, staff of another community, anonymous callers and bad input', async () => {
    const s = await noticeScene(h)
    expectError(await post(noticesPath(s), s.alice, noticeBody()), 403, 'FORBIDDEN')
    expectError(await post(noticesPath(s), s.foreignStaff, noticeBody()), 403, 'FORBIDDEN')
    expectError(await post(noticesPath(s), null, noticeBody()), 401, 'UNAUTHENTICATED')
    for (const bad of [
      { kind: 'gossip' },
      { kind: undefined },
      { title: '一' },
      { title: '长'.repeat(61) },
      { body: '  ' },
      { body: '字'.repeat(5001) },
      { objectionsUntil: '明天' },
      { objectionsUntil: at(-1) },
      { objectionsUntil: '2031-03-03T00:58:00.000Z' },
      { supersedesId: 'abc' },
      { attachmentIds: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001'] },
      { attachmentIds: 'x' },
      { extra: 1 },
    ]) {
      expectError(await post(noticesPath(s), s.staff, noticeBody(bad)), 400, 'VALIDATION_FAILED')
    }
    expectError(await post(`/api/communities/not-an-id/notices`, s.staff, noticeBody()), 400, 'VALIDATION_FAILED')
    expectError(
      await post('/api/communities/00000000-0000-4000-8000-000000000000/notices', s.admin, noticeBody()),
      404,
      'NOT_FOUND',
    )
    // Attachments must be the publisher's own unattached uploads.
    const aliceUpload = (await uploadFile(s.alice, jpeg(), 'a.jpg', 'image/jpeg')).body
    expectError(
      await post(noticesPath(s), s.staff, noticeBody({ attachmentIds: [aliceUpload.id] })),
      400,
      'VALIDATION_FAILED',
    )
    expectError(
      await post(noticesPath(s), s.staff, noticeBody({ body: '本月支出请联系法轮功' })),
      422,
      'CONTENT_REJECTED',
    )
    expect(await h.db.query(sql`SELECT id FROM notices WHERE community_id = ${s.communityId}`)).toEqual([])
    // A 公示期 ending less than a minute ago (a form sent a moment late) is taken, ending just after publication.
    const late = await publish(h, s, { objectionsUntil: '2031-03-03T00:59:30.000Z' })
    expect(Date.parse(late.objectionsUntil)).toBeGreaterThan(Date.parse(START))
    // The admin publishes in any community.
    await ok(h, 'POST', noticesPath(s), s.admin, noticeBody(), 201)
  })

  it('takes photos and PDFs (by their bytes) as attachments, in order; a fake PDF is refused', async () => {
    const s = await noticeScene(h)
    const photo = await uploadFile(s.staff, jpeg({ width: 40, height: 30 }), 'p.jpg', 'image/jpeg')
    const doc = await uploadFile(s.staff, pdf())
    expect(doc.status, JSON.stringify(doc.body)).toBe(201)
    expect(doc.body).toMatchObject({ contentType: 'application/pdf', width: null, height: null })
    expect(photo.body).toMatchObject({ contentType: 'image/jpeg', width: 40, height: 30 })

    // Judged by bytes: HTML called a PDF is refused; a PDF cut short (no end marker) too; a PDF over 5 MB too.
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>')
    expectError(await uploadFile(s.staff, html), 415, 'UNSUPPORTED_MEDIA_TYPE')
    const cut = pdf().subarray(0, 40)
    expectError(await uploadFile(s.staff, cut), 400, 'VALIDATION_FAILED')
    expectError(await uploadFile(s.staff, pdf(MAX_UPLOAD_BYTES)), 413, 'PAYLOAD_TOO_LARGE')
    // Exactly 5 MB is taken.
    const fits = pdf()
    expect((await uploadFile(s.staff, pdf(MAX_UPLOAD_BYTES - fits.length))).status).toBe(201)

    const n = await publish(h, s, { attachmentIds: [doc.body.id, photo.body.id] })
    expect(n.attachments).toEqual([
      expect.objectContaining({ id: doc.body.id, contentType: 'application/pdf', width: null }),
      expect.objectContaining({ id: photo.body.id, contentType: 'image/jpeg', width: 40, height: 30 }),
    ])
    // Anyone signed in sees them, a resident of another community too, and the PDF is served as it was sent.
    const seen = await ok(h, 'GET', `/api/notices/${n.id}`, s.outsider)
    const file = await h.app.request(seen.attachments[0].url)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('application/pdf')
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf())
    expect((await call(h.app, 'GET', `/api/uploads/${doc.body.id}`, { token: s.outsider.token })).status).toBe(200)
    expect((await call(h.app, 'GET', `/api/uploads/${doc.body.id}`)).status).toBe(401)

    // A PDF is no photo: a wish refuses it, and the table refuses an image without its size.
    const wishPdf = await uploadFile(s.alice, pdf())
    expectError(
      await post('/api/wishes', s.alice, {
        title: '帮忙取快递',
        description: '腿脚不便，想请人帮忙从驿站取个快递',
        category: 'daily_goods',
        photoIds: [wishPdf.body.id],
      }),
      400,
      'VALIDATION_FAILED',
    )
    await expect(h.db.query(sql`UPDATE uploads SET width = NULL WHERE id = ${photo.body.id}`)).rejects.toMatchObject({
      constraint: 'uploads_image_has_size',
    })
    await expect(
      h.db.query(sql`UPDATE uploads SET width = 10, height = 10 WHERE id = ${doc.body.id}`),
    ).rejects.toMatchObject({ constraint: 'uploads_image_has_size' })
  })
})

describe('GET /api/notices/:id', () => {
  it('anyone signed in reads a notice; each reader counted once', async () => {
    const s = await noticeScene(h)
    const n = await publish(h, s)
    expect((await ok(h, 'GET', `/api/notices/${n.id}`, s.alice)).readCount).toBe(1)
    expect((await ok(h, 'GET', `/api/notices/${n.id}`, s.alice)).readCount).toBe(1)
    expect((await ok(h, 'GET', `/api/notices/${n.id}`, s.outsider)).readCount).toBe(2)
    expect((await ok(h, 'GET', `/api/notices/${n.id}`, s.foreignStaff)).readCount).toBe(3)
    const listed = await ok(h, 'GET', noticesPath(s), s.bob)
    expect(listed.items[0]).toMatchObject({ id: n.id, readCount: 3 })
    expectError(await call(h.app, 'GET', `/api/notices/${n.id}`), 401, 'UNAUTHENTICATED')
    expectError(await call(h.app, 'GET', '/api/notices/nope', { token: s.alice.token }), 400, 'VALIDATION_FAILED')
    expectError(
      await call(h.app, 'GET', '/api/notices/00000000-0000-4000-8000-000000000000', { token: s.alice.token }),
      404,
      'NOT_FOUND',
    )
    expectError(
      await call(h.app, 'GET', `${noticesPath(s)}?kind=x`, { token: s.alice.token }),
      400,
      'VALIDATION_FAILED',
    )
    expectError(
      await call(h.app, 'GET', `${noticesPath(s)}?limit=99`, { token: s.alice.token }),
      400,
      'VALIDATION_FAILED',
    )
  })
})

describe('a published notice is never edited', () => {
  const rowOf = async (id: string) => (await h.db.query(sql`SELECT * FROM notices WHERE id = ${id}`))[0]

  it('has no PATCH, PUT or DELETE, for anyone', async () => {
    const s = await noticeScene(h)
    const n = await publish(h, s)
    const before = await rowOf(n.id)
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      for (const user of [s.staff, s.admin]) {
        const reply = await call(h.app, method, `/api/notices/${n.id}`, {
          token: user.token,
          body: { title: '改过的标题', body: '改过的内容', kind: 'notice' },
        })
        expect([404, 405]).toContain(reply.status)
      }
      const onList = await call(h.app, method, `${noticesPath(s)}`, { token: s.staff.token, body: { title: 'x' } })
      expect([404, 405]).toContain(onList.status)
    }
    expect(await rowOf(n.id)).toEqual(before)
  })

  it('the database refuses to change or delete it, whoever sends the statement', async () => {
    const s = await noticeScene(h)
    const n = await publish(h, s, { objectionsUntil: at(3) })
    const before = await rowOf(n.id)
    for (const change of [
      sql`UPDATE notices SET title = '悄悄改掉' WHERE id = ${n.id}`,
      sql`UPDATE notices SET body = '悄悄改掉的内容' WHERE id = ${n.id}`,
      sql`UPDATE notices SET kind = 'notice' WHERE id = ${n.id}`,
      sql`UPDATE notices SET objections_until = NULL WHERE id = ${n.id}`,
      sql`DELETE FROM notices WHERE id = ${n.id}`,
    ]) {
      await expect(h.db.query(change)).rejects.toMatchObject({ code: 'LN001' })
    }
    expect(await rowOf(n.id)).toEqual(before)
  })
})

describe('corrections (supersedesId)', () => {
  it('a correction links both ways; both stay listed; a notice is corrected once', async () => {
    const s = await noticeScene(h)
    const old = await publish(h, s)
    h.clock.advance(1000)
    const fix = await publish(h, s, { title: '2031年2月社区公益金收支公示（更正）', supersedesId: old.id })
    expect(fix).toMatchObject({
      supersedesId: old.id,
      supersedes: { id: old.id, title: old.title },
      supersededBy: null,
    })
    const oldNow = await ok(h, 'GET', `/api/notices/${old.id}`, s.alice)
    expect(oldNow).toMatchObject({ supersededById: fix.id, supersededBy: { id: fix.id, title: fix.title } })
    expect(oldNow.title).toBe(old.title)
    const listed = await ok(h, 'GET', noticesPath(s), s.alice)
    expect(listed.items.map((x: { id: string; supersededById: string | null }) => [x.id, x.supersededById])).toEqual([
      [fix.id, null],
      [old.id, fix.id],
    ])
    expect(await notificationsOf(s.alice.id, 'notice.published')).toEqual([
      { title: '社区发布了新公告', entity_id: old.id },
      { title: '社区更正了一则公告', entity_id: fix.id },
    ])
    // Once: a second correction of the same notice is refused; the correction itself may be corrected.
    expectError(
      await post(noticesPath(s), s.staff, noticeBody({ supersedesId: old.id })),
      409,
      'NOTICE_ALREADY_CORRECTED',
    )
    await publish(h, s, { supersedesId: fix.id })
    // A corrected notice takes no more objections: they go to the correction.
    const open = await publish(h, s, { objectionsUntil: at(1) })
    await publish(h, s, { supersedesId: open.id, objectionsUntil: at(1) })
    expect((await ok(h, 'GET', `/api/notices/${open.id}`, s.alice)).objectionsOpen).toBe(false)
    expectError(await post(`/api/notices/${open.id}/objections`, s.alice, { body: '有意见' }), 409, 'OBJECTIONS_CLOSED')
  })

  it('only staff of the same community correct, and only a notice of that community', async () => {
    const s = await noticeScene(h)
    const old = await publish(h, s)
    // Staff of another community cannot publish here at all, nor correct our notice from their own community.
    expectError(await post(noticesPath(s), s.foreignStaff, noticeBody({ supersedesId: old.id })), 403, 'FORBIDDEN')
    expectError(
      await post(
        `/api/communities/${s.otherCommunityId}/notices`,
        s.foreignStaff,
        noticeBody({ supersedesId: old.id }),
      ),
      404,
      'NOT_FOUND',
    )
    expectError(
      await post(noticesPath(s), s.staff, noticeBody({ supersedesId: '00000000-0000-4000-8000-000000000000' })),
      404,
      'NOT_FOUND',
    )
    expect((await ok(h, 'GET', `/api/notices/${old.id}`, s.alice)).supersededById).toBeNull()
  })
})

describe('objections and replies', () => {
  it('verified members object in the 公示期; public, the name masked; staff reply once; the objector is told', async () => {
    const s = await noticeScene(h)
    const n = await publish(h, s, { objectionsUntil: at(2) })
    expect(n.objectionsOpen).toBe(true)
    const objection = await ok(
      h,
      'POST',
      `/api/notices/${n.id}/objections`,
      s.alice,
      { body: '老年活动室茶水费用请列明细' },
      201,
    )
    expect(objection).toMatchObject({ noticeId: n.id, authorName: '王小明', mine: true, reply: null })
    expect(await notificationsOf(s.staff.id, 'notice.objection')).toEqual([
      { title: '公告收到居民意见', entity_id: n.id },
    ])

    const reply = await ok(
      h,
      'POST',
      `/api/objections/${objection.id}/reply`,
      s.staff,
      { body: '茶水费明细已贴在活动室门口，欢迎查看' },
      201,
    )
    expect(reply).toMatchObject({
      id: objection.id,
      authorName: '王小明',
      reply: { body: '茶水费明细已贴在活动室门口，欢迎查看' },
    })
    expect(await auditRowsOf(h, n.id, 'notice.objection')).toEqual([
      expect.objectContaining({ action: 'notice.objection_replied', actor_id: s.staff.id }),
    ])
    expect(await notificationsOf(s.alice.id, 'notice.objection_replied')).toEqual([
      { title: '您的意见有了答复', entity_id: n.id },
    ])

    // Public to everyone signed in, the objector's name masked except to them and the community's staff.
    const byOutsider = await ok(h, 'GET', `/api/notices/${n.id}`, s.outsider)
    expect(byOutsider.objections).toEqual([
      expect.objectContaining({
        authorName: '王**',
        mine: false,
        reply: expect.objectContaining({ body: expect.any(String) }),
      }),
    ])
    expect(JSON.stringify(byOutsider)).not.toContain('王小明')
    expect((await ok(h, 'GET', `/api/notices/${n.id}`, s.staff)).objections[0].authorName).toBe('王小明')
    expect((await ok(h, 'GET', `/api/notices/${n.id}`, s.alice)).objections[0].authorName).toBe('王小明')
    expect((await ok(h, 'GET', noticesPath(s), s.bob)).items[0].objectionCount).toBe(1)

    // Once per objection; by staff of the community only.
    const again = await post(`/api/objections/${objection.id}/reply`, s.staff, { body: '再答复一次' })
    expectError(again, 409, 'OBJECTION_ALREADY_REPLIED')
    const second = await ok(h, 'POST', `/api/notices/${n.id}/objections`, s.bob, { body: '希望下次提前公示' }, 201)
    expectError(await post(`/api/objections/${second.id}/reply`, s.alice, { body: '我来答复' }), 403, 'FORBIDDEN')
    expectError(
      await post(`/api/objections/${second.id}/reply`, s.foreignStaff, { body: '我来答复' }),
      403,
      'FORBIDDEN',
    )
    expectError(await post(`/api/objections/${second.id}/reply`, null, { body: '我来答复' }), 401, 'UNAUTHENTICATED')
    for (const bad of [{}, { body: '好' }, { body: '字'.repeat(501) }, { body: '好的', extra: 1 }]) {
      expectError(await post(`/api/objections/${second.id}/reply`, s.staff, bad), 400, 'VALIDATION_FAILED')
    }
    expectError(
      await post('/api/objections/00000000-0000-4000-8000-000000000000/reply', s.staff, { body: '答复内容' }),
      404,
      'NOT_FOUND',
    )
    expectError(await post('/api/objections/nope/reply', s.staff, { body: '答复内容' }), 400, 'VALIDATION_FAILED')
    // Staff reply after the window has closed too.
    h.clock.set(at(3))
    await ok(h, 'POST', `/api/objections/${second.id}/reply`, s.admin, { body: '下次会提前公示' }, 201)
  })

  it('refuses non-members, other communities, staff, bad input; 409 OBJECTIONS_CLOSED outside the window', async () => {
    const s = await noticeScene(h)
    const n = await publish(h, s, { objectionsUntil: at(2) })
    const path = `/api/notices/${n.id}/objections`
    const body = { body: '有不同意见' }
    expectError(await post(path, s.nonMember, body), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await post(path, s.outsider, body), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await post(path, s.staff, body), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await post(path, s.foreignStaff, body), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await post(path, null, body), 401, 'UNAUTHENTICATED')
    for (const bad of [{}, { body: '嗯' }, { body: '字'.repeat(501) }, { body: 3 }, { body: '有意见', extra: 1 }]) {
      expectError(await post(path, s.alice, bad), 400, 'VALIDATION_FAILED')
    }
    expectError(await post(path, s.alice, { body: '支持法轮功' }), 422, 'CONTENT_REJECTED')
    expectError(
      await post('/api/notices/00000000-0000-4000-8000-000000000000/objections', s.alice, body),
      404,
      'NOT_FOUND',
    )
    // A notice without a 公示期 takes no objections.
    const plain = await publish(h, s)
    expectError(await post(`/api/notices/${plain.id}/objections`, s.alice, body), 409, 'OBJECTIONS_CLOSED')

    // The window: open a millisecond before its end, closed at its end (the clock moved, the statement decides).
    h.clock.set(new Date(Date.parse(at(2)) - 1).toISOString())
    await ok(h, 'POST', path, s.bob, body, 201)
    h.clock.set(at(2))
    expectError(await post(path, s.alice, body), 409, 'OBJECTIONS_CLOSED')
    expect((await ok(h, 'GET', `/api/notices/${n.id}`, s.alice)).objectionsOpen).toBe(false)
    const rows = await h.db.query(sql`SELECT author_id FROM notice_objections WHERE notice_id = ${n.id}`)
    expect(rows).toEqual([{ author_id: s.bob.id }])
  })
})
