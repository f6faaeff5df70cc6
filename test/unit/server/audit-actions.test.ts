import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { WISH_EVENT_TYPES } from '../../../src/shared/wishes'
import { AUDIT_ACTION_PHRASES } from '../../../src/shared/workbench'
import { auditActionPhrase } from '../../../src/staff/components/audit-entry/phrases'

/**
 * 操作记录 shows every action in words (issue #18: it showed the raw code "stats.export"). Actions written through
 * recordAudit and the repos' audit helpers are typed by AuditAction, so the compiler checks them; the ones written as
 * literals inside SQL (statements and triggers that insert into audit_log themselves) are found here.
 */

const SERVER = join(__dirname, '../../../src/server')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return /\.(ts|sql)$/.test(entry.name) ? [path] : []
  })
}

/** A prefix written with an interpolated verb (`'wish.${spec.event}'`), and the verbs it can take. */
const VERBS: Record<string, readonly string[]> = {
  wish: WISH_EVENT_TYPES,
  // The problem transitions staff make, which problems/repo.ts audits (auditWhen).
  problem: ['assigned', 'resolved', 'escalated'],
}

/** Every action a statement that inserts into audit_log names as a literal, with the file it is in. */
function actionsInSql(): { action: string; file: string }[] {
  return sources(SERVER).flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    return [...text.matchAll(/INSERT INTO audit_log/g)].flatMap((m) => {
      const statement = text.slice(m.index, m.index + 700)
      const literals = [...statement.matchAll(/'([a-z_]+\.[a-z_]+)'/g)].map((l) => l[1]!)
      const templated = [...statement.matchAll(/'([a-z_]+)\.\$\{[^}]+\}'/g)].flatMap((t) => {
        const verbs = VERBS[t[1]!]
        expect(verbs, `${file}: the verbs of '${t[1]}.\${…}' are not listed in this test`).toBeDefined()
        return verbs!.map((verb) => `${t[1]}.${verb}`)
      })
      return [...literals, ...templated].map((action) => ({ action, file }))
    })
  })
}

describe('audit actions', () => {
  it('finds the actions written inside SQL, including the export that showed as a code', () => {
    const found = new Set(actionsInSql().map((a) => a.action))
    expect(found).toContain('stats.export')
    expect(found).toContain('comment.hidden_by_reports')
    expect(found).toContain('wish.read_private')
    expect(found).toContain('wish.approved')
  })

  it('has a Chinese phrase for every action the server writes', () => {
    const missing = actionsInSql().filter(({ action }) => !(action in AUDIT_ACTION_PHRASES))
    expect(missing).toEqual([])
  })

  it('never shows a code: every phrase is Chinese, and an unknown action still reads as words', () => {
    for (const [action, phrase] of Object.entries(AUDIT_ACTION_PHRASES)) {
      expect(phrase, action).toMatch(/^[\u4e00-\u9fff（）、，]+$/)
      expect(auditActionPhrase(action)).toBe(phrase)
    }
    expect(auditActionPhrase('stats.export')).toBe('导出了数据表格')
    expect(auditActionPhrase('parking.towed')).toBe('进行了一项操作')
  })
})
