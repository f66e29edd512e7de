import { randomInt } from 'node:crypto'
import { engine } from '#core/engine/engine'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { testApp } from '#core/testing/app'
import type { MessageInPayload } from '#core/connectors/messaging'
import { numberButtons, pressNumbered } from './numbered.js'
import { sendMessage } from './outbound.js'
import { sendInput } from './send_job.js'

const INSTANCE = 'spec_numbered_sms'
const YES_NO = [[{ label: 'Так', action: 'confirm' }], [{ label: 'Ні', action: 'cancel' }]]

describe('messaging: buttons as numbered options on SMS and e-mail', () => {
  const op = () => ({ set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex })
  const reply = (from: string, text: string, channel: MessageInPayload['channel'] = 'sms'): MessageInPayload => ({ channel, kind: 'message', from, text, externalId: `${from}:${randomInt(1e9)}` })

  beforeAll(async () => {
    await testApp()
  })

  it('writes the buttons under the text, one a line, in order', () => {
    expect(numberButtons('Підтвердити?', [[YES_NO[0][0], YES_NO[1][0]], [{ label: 'Меню', action: 'menu' }]])).toEqual({
      text: 'Підтвердити?\n1 — Так\n2 — Ні\n3 — Меню',
      actions: ['confirm', 'cancel', 'menu'],
    })
  })

  it('an SMS with buttons is recorded with numbered lines; the gateway gets the text without buttons', async () => {
    const to = `+38050${randomInt(1_000_000, 9_999_999)}`
    const { messageId } = await sendMessage(op(), { instance: INSTANCE, channel: 'sms', address: to, text: 'Підтвердити?', buttons: YES_NO })
    const row = await engine.knex('message').where({ id: messageId }).first()
    expect(row.body).toBe('Підтвердити?\n1 — Так\n2 — Ні')
    expect(row.send_options).toEqual({ numbered: ['confirm', 'cancel'] })
    expect(sendInput(row)).toEqual({ to, text: 'Підтвердити?\n1 — Так\n2 — Ні', idempotencyKey: messageId })
  })

  it('a bare number answering the last SMS becomes the button press; anything else stays as typed', async () => {
    const from = `+38050${randomInt(1_000_000, 9_999_999)}`
    await sendMessage(op(), { instance: INSTANCE, channel: 'sms', address: from, text: 'Підтвердити?', buttons: YES_NO })
    expect(await pressNumbered(engine.knex, INSTANCE, reply(from, '1'))).toEqual(jasmine.objectContaining({ kind: 'action', action: 'confirm', text: '1' }))
    expect(await pressNumbered(engine.knex, INSTANCE, reply(from, ' 2 '))).toEqual(jasmine.objectContaining({ kind: 'action', action: 'cancel' }))
    for (const text of ['3', '0', '1 2', 'так', '12 Київська'])
      expect((await pressNumbered(engine.knex, INSTANCE, reply(from, text))).kind)
        .withContext(text)
        .toBe('message')
    // another sender, another connector: nothing to answer
    expect((await pressNumbered(engine.knex, INSTANCE, reply(`${from}9`, '1'))).kind).toBe('message')
    expect((await pressNumbered(engine.knex, 'other_sms', reply(from, '1'))).kind).toBe('message')

    // a later message without buttons: the numbers no longer mean anything
    await sendMessage(op(), { instance: INSTANCE, channel: 'sms', address: from, text: 'Дякуємо' })
    expect((await pressNumbered(engine.knex, INSTANCE, reply(from, '1'))).kind).toBe('message')
  })

  it('Telegram keeps its buttons and a typed number stays text', async () => {
    const chat = String(randomInt(1e9))
    const { messageId } = await sendMessage(op(), { instance: 'spec_numbered_tg', channel: 'telegram', address: chat, text: 'Підтвердити?', buttons: YES_NO })
    const row = await engine.knex('message').where({ id: messageId }).first()
    expect(row.body).toBe('Підтвердити?')
    expect(row.send_options).toEqual({ buttons: YES_NO })
    expect((await pressNumbered(engine.knex, 'spec_numbered_tg', reply(chat, '1', 'telegram'))).kind).toBe('message')
  })
})
