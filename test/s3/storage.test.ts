import { afterAll, beforeAll, expect, it } from 'vitest'
import { createObjectStore, type ObjectStore } from '../../src/server/lib/storage'
import { makeUser, makeCommunity } from '../api/support/fixtures'
import { call, startHarness, type Harness } from '../api/support/harness'
import { contains, jpeg, photoForm, SECRET_PLACE } from '../api/support/images'
import { storageContract } from '../api/support/storage-contract'
import { startMoto, type Moto } from './moto'

/** The S3 backend against moto's S3 server: the storage contract, then a photo uploaded and read through the app. */
let moto: Moto
let store: ObjectStore
let h: Harness

beforeAll(async () => {
  moto = await startMoto()
  store = createObjectStore(moto.config)
  h = await startHarness({ config: { storage: moto.config } })
}, 60_000)
afterAll(async () => {
  await h?.close()
  await moto?.stop()
})

storageContract('S3', () => store)

it('keeps an uploaded photo in the bucket, cleaned, and serves it back by its signed link', async () => {
  const user = await makeUser(h, 'resident', await makeCommunity(h))
  const reply = await call(h.app, 'POST', '/api/uploads', { token: user.token, body: photoForm(jpeg()) })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  const stored = await store.get(`uploads/${reply.body.id}`)
  expect(stored).not.toBeNull()
  expect(contains(stored!, SECRET_PLACE)).toBe(false)
  const image = await h.app.request(reply.body.url)
  expect(image.status).toBe(200)
  expect(new Uint8Array(await image.arrayBuffer())).toEqual(stored)
})
