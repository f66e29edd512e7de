/**
 * Which message each submitted part belongs to, so a receipt for any part resolves: the
 * message is `delivered` when all its parts are, `failed` as soon as one fails. Kept in memory
 * (a receipt may follow its submit_sm_resp in the same packet) and in the instance's durable
 * state (`part:<gateway>:<id>` → externalId, `msg:<externalId>` → the record), so receipts
 * after a restart or a move to another node resolve too. Its event's idempotency key is
 * `dlr:<gateway>:<message_id>` of the receipt that settled the message; a receipt repeated
 * after that (for any part) answers the same event again, which the host ignores.
 */
import type { ConnectorContext, InboundEvent } from '#core/connectors/types'
import type { MessageStatusPayload } from '#core/connectors/messaging'
import { idVariants, type Receipt } from './receipt.js'

export interface MessageRecord {
  externalId: string
  total: number
  delivered: string[]
  /** The event that settled the message, repeated as it was for a late receipt. */
  final?: InboundEvent<MessageStatusPayload>
}

const MEMORY_LIMIT = 10_000

export class PartTracker {
  private parts = new Map<string, string>()
  private messages = new Map<string, MessageRecord>()

  constructor(private readonly state: ConnectorContext['state']) {}

  /** Called as each part is accepted (synchronously, before its receipt can be read). */
  accepted(gateway: string, partId: string, externalId: string, total: number) {
    if (this.parts.size >= MEMORY_LIMIT) this.parts.delete(this.parts.keys().next().value!)
    if (this.messages.size >= MEMORY_LIMIT) this.messages.delete(this.messages.keys().next().value!)
    this.parts.set(`${gateway}:${partId}`, externalId)
    if (!this.messages.has(externalId)) this.messages.set(externalId, { externalId, total, delivered: [] })
  }

  /** Makes a sent message's parts durable. */
  async save(gateway: string, externalId: string, partIds: string[]) {
    for (const id of partIds) await this.state.set(`part:${gateway}:${id}`, externalId)
    const record = this.messages.get(externalId) ?? { externalId, total: partIds.length, delivered: [] }
    await this.state.set(`msg:${externalId}`, record)
  }

  private async find(gateway: string, id: string): Promise<{ partId: string; externalId: string } | undefined> {
    for (const v of idVariants(id)) {
      const externalId = this.parts.get(`${gateway}:${v}`) ?? (await this.state.get<string>(`part:${gateway}:${v}`))
      if (externalId) return { partId: v, externalId }
    }
    return undefined
  }

  /** The message_status to deliver for a final receipt, or undefined while parts are missing. */
  async onReceipt(gateway: string, receipt: Receipt): Promise<InboundEvent<MessageStatusPayload> | undefined> {
    const found = await this.find(gateway, receipt.messageId)
    const key = `dlr:${gateway}:${found?.partId ?? receipt.messageId}`
    // a receipt for a message this instance never sent (or long forgotten): reported as it is
    if (!found) return statusEvent(key, receipt.messageId, receipt)
    const record = this.messages.get(found.externalId) ?? (await this.state.get<MessageRecord>(`msg:${found.externalId}`)) ?? { externalId: found.externalId, total: 1, delivered: [] }
    this.messages.set(found.externalId, record)
    if (record.final) return record.final
    if (receipt.status === 'failed') record.final = statusEvent(key, found.externalId, receipt)
    else if (!record.delivered.includes(found.partId)) record.delivered.push(found.partId)
    if (!record.final && record.delivered.length >= record.total) record.final = statusEvent(key, found.externalId, receipt)
    await this.state.set(`msg:${found.externalId}`, record)
    return record.final
  }
}

function statusEvent(key: string, externalId: string, receipt: Receipt): InboundEvent<MessageStatusPayload> {
  const payload: MessageStatusPayload = { channel: 'sms', externalId, status: receipt.status === 'delivered' ? 'delivered' : 'failed', at: new Date().toISOString() }
  if (receipt.error) payload.error = receipt.error
  return { type: 'message_status', idempotencyKey: key, payload }
}
