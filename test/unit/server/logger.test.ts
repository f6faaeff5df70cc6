import { afterEach, describe, expect, it, vi } from 'vitest'
import { jsonLogger } from '../../../src/server/lib/logger'

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe('the JSON logger on standard output', () => {
  afterEach(() => vi.restoreAllMocks())

  it('writes the lines of one turn of the event loop at once, in order, and each turn its own', async () => {
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
      written.push(String(text))
      return true
    })
    const log = jsonLogger()
    log.info('request', { requestId: 'a', status: 200 })
    log.error('notify.run_failed', { message: 'timeout' })
    expect(written).toEqual([])

    await nextTurn()
    expect(written).toHaveLength(1)
    const lines = written[0]!.split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { time: expect.any(String), level: 'info', event: 'request', requestId: 'a', status: 200 },
      { time: expect.any(String), level: 'error', event: 'notify.run_failed', message: 'timeout' },
    ])

    log.info('request', { requestId: 'b' })
    await nextTurn()
    expect(written).toHaveLength(2)
    expect(JSON.parse(written[1]!)).toMatchObject({ event: 'request', requestId: 'b' })
  })
})
