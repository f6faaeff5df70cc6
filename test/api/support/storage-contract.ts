import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ObjectStore } from '../../../src/server/lib/storage'

/**
 * What every object store must do, run against each backend: the folder (test/unit/server/storage.test.ts) and a
 * real S3-protocol server (test/s3/storage.test.ts).
 */
export function storageContract(name: string, store: () => ObjectStore) {
  describe(`the ${name} object store`, () => {
    const key = () => `uploads/${randomUUID()}`
    const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) % 256)

    it('gives back the bytes it was given, byte for byte, binary and empty alike', async () => {
      for (const size of [0, 1, 300, 256 * 1024 + 3]) {
        const k = key()
        await store().put(k, bytes(size), 'image/jpeg')
        expect(await store().get(k)).toEqual(bytes(size))
      }
    })

    it('replaces an object put again under the same key', async () => {
      const k = key()
      await store().put(k, bytes(10), 'image/png')
      await store().put(k, Uint8Array.from([1, 2, 3]), 'image/png')
      expect(await store().get(k)).toEqual(Uint8Array.from([1, 2, 3]))
    })

    it('answers null for a key it does not hold, and deletes, also what is not there', async () => {
      const k = key()
      expect(await store().get(k)).toBeNull()
      await store().put(k, bytes(5), 'image/webp')
      await store().delete(k)
      expect(await store().get(k)).toBeNull()
      await expect(store().delete(k)).resolves.toBeUndefined()
    })

    it('keeps keys apart, and refuses a key the server would never make', async () => {
      const [a, b] = [key(), key()]
      await store().put(a, bytes(4), 'image/jpeg')
      await store().put(b, bytes(8), 'image/jpeg')
      expect((await store().get(a))?.length).toBe(4)
      expect((await store().get(b))?.length).toBe(8)
      for (const bad of ['../escape', 'uploads/../../etc/passwd', '/absolute', 'UPPER', 'a//b', '']) {
        await expect(store().put(bad, bytes(1), 'image/jpeg'), bad).rejects.toThrow(/not a storage key/)
        await expect(store().get(bad), bad).rejects.toThrow(/not a storage key/)
      }
    })
  })
}
