import { beforeAll, describe, expect, it } from 'vitest'
import type { VolunteerApplicationForStaffDto } from '@/shared/identity'
import { bootWeapp, renderPage, textOf, waitFor, type RenderedComponent } from './support/simulate'
import { COMMUNITY, STAFF } from './support/fixtures'

const APPLICATION: VolunteerApplicationForStaffDto = {
  userId: '0b7a4c52-6666-4666-8666-666666666666',
  communityId: COMMUNITY.id,
  status: 'pending',
  reason: null,
  appliedAt: '2025-11-20T01:30:00.000Z',
  decidedAt: null,
  nickname: '赵叔叔',
  realName: '赵建国',
  phone: '13812345678',
}

describe('staff workbench (subpackage) in the weapp build', () => {
  let h: ReturnType<typeof bootWeapp>
  let page: RenderedComponent

  beforeAll(async () => {
    h = bootWeapp('token-staff')
    h.router.current = (req) => {
      const url = new URL(req.url)
      if (url.pathname === '/api/me') return { statusCode: 200, data: STAFF }
      if (url.pathname === '/api/communities')
        return { statusCode: 200, data: { items: [COMMUNITY], nextCursor: null } }
      if (url.pathname === '/api/volunteers/applications') {
        expect(url.searchParams.get('communityId')).toBe(COMMUNITY.id)
        expect(url.searchParams.get('status')).toBe('pending')
        return { statusCode: 200, data: { items: [APPLICATION], nextCursor: null } }
      }
      if (url.pathname === '/api/wishes') {
        expect(url.searchParams.get('status')).toBe('pending_review')
        expect(url.searchParams.get('communityId')).toBe(COMMUNITY.id)
        return { statusCode: 200, data: { items: [], nextCursor: null } }
      }
      if (url.pathname === `/api/volunteers/${APPLICATION.userId}/approve`) {
        return { statusCode: 200, data: { ...APPLICATION, status: 'active' } }
      }
      return undefined
    }
    page = renderPage(h, 'staff/pages/workbench/index')
    await waitFor(() => expect(textOf(page.dom)).toContain('赵建国'))
    await waitFor(() => expect(textOf(page.dom)).toContain('暂时没有待审核的心愿'))
  })

  it('lists the pending application with what staff need to check it', () => {
    const text = textOf(page.dom)
    expect(text).toContain('138 1234 5678')
    expect(text).toContain('幸福里社区')
    expect(text).toContain('11月20日 09:30') // Asia/Shanghai
  })

  it('approves with an idempotency key and takes the application off the list', async () => {
    // 通过 is the row's second button and the page's only primary one.
    const buttons = page.dom.querySelectorAll('.main--application__actions .main--action-button')
    expect(textOf(buttons[1])).toBe('通过')
    page.querySelector('.action-button--primary')?.dispatchEvent('tap')

    await waitFor(() => expect(textOf(page.dom)).toContain('暂时没有待审核的申请'))
    const post = h.requests.find((r) => r.url.endsWith('/approve'))
    expect(post?.method).toBe('POST')
    expect(post?.header['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
  })
})
