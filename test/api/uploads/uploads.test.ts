import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { deleteStaleUploads } from '../../../src/server/features/uploads/service'
import { silentLogger } from '../../../src/server/lib/logger'
import { createObjectStore } from '../../../src/server/lib/storage'
import { MAX_UPLOAD_BYTES } from '../../../src/shared/uploads'
import { expectError } from '../support/assert'
import { makeCommunity, makeUser, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { contains, jpeg, photoForm, png, SECRET_CAMERA, SECRET_PLACE, webp } from '../support/images'
import { DAY_MS, HOUR_MS } from '../support/time'

let h: Harness
let communityId: string
let otherCommunityId: string
let resident: TestUser
let neighbour: TestUser
let stranger: TestUser
let staff: TestUser

beforeAll(async () => {
  h = await startHarness()
  ;[communityId, otherCommunityId] = [await makeCommunity(h), await makeCommunity(h)]
  ;[resident, neighbour, stranger, staff] = await Promise.all([
    makeUser(h, 'resident', communityId),
    makeUser(h, 'resident', communityId),
    makeUser(h, 'resident', otherCommunityId),
    makeUser(h, 'staff', communityId),
  ])
})
afterAll(() => h.close())

const upload = (user: TestUser | undefined, form: FormData | unknown, headers: Record<string, string> = {}) =>
  call(h.app, 'POST', '/api/uploads', { token: user?.token, body: form, headers })

async function uploaded(user: TestUser, bytes: Uint8Array = jpeg()) {
  const reply = await upload(user, photoForm(bytes))
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body as { id: string; url: string; width: number; height: number }
}

/** The bytes the store keeps for an upload. */
const storedBytes = (id: string) => {
  const dir = (h.config.storage as { dir: string }).dir
  const file = path.join(dir, 'uploads', id)
  return fs.existsSync(file) ? new Uint8Array(fs.readFileSync(file)) : null
}

const fetchImage = async (url: string) => {
  const response = await h.app.request(url)
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: new Uint8Array(await response.arrayBuffer()),
    response,
  }
}

const uploadRow = async (id: string) =>
  (
    await h.db.query<{ owner_type: string | null; owner_id: string | null; position: number | null }>(
      sql`SELECT owner_type, owner_id, position FROM uploads WHERE id = ${id}`,
    )
  )[0] ?? null

