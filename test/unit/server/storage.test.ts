import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { localStore } from '../../../src/server/lib/storage'
import { storageContract } from '../../api/support/storage-contract'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-store-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

storageContract('local folder', () => localStore(dir))

it('keeps each object as a file under its folder, and leaves no temporary file behind', async () => {
  await localStore(dir).put('uploads/abc-123', Uint8Array.from([9, 9]), 'image/png')
  expect(fs.readFileSync(path.join(dir, 'uploads', 'abc-123'))).toEqual(Buffer.from([9, 9]))
  expect(fs.readdirSync(path.join(dir, 'uploads')).filter((f) => f.endsWith('.tmp'))).toEqual([])
})
