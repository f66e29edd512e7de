/**
 * The `smpp` connector: one transceiver bind per configured gateway, `send_message` through
 * them (sender.ts), delivery receipts → `message_status` (tracker.ts) and inbound SMS →
 * `message_in` (inbound.ts). Health: up when every gateway is bound, degraded when some are,
 * down when none; the detail names each gateway's state (never a password).
 */
import type smpp from 'smpp'
import type { Connector, ConnectorContext, ConnectorHealth, InboundEvent } from '#core/connectors/types'
import type { SendMessageInput, SendMessageResult } from '#core/connectors/messaging'
import { smppConfig, type SmppConfig } from './config.js'
import { Gateway } from './gateway.js'
import { messageOf, MoAssembler } from './inbound.js'
import { isReceipt, parseReceipt } from './receipt.js'
import { Sender } from './sender.js'
import { PartTracker } from './tracker.js'

export class SmppConnector implements Connector {
  private ctx!: ConnectorContext
  private config!: SmppConfig
  private gateways: Gateway[] = []
  private sender!: Sender
  private tracker!: PartTracker
  private mo!: MoAssembler
  private current: ConnectorHealth = { status: 'stopped' }
  /** deliver_sm handling, one at a time: receipts and parts read and write the same state. */
  private chain: Promise<unknown> = Promise.resolve()
  private stopped = false

  async start(ctx: ConnectorContext) {
    this.ctx = ctx
    this.config = smppConfig(ctx.config)
    this.stopped = false
    this.tracker = new PartTracker(ctx.state)
    this.mo = new MoAssembler(ctx.state)
    this.gateways = this.config.gateways.map(
      (g) =>
        new Gateway(g, {
          enquireLinkSeconds: this.config.enquireLinkSeconds,
          onDeliver: (gateway, pdu) => this.onDeliver(gateway, pdu),
          onChange: () => this.report(),
          log: (entry) => ctx.log(entry),
        })
    )
    this.sender = new Sender(this.gateways, this.tracker, ctx, this.config.deliveryReceipts)
    ctx.signal.addEventListener('abort', () => void this.stop(), { once: true })
    this.report()
    for (const g of this.gateways) g.start()
  }

  health(): ConnectorHealth {
    return this.current
  }

  private report() {
    if (this.stopped) return
    const bound = this.gateways.filter((g) => g.status === 'bound').length
    const status = bound === this.gateways.length ? 'up' : bound ? 'degraded' : 'down'
    const detail = this.gateways.map((g) => `${g.key}: ${g.detail}`).join('; ')
    if (this.current.status === status && this.current.detail === detail) return
    this.current = { status, detail, since: new Date().toISOString() }
    this.ctx.setHealth({ status, detail })
  }

  private onDeliver(gateway: Gateway, pdu: smpp.PDU): Promise<void> {
    const run = this.chain.then(() => this.handle(gateway, pdu))
    this.chain = run.catch(() => undefined)
    return run
  }

  private async handle(gateway: Gateway, pdu: smpp.PDU) {
    let event: InboundEvent | undefined
    if (isReceipt(pdu.esm_class ?? 0)) {
      const receipt = parseReceipt(messageOf(pdu).text, { receiptedMessageId: pdu.receipted_message_id, messageState: pdu.message_state })
      if (receipt && receipt.status !== 'pending') event = await this.tracker.onReceipt(gateway.key, receipt)
    } else event = await this.mo.onDeliver(gateway.key, pdu)
    const operation = `deliver_sm:${gateway.key}:${isReceipt(pdu.esm_class ?? 0) ? 'receipt' : 'mo'}`
    if (!event) return this.ctx.log({ direction: 'in', operation, status: 'ok' })
    const t0 = Date.now()
    try {
      await this.ctx.deliver(event)
      this.ctx.log({ direction: 'in', operation, status: 'ok', latencyMs: Date.now() - t0, correlationId: event.idempotencyKey })
    } catch (error) {
      this.ctx.log({ direction: 'in', operation, status: 'error', correlationId: event.idempotencyKey, error: (error as Error).message })
      throw error
    }
  }

  async perform(action: string, input: unknown): Promise<SendMessageResult> {
    if (action !== 'send_message') throw new Error(`smpp has no action "${action}"`)
    if (!this.sender) throw new Error('the smpp instance is not started')
    return this.sender.send(input as SendMessageInput)
  }

  /** Binds each gateway once (a throwaway bind) and unbinds: which ones accept this config. */
  async test(): Promise<{ ok: boolean; detail: string }> {
    const config = this.config ?? smppConfig(this.ctx?.config ?? {})
    const results = await Promise.all(
      config.gateways.map(async (g) => {
        let settle!: () => void
        const settled = new Promise<void>((resolve) => (settle = resolve))
        const gateway = new Gateway(g, { enquireLinkSeconds: 300, onDeliver: async () => {}, onChange: () => gateway.status !== 'connecting' && settle(), log: () => {} })
        gateway.start()
        let timer: NodeJS.Timeout | undefined
        await Promise.race([settled, new Promise((r) => (timer = setTimeout(r, 10_000)))])
        clearTimeout(timer)
        const result = { ok: gateway.status === 'bound', detail: `${g.key}: ${gateway.detail}` }
        await gateway.stop()
        return result
      })
    )
    return { ok: results.every((r) => r.ok), detail: results.map((r) => r.detail).join('; ') }
  }

  async stop() {
    if (this.stopped) return
    this.stopped = true
    await Promise.all(this.gateways.map((g) => g.stop()))
    await this.chain
    if (this.ctx) {
      this.current = { status: 'stopped', detail: 'stopped', since: new Date().toISOString() }
      this.ctx.setHealth({ status: 'stopped', detail: 'stopped' })
    }
  }
}
