import { execFile, execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/**
 * A throwaway PostgreSQL cluster of the test's own, in a temporary folder on a free port, so the test may stop and
 * start it at will (never the shared server on 5432). Run as the current user, or as `postgres` when that is root:
 * PostgreSQL refuses to run as root, and the machine's own server runs as `postgres` too (.ci/run, RECIPES.md).
 */
export interface Cluster {
  port: number
  url: string
  start(): Promise<void>
  stop(mode?: 'fast' | 'immediate'): Promise<void>
  /** Stops the server's processes where they stand (SIGSTOP): connections stay open and nothing answers. */
  freeze(): void
  /** Lets the frozen processes go on (SIGCONT). */
  thaw(): void
  destroy(): Promise<void>
}

/** The folder with initdb and pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/<version>/bin. */
export function findPostgresBin(): { bin: string } | { reason: string } {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : fs.existsSync('/usr/lib/postgresql')
      ? fs
          .readdirSync('/usr/lib/postgresql')
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : []
  const bin = candidates.find((dir) => ['initdb', 'pg_ctl', 'postgres'].every((f) => fs.existsSync(path.join(dir, f))))
  if (!bin) {
    const where = process.env.PG_BIN ? `PG_BIN (${process.env.PG_BIN})` : '/usr/lib/postgresql/<version>/bin'
    return { reason: `no PostgreSQL server binaries (initdb, pg_ctl, postgres) in ${where}` }
  }
  if (process.getuid?.() === 0) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
    if (id.status !== 0) return { reason: 'running as root and there is no postgres user to run PostgreSQL as' }
    if (!fs.existsSync('/usr/sbin/runuser') && !fs.existsSync('/sbin/runuser')) {
      return { reason: 'running as root without runuser to run PostgreSQL as postgres' }
    }
  }
  return { bin }
}

export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** initdb into a new temporary folder; the cluster is not started yet. */
export async function createCluster(bin: string): Promise<Cluster> {
  const asRoot = process.getuid?.() === 0
  const postgresIds = asRoot
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
      }
    : undefined
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-outage-'))
  if (postgresIds) fs.chownSync(dir, postgresIds.uid, postgresIds.gid)
  const data = path.join(dir, 'data')
  const log = path.join(dir, 'postgres.log')
  const port = await freePort()

  // Asynchronous: the requests under test keep flowing while pg_ctl waits for the server.
  const run = (tool: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const command = asRoot ? 'runuser' : path.join(bin, tool)
      const argv = asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args
      execFile(command, argv, { cwd: dir, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
        if (!error) return resolve()
        const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2_000) : ''
        reject(new Error(`${tool} ${args.join(' ')} failed: ${error.message}\n${stderr}${stdout}\n${tail}`))
      })
    })

  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'])
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    // A test database: durability does not matter, start-up and shutdown speed does.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=50',
  ].join(' ')
  let running = false
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop'])
    running = false
  }
  let frozen: number[] = []
  const serverProcesses = () => {
    const postmaster = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
    const children = spawnSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number)
    return [postmaster, ...children]
  }
  const thaw = () => {
    for (const pid of frozen) {
      try {
        process.kill(pid, 'SIGCONT')
      } catch {
        // gone
      }
    }
    frozen = []
  }
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await run('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '30', 'start'])
      running = true
    },
    stop,
    freeze() {
      frozen = serverProcesses()
      for (const pid of frozen) process.kill(pid, 'SIGSTOP')
    },
    thaw,
    async destroy() {
      thaw()
      if (running) await stop('immediate').catch(() => {})
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
