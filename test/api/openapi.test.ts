import { execFile } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, startHarness, type Harness } from './support/harness'
import { routeMatrix } from './support/route-matrix'

/**
 * The OpenAPI document as generated clients and linters read it: clean under Redocly's recommended rules (the CLI,
 * a devDependency, run on the document this app generates), every operation named, and its `security` as the
 * authorization matrix finds it.
 */
let h: Harness
let document: OpenApiDocument
beforeAll(async () => {
  h = await startHarness()
  document = (await call<OpenApiDocument>(h.app, 'GET', '/api/openapi.json')).body
})
afterAll(() => h.close())

interface Operation {
  operationId?: string
  security?: Record<string, string[]>[]
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>
  components: { securitySchemes: Record<string, unknown> }
}

const operations = () =>
  Object.entries(document.paths).flatMap(([pattern, ops]) =>
    Object.entries(ops).map(([method, operation]) => ({
      route: `${method.toUpperCase()} ${pattern.replace(/\{(\w+)\}/g, ':$1')}`,
      operation,
    })),
  )

interface LintProblem {
  ruleId: string
  severity: string
  message: string
  location: { pointer?: string }[]
}

/**
 * Redocly's CLI on the document, with nothing sent anywhere (no usage data, no update check). Its recommended rules
 * but one: `info-license` asks for the API's license, and the project has none to name (package.json: private).
 */
async function lint(doc: unknown): Promise<LintProblem[]> {
  const cli = path.join(path.dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-openapi-'))
  try {
    const file = path.join(dir, 'openapi.json')
    fs.writeFileSync(file, JSON.stringify(doc))
    const args = [cli, 'lint', file, '--extends=recommended', '--skip-rule=info-license', '--format=json']
    args.push('--max-problems=10000')
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' }
    // It exits with 1 when it found errors; the report is on stdout either way.
    const { stdout } = await promisify(execFile)(process.execPath, args, { env, maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: { stdout?: string; stderr?: string }) => {
        if (!error.stdout) throw new Error(`redocly lint did not run: ${error.stderr}`)
        return { stdout: error.stdout }
      },
    )
    return (JSON.parse(stdout) as { problems: LintProblem[] }).problems
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe('the OpenAPI document', () => {
  it("is clean under Redocly's recommended rules: no error, no warning", async () => {
    const problems = await lint(document)
    const counts: Record<string, number> = {}
    for (const p of problems) counts[`${p.severity} ${p.ruleId}`] = (counts[`${p.severity} ${p.ruleId}`] ?? 0) + 1
    expect({ counts, first: problems[0] }).toEqual({ counts: {}, first: undefined })
  }, 120_000)

  it('names every operation, each once', () => {
    const ids = operations().map(({ route, operation }) => operation.operationId ?? `(none for ${route})`)
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]+$/.test(id))).toEqual([])
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('says which operations are public, which need a token, and which the cron secret, as the matrix finds', () => {
    const matrix = routeMatrix(() => h)
    expect(document.components.securitySchemes).toHaveProperty('bearerAuth')
    expect(document.components.securitySchemes).toHaveProperty('cronSecret')
    for (const { route, operation } of operations()) {
      const entry = matrix[route]
      expect(entry, route).toBeDefined()
      const expected =
        entry!.expect.anonymous !== 401
          ? []
          : route.includes(' /api/cron/')
            ? [{ cronSecret: [] }]
            : [{ bearerAuth: [] }]
      expect(operation.security, route).toEqual(expected)
    }
  })
})
