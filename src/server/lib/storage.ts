import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type * as S3 from '@aws-sdk/client-s3'

/**
 * Where uploaded files' bytes live: one interface, two backends. A folder on disk for `npm start` (under DATA_DIR),
 * and any S3-compatible store in production (Tencent COS, Aliyun OSS, R2, MinIO, AWS). The database holds what a file
 * is and who may see it; the store only its bytes, under a key the server made (never one a client chose).
 */
export interface ObjectStore {
  readonly kind: 'local' | 's3'
  /** Writes the object, replacing one with the same key. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>
  /** The object's bytes, or null when there is none with that key. */
  get(key: string): Promise<Uint8Array<ArrayBuffer> | null>
  /** Removes the object; removing one that is not there is not an error. */
  delete(key: string): Promise<void>
}

export type StorageConfig =
  | { kind: 'local'; dir: string }
  | {
      kind: 's3'
      /** Unset for AWS itself; the store's URL for the others. */
      endpoint?: string
      region: string
      bucket: string
      accessKeyId: string
      secretAccessKey: string
      /** Buckets in the path (MinIO, moto) rather than the host name. */
      forcePathStyle: boolean
    }

/** Keys are the server's own: letters, digits, dashes and single slashes. Anything else is a bug, refused loudly. */
const KEY_PATTERN = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/

function checkKey(key: string) {
  if (!KEY_PATTERN.test(key)) throw new Error(`not a storage key: ${JSON.stringify(key)}`)
}

export function createObjectStore(config: StorageConfig): ObjectStore {
  return config.kind === 'local' ? localStore(config.dir) : s3Store(config)
}

/** A folder: each object a file, written to a temporary name and renamed, so a reader never sees half of one. */
export function localStore(dir: string): ObjectStore {
  const file = (key: string) => {
    checkKey(key)
    return path.join(dir, ...key.split('/'))
  }
  return {
    kind: 'local',
    async put(key, bytes) {
      const target = file(key)
      await fs.mkdir(path.dirname(target), { recursive: true })
      const temporary = `${target}.${randomUUID()}.tmp`
      await fs.writeFile(temporary, bytes)
      await fs.rename(temporary, target)
    },
    async get(key) {
      try {
        return new Uint8Array(await fs.readFile(file(key)))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
    async delete(key) {
      await fs.rm(file(key), { force: true })
    },
  }
}

/** Any S3-compatible store, through the AWS SDK (loaded on first use: only production needs it). */
function s3Store(config: Extract<StorageConfig, { kind: 's3' }>): ObjectStore {
  let client: Promise<{ s3: S3.S3Client; sdk: typeof S3 }> | undefined
  const connect = () =>
    (client ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        endpoint: config.endpoint,
        region: config.region,
        forcePathStyle: config.forcePathStyle,
        credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
        // A store that does not answer fails the request rather than holding it.
        requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000 },
        maxAttempts: 2,
      }),
    })))
  return {
    kind: 's3',
    async put(key, bytes, contentType) {
      checkKey(key)
      const { s3, sdk } = await connect()
      await s3.send(
        new sdk.PutObjectCommand({ Bucket: config.bucket, Key: key, Body: bytes, ContentType: contentType }),
      )
    },
    async get(key) {
      checkKey(key)
      const { s3, sdk } = await connect()
      try {
        const answer = await s3.send(new sdk.GetObjectCommand({ Bucket: config.bucket, Key: key }))
        return new Uint8Array(answer.Body ? await answer.Body.transformToByteArray() : [])
      } catch (error) {
        if (error instanceof sdk.NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null
        throw error
      }
    },
    async delete(key) {
      checkKey(key)
      const { s3, sdk } = await connect()
      await s3.send(new sdk.DeleteObjectCommand({ Bucket: config.bucket, Key: key }))
    },
  }
}
