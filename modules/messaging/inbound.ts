/**
 * Inbound events of the channel connectors (core/connectors/messaging.ts). `message_in`: the
 * message is recorded (status `received`, once per connector and external id), its sender
 * identified (identity.ts), an e-mail threaded to its request; STOP / START change the
 * resident's opt-out; a bare number answering numbered options (SMS, e-mail) becomes that
 * button's press (numbered.ts); then the operator holding the chat sees it live, or the bot gets the
 * turn, or (no bot) it waits for an operator. `message_status`: a delivery report moves an
 * outbound message forward, never back.
 */
import type { MessageInPayload, MessageStatusPayload } from '#core/connectors/messaging'
import type { OpContext } from '#core/records/context'
import { registerInboundHandler } from '#core/connectors/inbound'
import { integrationOp } from '#core/connectors/integration_actor'
import { systemCreate, systemUpdate } from '#core/records/system_write'
import { registeredBot, type InboundTurn } from './conversation.js'
import { identifySender } from './identity.js'
import { storeAttachments } from './attachments.js'
import { optInOut } from './optout.js'
import { chatMessage, handOver, openChat } from './chats.js'
import { conversationIO } from './conversation_io.js'
import { threadTicket } from './threading.js'
import { pressNumbered } from './numbered.js'

/** The text of a message without words: what the timeline shows for it. */
export function bodyOf(p: MessageInPayload): string {
  const text = p.text?.trim()
  if (text) return text
  if (p.kind === 'action') return `▶ ${p.action ?? ''}`.trim()
  if (p.kind === 'started' || p.kind === 'subscribed') return '/start'
  if (p.kind === 'unsubscribed') return '/stop'
  if (p.phone) return `📱 ${p.phone}`
  if (p.location) return `📍 ${p.location.lat}, ${p.location.lon}`
  if (p.attachments?.length) return p.attachments.some((a) => a.mime.startsWith('image/')) ? '📷' : '📎'
  return '…'
}

/** The label of the button whose `action` was pressed, from the last messages sent there (the timeline shows it, not the code). */
async function pressedLabel(op: OpContext, instance: string, p: MessageInPayload): Promise<string | undefined> {
  if (p.kind !== 'action' || !p.action || p.text?.trim()) return undefined
  const recent = await op.db('message').where({ connector: instance, address: p.from, direction: 'outbound' }).orderBy('created_at', 'desc').limit(5).select('send_options')
  for (const m of recent) {
    const rows = (m.send_options?.buttons ?? []) as Array<Array<{ label?: string; action?: string }>>
    const hit = rows.flat().find((b) => b?.action === p.action)
    if (hit?.label) return `▶ ${hit.label}`.slice(0, 500)
  }
  return undefined
}

async function record(op: OpContext, instance: string, p: MessageInPayload, chat: Record<string, any> | undefined) {
  const existing = await op.db('message').where({ connector: instance, external_id: p.externalId, direction: 'inbound' }).first()
  if (existing) return existing
  const contact = await identifySender(op, p)
  // an e-mail answering a request's letter, else the request the open chat was registered as
  const ticket = (await threadTicket(op, p)) ?? chat?.ticket ?? null
  const files = await storeAttachments(op, p.attachments)
  return systemCreate(op, 'message', {
    channel: p.channel,
    direction: 'inbound',
    status: 'received',
    connector: instance,
    address: p.from,
    external_id: p.externalId.slice(0, 255),
    contact,
    ticket,
    body: (await pressedLabel(op, instance, p)) ?? bodyOf(p),
    subject: p.subject?.slice(0, 255) ?? null,
    attachment: files.find((f) => f.file)?.file ?? null,
    attachments: files.length ? files : null,
    sent_at: p.at && !Number.isNaN(Date.parse(p.at)) ? p.at : new Date().toISOString(),
  })
}

registerInboundHandler<MessageInPayload>('message_in', async (event, source) => {
  const op = await integrationOp(source.instance)
  // the chat an operator holds or a resident waits in, looked up once for the whole turn
  const chat = await openChat(op, source.instance, event.payload.from)
  const message = await record(op, source.instance, event.payload, chat)
  const contactId = (message.contact as string | null) ?? null
  if (await optInOut(op, source.instance, event.payload, message)) return
  const p = await pressNumbered(op.db, source.instance, event.payload)
  if (chat) return chatMessage(op, chat, message.id, contactId)
  const bot = registeredBot()
  const turn: InboundTurn = { instance: source.instance, channel: p.channel, address: p.from, contactId, messageId: message.id, payload: p }
  if (!bot) {
    await handOver(op, { instance: source.instance, channel: p.channel, address: p.from, contactId, ticketId: message.ticket, reason: 'no bot' })
    return
  }
  await bot(turn, conversationIO(op, turn))
})

const RANK: Record<string, number> = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4 }

registerInboundHandler<MessageStatusPayload>('message_status', async (event, source) => {
  const op = await integrationOp(source.instance)
  const p = event.payload
  const row = await op.db('message').where({ connector: source.instance, external_id: p.externalId, direction: 'outbound' }).first()
  // the report can beat the send job's commit of the external id: the inbox retries it
  if (!row) throw new Error(`no outbound message ${p.externalId} of ${source.instance} yet`)
  const at = p.at && !Number.isNaN(Date.parse(p.at)) ? p.at : new Date().toISOString()
  const now = RANK[row.status] ?? -1
  if (p.status === 'failed') {
    if (now >= RANK.delivered || row.status === 'failed') return
    await systemUpdate(op, 'message', row.id, { status: 'failed', error: (p.error ?? 'the channel reported a failure').slice(0, 500) })
    return
  }
  if (RANK[p.status] <= now) return
  await systemUpdate(op, 'message', row.id, {
    status: p.status,
    ...(p.status === 'delivered' || (p.status === 'read' && !row.delivered_at) ? { delivered_at: at } : {}),
    ...(p.status === 'read' ? { read_at: at } : {}),
    ...(row.sent_at ? {} : { sent_at: at }),
  })
})