describe('POST /api/uploads', () => {
  it.each([
    ['a JPEG', jpeg({ width: 640, height: 480 }), 'image/jpeg', 640, 480],
    ['a PNG', png({ width: 300, height: 200 }), 'image/png', 300, 200],
    ['a WebP', webp({ width: 800, height: 600 }), 'image/webp', 800, 600],
  ])(
    'keeps %s with its size read from its header, and its location and camera removed',
    async (_, bytes, type, width, height) => {
      expect(contains(bytes, SECRET_PLACE)).toBe(true)
      const photo = await uploaded(resident, bytes)
      expect(photo).toEqual({
        id: expect.any(String),
        url: expect.stringMatching(/^\/api\/uploads\/[\w-]+\/image\?exp=\d+&sig=/),
        contentType: type,
        width,
        height,
      })
      const stored = storedBytes(photo.id)!
      expect(contains(stored, SECRET_PLACE)).toBe(false)
      expect(contains(stored, SECRET_CAMERA)).toBe(false)
      const image = await fetchImage(photo.url)
      expect(image.status).toBe(200)
      expect(image.type).toBe(type)
      expect(image.bytes).toEqual(stored)
      expect(image.response.headers.get('x-content-type-options')).toBe('nosniff')
    },
  )

  it('judges by the bytes, not the name or the declared type: a PNG named .jpg is a PNG', async () => {
    const reply = await upload(resident, photoForm(png(), 'photo.jpg', 'image/jpeg'))
    expect(reply.status).toBe(201)
    expect((await fetchImage(reply.body.url)).type).toBe('image/png')
  })

  it('refuses a text file named .png with 415, and keeps nothing', async () => {
    const before = await h.db.query(sql`SELECT count(*)::int AS n FROM uploads`)
    const reply = await upload(resident, photoForm(Buffer.from('我不是图片，只是文字'), 'photo.png', 'image/png'))
    expectError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE')
    expect(reply.body.error.message).toContain('JPEG')
    expect(await h.db.query(sql`SELECT count(*)::int AS n FROM uploads`)).toEqual(before)
  })

  it('refuses truncated headers with 400', async () => {
    for (const cut of [jpeg().subarray(0, 30), png().subarray(0, 20), webp().subarray(0, 24), jpeg().subarray(0, 4)]) {
      const reply = await upload(resident, photoForm(cut))
      expectError(reply, 400, 'VALIDATION_FAILED')
      expect(reply.body.error.message).toMatch(/损坏/)
    }
  })

  it('takes 5 MB, and refuses 5 MB and a byte with 413', async () => {
    const padded = (size: number) => {
      const image = jpeg()
      const out = new Uint8Array(size)
      // Scan data up to the size, then the end-of-image marker: a valid JPEG of exactly that many bytes.
      out.set(image.subarray(0, image.length - 2))
      out.fill(0x11, image.length - 2, size - 2)
      out.set([0xff, 0xd9], size - 2)
      return out
    }
    expect((await upload(resident, photoForm(padded(MAX_UPLOAD_BYTES)))).status).toBe(201)
    const reply = await upload(resident, photoForm(padded(MAX_UPLOAD_BYTES + 1)))
    expectError(reply, 413, 'PAYLOAD_TOO_LARGE')
    expect(reply.body.error.message).toContain('5MB')
    // Far past it, refused by its length before it is read.
    expectError(await upload(resident, photoForm(padded(MAX_UPLOAD_BYTES * 2))), 413, 'PAYLOAD_TOO_LARGE')
  })

  it('refuses a form without a file, a body that is not a form, and an anonymous caller', async () => {
    const form = new FormData()
    form.set('file', 'just text')
    expectError(await upload(resident, form), 400, 'VALIDATION_FAILED')
    expectError(await upload(resident, new FormData()), 400, 'VALIDATION_FAILED')
    expectError(await upload(resident, { file: 'x' }), 415, 'UNSUPPORTED_MEDIA_TYPE')
    expectError(await upload(undefined, photoForm(jpeg())), 401, 'UNAUTHENTICATED')
  })

  it('honours an Idempotency-Key: the retry gets the first answer, and one upload is kept', async () => {
    const form = photoForm(jpeg({ width: 111, height: 222 }))
    const headers = { 'idempotency-key': `upload-${Date.now()}-retry` }
    const first = await upload(resident, form, headers)
    const retry = await upload(resident, form, headers)
    expect(first.status).toBe(201)
    expect(retry.body).toEqual(first.body)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    const kept = await h.db.query(sql`SELECT id FROM uploads WHERE uploader_id = ${resident.id} AND width = 111`)
    expect(kept).toHaveLength(1)
    // The retry's own bytes were not left behind in the store.
    const files = fs.readdirSync(path.join((h.config.storage as { dir: string }).dir, 'uploads'))
    const rows = await h.db.query<{ id: string }>(sql`SELECT id FROM uploads`)
    expect(files.filter((f) => !rows.some((r) => r.id === f))).toEqual([])
  })
})

