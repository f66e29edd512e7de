/**
 * Inbound SMS (deliver_sm without the receipt bit) → `message_in`. Parts of a concatenated
 * SMS (UDH IE 00 or 08) wait, in the instance's state, until all have come, then go as one
 * message. SMPP gives an MO no id of its own and an SMSC resends a deliver_sm it got no answer
 * for (on a new session, with a new sequence number), so the idempotency key is made of what a
 * resend repeats — `mo:<gateway>:<sender>:<ref.total or s>:<hash of recipient and text>` — and
 * the time it was first seen; the same key within REPEAT_WINDOW_MS is taken for a resend.
 */
import { createHash } from 'node:crypto'
import type smpp from 'smpp'
import type { ConnectorContext, InboundEvent } from '#core/connectors/types'
import type { MessageInPayload } from '#core/connectors/messaging'
import { toE164 } from './address.js'
import { concatInfo, decodeText } from './encoding.js'

export const REPEAT_WINDOW_MS = 10 * 60_000
/** Parts of a concatenated SMS whose rest never comes are dropped after this. */
const PARTS_TTL_MS = 60 * 60_000
const PARTS = 'mo_parts'
const RECENT = 'mo_recent'

interface PendingParts {
  at: number
  total: number
  texts: Record<number, string>
}

/** The text and the UDH of a deliver_sm (short_message, or message_payload when that is used). */
export function messageOf(pdu: smpp.PDU): { text: string; udh: Buffer[] } {
  const body = pdu.message_payload ?? pdu.short_message
  if (!body) return { text: '', udh: [] }
  if (Buffer.isBuffer(body)) return { text: decodeText(body, pdu.data_coding ?? 0), udh: [] }
  const message = body.message
  return { text: typeof message === 'string' ? message : decodeText(Buffer.from(message ?? []), pdu.data_coding ?? 0), udh: body.udh ?? [] }
}

export class MoAssembler {
  constructor(private readonly state: ConnectorContext['state']) {}

  /** The message_in for this deliver_sm, or undefined while parts of it are still missing. */
  async onDeliver(gateway: string, pdu: smpp.PDU, now = Date.now()): Promise<InboundEvent<MessageInPayload> | undefined> {
    const from = toE164(String(pdu.source_addr ?? ''), pdu.source_addr_ton)
    const { text: partText, udh } = messageOf(pdu)
    const concat = concatInfo(udh)
    let text = partText
    let tag = 's'
    if (concat && concat.total > 1) {
      const whole = await this.collect(`${gateway}:${from}:${concat.ref}:${concat.total}`, concat, partText, now)
      if (whole === undefined) return undefined
      text = whole
      tag = `${concat.ref}.${concat.total}`
    }
    const hash = createHash('sha256')
      .update(`${pdu.destination_addr ?? ''}\n${text}`)
      .digest('hex')
      .slice(0, 16)
    const base = `mo:${gateway}:${from}:${tag}:${hash}`
    const first = await this.firstSeen(base, now)
    const payload: MessageInPayload = { channel: 'sms', kind: 'message', from, text, externalId: `${base.slice(3)}:${first}`, at: new Date(first).toISOString() }
    if (from.startsWith('+')) payload.phone = from
    return { type: 'message_in', idempotencyKey: `${base}:${first}`, payload }
  }

  private async collect(id: string, concat: { total: number; seq: number }, text: string, now: number): Promise<string | undefined> {
    const all = (await this.state.get<Record<string, PendingParts>>(PARTS)) ?? {}
    for (const [k, p] of Object.entries(all)) if (now - p.at > PARTS_TTL_MS) delete all[k]
    const pending = (all[id] ??= { at: now, total: concat.total, texts: {} })
    pending.texts[concat.seq] = text
    const seqs = Array.from({ length: pending.total }, (_, i) => i + 1)
    const complete = seqs.every((s) => s in pending.texts)
    if (complete) delete all[id]
    await this.state.set(PARTS, all)
    return complete ? seqs.map((s) => pending.texts[s]).join('') : undefined
  }

  /** When this message was first seen: now, or the earlier time when it is a resend. */
  private async firstSeen(base: string, now: number): Promise<number> {
    const recent = (await this.state.get<Record<string, number>>(RECENT)) ?? {}
    for (const [k, at] of Object.entries(recent)) if (now - at > REPEAT_WINDOW_MS) delete recent[k]
    const first = recent[base] ?? now
    recent[base] = first
    await this.state.set(RECENT, recent)
    return first
  }
}
