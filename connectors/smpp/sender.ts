/**
 * `send_message`: encodes the text into parts, submits them all through one gateway (parts of
 * one SMS must leave through the same SIM to be joined on the phone), round-robin over the bound
 * gateways; a throttle, a system error or a dropped bind sends the whole message again through
 * the next gateway (with a new reference), a permanent refusal fails at once. The result is kept
 * under the idempotency key: the same key again answers it without submitting.
 */
import { randomInt } from 'node:crypto'
import type { ConnectorContext } from '#core/connectors/types'
import { SentOnce } from '#core/connectors/sent_once'
import type { SendMessageInput, SendMessageResult } from '#core/connectors/messaging'
import { destination, source } from './address.js'
import { encodeSms } from './encoding.js'
import { SubmitError } from './errors.js'
import type { Gateway } from './gateway.js'
import type { PartTracker } from './tracker.js'

export class Sender {
  private next = 0
  private ref = randomInt(256)
  private readonly sent: SentOnce<SendMessageResult>

  constructor(
    private readonly gateways: Gateway[],
    private readonly tracker: PartTracker,
    ctx: ConnectorContext,
    private readonly receipts: boolean
  ) {
    this.sent = new SentOnce({ state: ctx.state })
  }

  send(input: SendMessageInput): Promise<SendMessageResult> {
    if (!input?.idempotencyKey || typeof input.text !== 'string' || !input.text || !input.to) throw new Error('send_message needs to, text and idempotencyKey')
    return this.sent.once(input.idempotencyKey, () => this.submit(input))
  }

  private async submit(input: SendMessageInput): Promise<SendMessageResult> {
    const dest = destination(input.to)
    const failures: string[] = []
    for (const gateway of this.order()) {
      try {
        return await this.through(gateway, input.text, dest)
      } catch (error) {
        if (!(error instanceof SubmitError) || !error.retryable) throw error
        failures.push(error.message)
      }
    }
    for (const g of this.gateways) if (g.status !== 'bound') failures.push(`${g.key}: ${g.detail}`)
    throw new Error(`no SMPP gateway took the message: ${failures.join('; ') || 'none configured'}`)
  }

  /** Bound gateways from the next in turn; those that just throttled last. */
  private order(): Gateway[] {
    const bound = this.gateways.filter((g) => g.status === 'bound')
    const start = this.next++ % Math.max(1, bound.length)
    const turn = [...bound.slice(start), ...bound.slice(0, start)]
    const now = Date.now()
    return [...turn.filter((g) => g.throttledUntil <= now), ...turn.filter((g) => g.throttledUntil > now)]
  }

  private async through(gateway: Gateway, text: string, dest: ReturnType<typeof destination>): Promise<SendMessageResult> {
    const parts = encodeSms(text, (this.ref = (this.ref + 1) % 256))
    const ids: string[] = []
    for (const part of parts) {
      const id = await gateway.submit(
        {
          ...source(gateway.config.sourceAddr),
          ...dest,
          esm_class: part.esmClass,
          data_coding: part.dataCoding,
          registered_delivery: this.receipts ? 1 : 0,
          short_message: part.shortMessage,
        },
        (partId) => this.tracker.accepted(gateway.key, partId, ids[0] ?? partId, parts.length)
      )
      ids.push(id)
    }
    await this.tracker.save(gateway.key, ids[0], ids)
    return { externalId: ids[0], status: 'sent', parts: parts.length }
  }
}