describe('seeing an upload', () => {
  it('shows one attached to nothing to its uploader only; anonymous callers are asked to log in', async () => {
    const photo = await uploaded(resident)
    const mine = await call(h.app, 'GET', `/api/uploads/${photo.id}`, { token: resident.token })
    expect(mine.status).toBe(200)
    expect(mine.body).toMatchObject({ id: photo.id, width: photo.width, height: photo.height })
    expectError(await call(h.app, 'GET', `/api/uploads/${photo.id}`, { token: neighbour.token }), 404, 'NOT_FOUND')
    expectError(await call(h.app, 'GET', `/api/uploads/${photo.id}`, { token: staff.token }), 404, 'NOT_FOUND')
    expectError(await call(h.app, 'GET', `/api/uploads/${photo.id}`), 401, 'UNAUTHENTICATED')
  })

  it('serves the image only by a link the server signed, until it expires', async () => {
    const photo = await uploaded(resident)
    const url = new URL(photo.url, 'http://x')
    const sig = url.searchParams.get('sig')!
    const exp = Number(url.searchParams.get('exp'))
    const tampered = `${url.pathname}?exp=${exp}&sig=${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`
    expect((await fetchImage(tampered)).status).toBe(403)
    expect((await fetchImage(`${url.pathname}?exp=${exp + 3600}&sig=${sig}`)).status).toBe(403)
    const other = await uploaded(resident)
    expect((await fetchImage(`/api/uploads/${other.id}/image?exp=${exp}&sig=${sig}`)).status).toBe(403)
    expect((await fetchImage(`${url.pathname}?exp=${exp}`)).status).toBe(400)
    expect((await fetchImage(photo.url)).status).toBe(200)
    h.clock.advance(2 * HOUR_MS + 1000)
    try {
      const expired = await fetchImage(photo.url)
      expect(expired.status).toBe(403)
    } finally {
      h.clock.advance(-(2 * HOUR_MS + 1000))
    }
  })
})

const WISH = { title: '帮忙修一下门锁', description: '门锁坏了，附上照片', category: 'other' }
const postWish = (user: TestUser, photoIds: unknown) =>
  call(h.app, 'POST', '/api/wishes', { token: user.token, body: { ...WISH, photoIds } })

