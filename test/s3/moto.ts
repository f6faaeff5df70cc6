import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import type { StorageConfig } from '../../src/server/lib/storage'

/**
 * A real S3-protocol server on loopback: moto's (`moto_server`, from Python's moto), on a free port, with a bucket
 * made for the file. Missing, it fails the file loudly: CI runs this project (.ci/run) to prove the S3 backend.
 */
export interface Moto {
  config: Extract<StorageConfig, { kind: 's3' }>
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export async function startMoto(bucket = 'llt-test-photos'): Promise<Moto> {
  const port = await freePort()
  const child: ChildProcess = spawn(process.env.MOTO_SERVER ?? 'moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`moto_server could not start (pip install "moto[server]"): ${error.message}`)),
    )
    child.once('exit', (code) => reject(new Error(`moto_server exited with ${code}: ${stderr.slice(-2000)}`)))
  })
  const endpoint = `http://127.0.0.1:${port}`
  const ready = (async () => {
    for (let attempt = 0; attempt < 150; attempt++) {
      try {
        await fetch(`${endpoint}/moto-api/`)
        return
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    throw new Error(`moto_server did not answer on ${endpoint}: ${stderr.slice(-2000)}`)
  })()
  await Promise.race([ready, exited])
  const config = {
    kind: 's3' as const,
    endpoint,
    region: 'us-east-1',
    bucket,
    accessKeyId: 'test',
    secretAccessKey: 'test',
    forcePathStyle: true,
  }
  const s3 = new S3Client({ ...config, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })
  await s3.send(new CreateBucketCommand({ Bucket: bucket }))
  s3.destroy()
  return {
    config,
    stop: async () => {
      exited.catch(() => undefined)
      if (child.exitCode === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await gone
      }
    },
  }
}
