import { describe, expect, it } from 'vitest'
import { DEFAULT_TEMPLATE_FIELDS, loadConfig } from '../../../src/server/config'
import { subscribeMessage } from '../../../src/server/lib/notify-sender'

describe('WECHAT_TEMPLATES', () => {
  it('maps notification kinds to templates: an id alone takes the default fields', () => {
    const config = loadConfig({
      WECHAT_TEMPLATES: JSON.stringify({
        'wish.approved': 'tmpl-a',
        'booking.reminder': { id: 'tmpl-b', fields: { thing4: 'body', time2: 'time' } },
      }),
    })
    expect(config.notify).toEqual({
      templates: {
        'wish.approved': { id: 'tmpl-a', fields: DEFAULT_TEMPLATE_FIELDS },
        'booking.reminder': { id: 'tmpl-b', fields: { thing4: 'body', time2: 'time' } },
      },
      miniprogramState: 'formal',
    })
    expect(loadConfig({}).notify.templates).toEqual({})
  })

  it('fails fast on a malformed value', () => {
    expect(() => loadConfig({ WECHAT_TEMPLATES: '{not json' })).toThrow(/WECHAT_TEMPLATES/)
    expect(() => loadConfig({ WECHAT_TEMPLATES: '{"wish.approved": 1}' })).toThrow(/WECHAT_TEMPLATES/)
    expect(() => loadConfig({ WECHAT_TEMPLATES: '{"x": {"id": "t", "fields": {"thing1": "nope"}}}' })).toThrow(
      /WECHAT_TEMPLATES/,
    )
    expect(() => loadConfig({ WECHAT_MINIPROGRAM_STATE: 'beta' })).toThrow(/WECHAT_MINIPROGRAM_STATE/)
  })
})

describe('subscribeMessage', () => {
  const row = {
    notification_id: 'n1',
    attempts: 1,
    kind: 'topic.update',
    title: '议题有新进展',
    body: '「东门停车位改建」进展 60%：已完成地面划线，下周安装充电桩。',
    entity_type: 'topic',
    entity_id: 't-1',
    created_at: new Date('2030-01-07T16:05:00Z'),
    openid: 'oABCDEFGHIJKLMNOPQRSTUVWXYZ0',
  }

  it('fills the template’s fields, cut to WeChat’s limits, with the page of what it is about', () => {
    const message = subscribeMessage(
      row,
      { id: 'tmpl', fields: { thing1: 'title', thing2: 'body', time3: 'time', phrase4: 'title' } },
      'trial',
    )
    expect(message).toEqual({
      touser: row.openid,
      template_id: 'tmpl',
      page: 'pages/topic-detail/index?id=t-1',
      miniprogram_state: 'trial',
      lang: 'zh_CN',
      data: {
        thing1: { value: '议题有新进展' },
        thing2: { value: '「东门停车位改建」进展 60%：已完成…' },
        // Shanghai time: the next morning.
        time3: { value: '2030-01-08 00:05' },
        phrase4: { value: '议题有新…' },
      },
    })
    expect([...message.data.thing2!.value]).toHaveLength(20)
  })

  it('opens 我的预约 for bookings and the inbox for anything else', () => {
    const fields = { thing1: 'title' } as const
    expect(subscribeMessage({ ...row, entity_type: 'booking' }, { id: 't', fields }, 'formal').page).toBe(
      'pages/my-bookings/index',
    )
    expect(subscribeMessage({ ...row, entity_type: 'volunteer' }, { id: 't', fields }, 'formal').page).toBe(
      'pages/notifications/index',
    )
    expect(
      subscribeMessage({ ...row, entity_type: 'wish', entity_id: 'w 1' }, { id: 't', fields }, 'formal').page,
    ).toBe('pages/wish-detail/index?id=w%201')
  })
})