describe('a wish with photos', () => {
  it('attaches the poster’s own uploads in order and shows them with signed links', async () => {
    const owner = await makeUser(h, 'resident', communityId)
    const photos = [await uploaded(owner, png()), await uploaded(owner, jpeg({ width: 10, height: 20 }))]
    const reply = await postWish(
      owner,
      photos.map((p) => p.id),
    )
    expect(reply.status, JSON.stringify(reply.body)).toBe(201)
    expect(reply.body.photos).toEqual([
      {
        id: photos[0]!.id,
        url: expect.stringContaining(`/api/uploads/${photos[0]!.id}/image?`),
        width: 300,
        height: 200,
      },
      {
        id: photos[1]!.id,
        url: expect.stringContaining(`/api/uploads/${photos[1]!.id}/image?`),
        width: 10,
        height: 20,
      },
    ])
    const read = await call(h.app, 'GET', `/api/wishes/${reply.body.id}`, { token: owner.token })
    expect(read.body.photos).toEqual(reply.body.photos)
    expect(await uploadRow(photos[1]!.id)).toEqual({ owner_type: 'wish', owner_id: reply.body.id, position: 1 })
    expect((await fetchImage(read.body.photos[0].url)).status).toBe(200)
    // Without photos, a wish has none.
    const plain = await call(h.app, 'POST', '/api/wishes', { token: owner.token, body: WISH })
    expect(plain.body.photos).toEqual([])
  })

  it("refuses another's upload, one already attached, the same one twice and more than six, posting nothing", async () => {
    const owner = await makeUser(h, 'resident', communityId)
    const theirs = await uploaded(neighbour)
    const mine = await uploaded(owner)
    const count = async () =>
      (await h.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM wishes WHERE owner_id = ${owner.id}`))[0]!.n
    const refused = async (photoIds: unknown) => {
      const before = await count()
      const reply = await postWish(owner, photoIds)
      expectError(reply, 400, 'VALIDATION_FAILED')
      expect(reply.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
      expect(await count()).toBe(before)
    }
    await refused([mine.id, theirs.id])
    expect(await uploadRow(mine.id)).toEqual({ owner_type: null, owner_id: null, position: null })
    expect(await uploadRow(theirs.id)).toEqual({ owner_type: null, owner_id: null, position: null })
    await refused(['00000000-0000-4000-8000-000000000000'])
    await refused([mine.id, mine.id])
    await refused(['not-a-uuid'])
    await refused(Array.from({ length: 7 }, () => crypto.randomUUID()))
    expect((await postWish(owner, [mine.id])).status).toBe(201)
    await refused([mine.id])
  })

  it('lets exactly one of two wishes posted at once take the same photo', async () => {
    const owner = await makeUser(h, 'resident', communityId)
    const photo = await uploaded(owner)
    const replies = await Promise.all([postWish(owner, [photo.id]), postWish(owner, [photo.id])])
    expect(replies.map((r) => r.status).sort()).toEqual([201, 400])
    const winner = replies.find((r) => r.status === 201)!
    expect(await uploadRow(photo.id)).toMatchObject({ owner_type: 'wish', owner_id: winner.body.id })
  })

  it("shows a wish's photo only to those who may see the wish", async () => {
    const owner = await makeUser(h, 'resident', communityId)
    const photo = await uploaded(owner)
    const wish = (await postWish(owner, [photo.id])).body
    const see = (user?: TestUser) => call(h.app, 'GET', `/api/uploads/${photo.id}`, { token: user?.token })
    // Waiting for review: the owner and staff of the community only.
    expect((await see(owner)).status).toBe(200)
    expect((await see(staff)).status).toBe(200)
    expectError(await see(neighbour), 404, 'NOT_FOUND')
    expectError(await see(stranger), 404, 'NOT_FOUND')
    expectError(await see(), 401, 'UNAUTHENTICATED')
    expect((await call(h.app, 'GET', `/api/wishes/${wish.id}`, { token: stranger.token })).status).toBe(404)
    // Approved, it is on the wall for whoever may read the wish, and so is its photo.
    const approved = await call(h.app, 'POST', `/api/wishes/${wish.id}/review`, {
      token: staff.token,
      body: { approve: true },
    })
    expect(approved.status).toBe(200)
    expect(approved.body.photos.map((p: { id: string }) => p.id)).toEqual([photo.id])
    expect((await see(neighbour)).status).toBe(200)
    expect((await call(h.app, 'GET', `/api/wishes/${wish.id}`, { token: stranger.token })).status).toBe(200)
    expect((await see(stranger)).status).toBe(200)
  })
})

describe('the clean-up of uploads attached to nothing', () => {
  it('deletes them after a day, row and bytes, and keeps attached ones', async () => {
    const owner = await makeUser(h, 'resident', communityId)
    const [loose, kept] = [await uploaded(owner), await uploaded(owner)]
    expect((await postWish(owner, [kept.id])).status).toBe(201)
    const deps = { db: h.db, clock: h.clock, storage: createObjectStore(h.config.storage), log: silentLogger }
    const start = h.clock.now()
    try {
      h.clock.advance(DAY_MS - HOUR_MS)
      await deleteStaleUploads(deps)
      expect(await uploadRow(loose.id)).not.toBeNull()
      expect(storedBytes(loose.id)).not.toBeNull()
      h.clock.advance(2 * HOUR_MS)
      expect(await deleteStaleUploads(deps)).toBeGreaterThanOrEqual(1)
      expect(await uploadRow(loose.id)).toBeNull()
      expect(storedBytes(loose.id)).toBeNull()
      expect(await uploadRow(kept.id)).toMatchObject({ owner_type: 'wish' })
      expect(storedBytes(kept.id)).not.toBeNull()
      // A photo deleted can no longer be attached.
      expectError(await postWish(owner, [loose.id]), 400, 'VALIDATION_FAILED')
    } finally {
      h.clock.set(start)
    }
  })
})
