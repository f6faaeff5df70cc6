import { describe, expect, it } from 'vitest'
import { PROBLEM_STATUSES, PROBLEM_TRANSITIONS, problemActions, type ProblemViewer } from '../../../src/shared/problems'

const nobody: ProblemViewer = { isReporter: false, isStaff: false, isOrgHandler: false, isHandler: false }

describe('problemActions, from the table the server writes its statements from', () => {
  it('offers each action only in the statuses the table starts it from, to whom the table allows', () => {
    const viewers: ProblemViewer[] = [
      nobody,
      { ...nobody, isReporter: true },
      { ...nobody, isStaff: true },
      { ...nobody, isOrgHandler: true },
      { ...nobody, isOrgHandler: true, isHandler: true },
    ]
    for (const status of PROBLEM_STATUSES) {
      for (const viewer of viewers) {
        for (const action of problemActions(status, viewer, false)) {
          const spec = PROBLEM_TRANSITIONS[action]
          expect((spec.from as readonly string[]).includes(status), `${action} from ${status}`).toBe(true)
          expect(spec.who(viewer)).toBe(true)
        }
      }
    }
  })

  it('walks the loop: staff assign, the organisation accepts or returns, the handler resolves, the reporter rates', () => {
    expect(problemActions('submitted', { ...nobody, isStaff: true }, false)).toEqual(['assign', 'escalate'])
    expect(problemActions('assigned', { ...nobody, isOrgHandler: true }, false)).toEqual(['accept', 'return'])
    expect(problemActions('in_progress', { ...nobody, isOrgHandler: true, isHandler: true }, false)).toEqual([
      'resolve',
    ])
    expect(problemActions('resolved', { ...nobody, isReporter: true }, false)).toEqual(['rate'])
    expect(problemActions('reopened', { ...nobody, isStaff: true }, true)).toEqual(['assign'])
    expect(
      problemActions('closed', { isReporter: true, isStaff: true, isOrgHandler: true, isHandler: true }, false),
    ).toEqual([])
  })
})
