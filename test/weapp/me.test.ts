import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CommunityDto, MeDto } from '@/shared/identity'
import {
  bootWeapp,
  cls,
  DIST,
  renderPage,
  textOf,
  waitFor,
  type RenderedComponent,
  type Router,
} from './support/simulate'
import { COMMUNITY, meAs } from './support/fixtures'

const OTHER: CommunityDto = {
  id: '6f1c1d1e-2222-4222-8222-222222222222',
  name: '和平新村社区',
  street: '湖滨街道',
  district: '上城区',
}

const ME: MeDto = meAs({ nickname: '王阿姨', building: '3号楼2单元501' })

const json = (data: unknown, statusCode = 200) => ({ statusCode, data })

/** The API as the page sees it: /api/me and /api/communities with fixed DTOs, PATCH /api/me echoing the change. */
function api(me: MeDto): Router {
  let current = me
  return (req) => {
    const { pathname } = new URL(req.url)
    if (pathname === '/api/me' && req.method === 'GET') return json(current)
    if (pathname === '/api/me' && req.method === 'PATCH') {
      current = { ...current, ...(req.data as Partial<MeDto>) }
      return json(current)
    }
    if (pathname === '/api/communities') return json({ items: [COMMUNITY, OTHER], nextCursor: null })
    return undefined
  }
}

describe('我的 page in the weapp build', () => {
  let h: ReturnType<typeof bootWeapp>
  let page: RenderedComponent

  beforeAll(async () => {
    h = bootWeapp('token-wang')
    h.router.current = api(ME)
    page = renderPage(h, 'pages/me/index')
    await waitFor(() => expect(textOf(page.dom)).toContain('幸福里社区'))
  })

  it('renders the profile, the community and the elder-mode switch from the API', () => {
    const text = textOf(page.dom)
    expect(text).toContain('王阿姨')
    expect(text).toContain('居民')
    expect(text).toContain('幸福里社区')
    expect(text).toContain('上城区 · 湖滨街道')
    expect(text).toContain('长辈模式')
    expect(text).toContain('申请成为志愿者')
    expect(text).not.toContain('进入工作台') // residents get no staff entry
    expect(page.dom.querySelector('wx-switch')).not.toBeNull()
  })

  it('gives WeChat’s screen reader (读屏) the switch’s name and the buttons’ role, through base.wxml', () => {
    // The attributes a node carries, as the runtime sends them to the template that renders it.
    const nodes: Record<string, unknown>[] = []
    const walk = (value: unknown) => {
      if (!value || typeof value !== 'object') return
      if ('nn' in value) nodes.push(value as Record<string, unknown>)
      Object.values(value).forEach(walk)
    }
    walk((page.instance as { data: unknown }).data)
    const base = fs.readFileSync(path.join(DIST, 'base.wxml'), 'utf8')
    const rendered = (node: Record<string, unknown>) => {
      const match = new RegExp(`<template name="tmpl_0_${String(node.nn)}">\\s*(<[^>]*>)`).exec(base)
      return match?.[1] ?? ''
    }

    const toggle = nodes.find((n) => n.ariaLabel === '长辈模式')
    expect(toggle).toBeDefined()
    expect(rendered(toggle!)).toMatch(/^<switch [^>]*aria-label="\{\{i\.ariaLabel\}\}"/)

    const buttons = nodes.filter((n) => n.role === 'button' && String(n.cl).includes('action-button'))
    expect(buttons.length).toBeGreaterThan(0)
    for (const button of buttons) expect(rendered(button)).toMatch(/^<view [^>]*aria-role="\{\{i\.role\}\}"/)
  })

  it('called the API with the stored token', () => {
    const me = h.requests.find((r) => r.url.endsWith('/api/me'))
    // The weapp build calls the absolute TARO_APP_API_BASE origin (http://localhost:3000 unless set at build time).
    expect(me?.url).toMatch(/^https?:\/\/[^/]+\/api\/me$/)
    expect(me?.header.Authorization).toBe('Bearer token-wang')
    expect(h.requests.some((r) => new URL(r.url).pathname === '/api/communities')).toBe(true)
  })

  it('turns elder mode on at once and saves it on the server', async () => {
    const root = () => page.dom.querySelector(cls('page'))
    expect(root()?.className).not.toContain(cls('page--elder').slice(1))

    page.querySelector('.elder-mode')?.dispatchEvent('tap')

    await waitFor(() => expect(root()?.className).toContain(cls('page--elder').slice(1)))
    const patch = await waitFor(() => {
      const found = h.requests.find((r) => r.method === 'PATCH')
      expect(found).toBeDefined()
      return found!
    })
    expect(patch.data).toEqual({ elderMode: true })
    expect(patch.header['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
    // Remembered on the device once the server has answered, not when the request leaves.
    await waitFor(() => expect(h.storage.get('llt.elderMode')).toBe(true))
  })
})
