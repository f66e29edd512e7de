/**
 * For the bot's specs: the city's records (seeds/vyshhorod/data/*.records.json: companies,
 * the object tree, responsibilities, residents, articles — not the generated accounts nor the
 * history) loaded once through the records import, and a chat that drives the bot's handler
 * with InboundTurn objects and records what it answers through the seam (ConversationIO).
 */
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MessageChannel, MessageInPayload } from '#core/connectors/messaging'
import { engine } from '#core/engine/engine'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { bulkInsert } from '#core/records/import'
import { testApp } from '#core/testing/app'
import type { ConversationIO, InboundTurn, OutboundMessage } from '../../conversation.js'
import { botHandler } from '../handler.js'

let loaded: Promise<Record<string, string>> | undefined

/** The city pack's records (once per run); returns their ids by `$ref`. */
export function cityRecords(): Promise<Record<string, string>> {
  loaded ??= (async () => {
    await testApp()
    const dir = join(process.cwd(), 'seeds', 'vyshhorod', 'data')
    const refs: Record<string, string> = {}
    const op = { set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex }
    const resolve = (v: unknown): unknown => (typeof v === 'string' && v.startsWith('@') ? (refs[v.slice(1)] ?? v) : Array.isArray(v) ? v.map(resolve) : v)
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.records.json'))
      .sort()) {
      const { entity, rows } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { entity: string; rows: Array<Record<string, unknown>> }
      const clean = rows.map(({ $ref: _ref, ...row }) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, resolve(v)])))
      const ids = await bulkInsert(op, entity, clean)
      rows.forEach((row, i) => {
        if (typeof row.$ref === 'string') refs[row.$ref] = ids[i]
      })
    }
    return refs
  })()
  return loaded
}

/** Records what the bot does through the seam. */
export class RecordingIO implements ConversationIO {
  sent: OutboundMessage[] = []
  identified: string[] = []
  linked: string[] = []
  handedOver: Array<string | undefined> = []

  async send(message: OutboundMessage) {
    this.sent.push(message)
    return { messageId: randomUUID() }
  }
  async identify(contactId: string) {
    this.identified.push(contactId)
  }
  async linkTicket(ticketId: string) {
    this.linked.push(ticketId)
  }
  async handOver(reason?: string) {
    this.handedOver.push(reason)
  }
}

/** A resident writing to the bot on one connector: each call is one turn, answering what the bot sent in it. */
export class Chat {
  readonly io = new RecordingIO()
  readonly address = `spec_${randomUUID().slice(0, 8)}`
  private seq = 0

  constructor(
    public contactId: string | null,
    readonly instance = 'city_telegram',
    readonly channel: MessageChannel = 'telegram',
    readonly language = 'uk'
  ) {}

  async turn(payload: Partial<MessageInPayload>): Promise<OutboundMessage[]> {
    const before = this.io.sent.length
    const turn: InboundTurn = {
      instance: this.instance,
      channel: this.channel,
      address: this.address,
      contactId: this.contactId,
      messageId: randomUUID(),
      payload: { channel: this.channel, kind: 'message', from: this.address, externalId: `${this.address}:${++this.seq}`, language: this.language, ...payload },
    }
    await botHandler(turn, this.io)
    if (this.io.identified.length) this.contactId = this.io.identified[this.io.identified.length - 1] // the core links the address
    return this.io.sent.slice(before)
  }

  say = (text: string) => this.turn({ text })
  press = (action: string) => this.turn({ kind: 'action', action })
}

/** The texts of the messages, one string (for `toContain`). */
export const textOf = (messages: OutboundMessage[]) => messages.map((m) => m.text).join('\n---\n')

/** Every button action offered in the messages. */
export const actionsOf = (messages: OutboundMessage[]) => messages.flatMap((m) => (m.buttons ?? []).flat().map((b) => b.action))

/** Files a no_cold_water request at the resident's flat in the fewest turns; returns its id. */
export async function fileNoColdWater(chat: Chat, flat: string): Promise<string> {
  await chat.say('немає холодної води')
  await chat.press('kb:register')
  for (const step of ['v:0', 'skip', 'skip', 'skip', 'skip', `addr:${flat}`]) await chat.press(step)
  const out = await chat.press('confirm')
  const id = chat.io.linked[chat.io.linked.length - 1]
  if (!id) throw new Error(`not filed: ${textOf(out)}`)
  return id
}
