/**
 * One e-mail instance: sends letters through the city's SMTP server (`send_message`), receives
 * them with its own SMTP listener (`message_in`), and watches the SMTP server with `verify()`
 * (again every `checkIntervalMs`, with backoff while it is down). Health: `up` when the SMTP
 * server answers and, when receiving is on, the listener listens; `degraded` when only the
 * listener fails; `down` when the SMTP server cannot be reached or refuses our login.
 */
import { backoff } from '#core/connectors/breaker'
import { SentOnce } from '#core/connectors/sent_once'
import type { SendMessageInput, SendMessageResult } from '#core/connectors/messaging'
import type { Connector, ConnectorContext, ConnectorHealth } from '#core/connectors/types'
import { emailConfig, type EmailConfig } from './config.js'
import { InboundListener, smtpError } from './listener.js'
import { parseInbound } from './parse_inbound.js'
import { SmtpSender } from './sender.js'

interface Side {
  ok: boolean
  detail: string
}

export class EmailConnector implements Connector {
  #ctx!: ConnectorContext
  #config!: EmailConfig
  #sender!: SmtpSender
  #listener?: InboundListener
  #health: ConnectorHealth = { status: 'stopped' }
  #stopped = false
  #smtp: Side = { ok: false, detail: 'SMTP not checked yet' }
  #inbound: Side = { ok: true, detail: 'receiving off' }
  #checkTimer?: NodeJS.Timeout
  #listenTimer?: NodeJS.Timeout
  #checkAttempt = 0
  #listenAttempt = 0
  #checking?: Promise<void>
  #sent!: SentOnce<SendMessageResult>

  async start(ctx: ConnectorContext) {
    this.#ctx = ctx
    this.#config = emailConfig(ctx.config)
    this.#sender = new SmtpSender(this.#config)
    this.#sent = new SentOnce({
      state: ctx.state,
      onRepeat: (_key, earlier) => ctx.log({ direction: 'out', operation: 'send_message', status: 'duplicate', correlationId: earlier.externalId }),
      // sent all the same; a resend after a restart would go again (with the same Message-ID)
      onStateError: (error) => ctx.log({ direction: 'out', operation: 'state', status: 'error', error: error.message }),
    })
    this.#stopped = false
    ctx.signal.addEventListener('abort', () => void this.stop(), { once: true })
    // the host's "Test connection" starts a throwaway instance (`test:<type>`) whose deliveries
    // go nowhere: its listener would take letters and lose them, so it opens none
    if (this.#config.inbound.enabled && !ctx.probe) {
      const where = `${this.#config.inbound.host}:${this.#config.inbound.port}`
      this.#inbound = { ok: false, detail: `not yet receiving on ${where}` }
      this.#listener = new InboundListener(
        this.#config.inbound,
        (raw, session) => this.#letter(raw, session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address),
        (operation, reason) => ctx.log({ direction: 'in', operation, status: 'refused', error: reason })
      )
      await this.#listen()
    }
    await this.#check()
  }

  health(): ConnectorHealth {
    return this.#health
  }

  #report() {
    if (this.#stopped) return
    const status = !this.#smtp.ok ? 'down' : this.#inbound.ok ? 'up' : 'degraded'
    const detail = `${this.#smtp.detail}; ${this.#inbound.detail}`
    if (this.#health.status === status && this.#health.detail === detail) return
    this.#health = { status, detail, since: new Date().toISOString() }
    this.#ctx.setHealth({ status, detail })
  }

  async #listen() {
    const where = `${this.#config.inbound.host}:${this.#config.inbound.port}`
    try {
      await this.#listener!.listen()
      if (this.#stopped) return void (await this.#listener!.close())
      this.#listenAttempt = 0
      this.#inbound = { ok: true, detail: `receiving on ${where}` }
    } catch (error) {
      if (this.#stopped) return
      this.#inbound = { ok: false, detail: `cannot receive on ${where}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }
      this.#ctx.log({ direction: 'in', operation: 'listen', status: 'error', error: this.#inbound.detail })
      this.#listenTimer = setTimeout(() => void this.#listen(), backoff(++this.#listenAttempt))
    }
    this.#report()
  }

  /** One verify(); the next one after `checkIntervalMs` when it worked, sooner (backoff) when not. */
  #check(): Promise<void> {
    this.#checking ??= this.#verify().finally(() => (this.#checking = undefined))
    return this.#checking
  }

  async #verify() {
    if (this.#stopped) return
    clearTimeout(this.#checkTimer)
    const t0 = Date.now()
    const was = this.#smtp.ok
    try {
      await this.#sender.verify()
      this.#smtp = { ok: true, detail: `SMTP ${this.#sender.where} answers` }
      this.#checkAttempt = 0
      if (!was) this.#ctx.log({ direction: 'out', operation: 'verify', status: 'ok', latencyMs: Date.now() - t0 })
    } catch (error) {
      this.#smtp = { ok: false, detail: (error as Error).message }
      if (was || this.#checkAttempt === 0) this.#ctx.log({ direction: 'out', operation: 'verify', status: 'error', latencyMs: Date.now() - t0, error: this.#smtp.detail })
      this.#checkAttempt++
    }
    if (this.#stopped) return
    this.#report()
    const wait = this.#smtp.ok ? this.#config.checkIntervalMs : backoff(this.#checkAttempt)
    this.#checkTimer = setTimeout(() => void this.#check(), wait)
  }

  /** A letter the listener took: delivered (the listener answers 250 only after), or logged and dropped. */
  async #letter(raw: Buffer, envelopeFrom: string | undefined) {
    const t0 = Date.now()
    const inbound = await parseInbound(raw, envelopeFrom, this.#config.inbound.attachmentMaxBytes).catch((error: Error) => {
      // the same bytes would fail again: refused for good rather than retried by the relay
      this.#ctx.log({ direction: 'in', operation: 'message_in', status: 'refused', error: `unreadable letter: ${error.message}` })
      throw smtpError(554, 'unreadable')
    })
    if ('skip' in inbound) {
      this.#ctx.log({ direction: 'in', operation: 'message_in', status: 'refused', correlationId: inbound.externalId, error: `not delivered: ${inbound.skip}` })
      return
    }
    const event = inbound.deliver
    try {
      await this.#ctx.deliver(event)
      this.#ctx.log({ direction: 'in', operation: 'message_in', status: 'ok', latencyMs: Date.now() - t0, correlationId: event.idempotencyKey })
    } catch (error) {
      this.#ctx.log({ direction: 'in', operation: 'message_in', status: 'error', correlationId: event.idempotencyKey, error: (error as Error).message })
      throw error
    }
  }

  async perform(action: string, input: any): Promise<unknown> {
    if (action !== 'send_message') throw new Error(`email has no action "${action}"`)
    return this.send(input as SendMessageInput)
  }

  /** Sends one letter; the same idempotencyKey again answers the first result without sending. */
  send(input: SendMessageInput): Promise<SendMessageResult> {
    return this.#sent.once(input?.idempotencyKey, () => this.#sendLetter(input))
  }

  async #sendLetter(input: SendMessageInput): Promise<SendMessageResult> {
    const t0 = Date.now()
    let externalId: string
    try {
      externalId = await this.#sender.send(input, input.subject?.trim() || this.#config.defaultSubject)
    } catch (error) {
      this.#ctx.log({ direction: 'out', operation: 'send_message', status: 'error', latencyMs: Date.now() - t0, error: (error as Error).message })
      if (SmtpSender.unreachable(error)) void this.#check()
      throw error
    }
    this.#ctx.log({ direction: 'out', operation: 'send_message', status: 'ok', latencyMs: Date.now() - t0, correlationId: externalId })
    return { externalId, status: 'sent' }
  }

  /** verify() with this config. */
  async test(): Promise<{ ok: boolean; detail: string }> {
    const sender = this.#sender ?? new SmtpSender(emailConfig(this.#ctx?.config ?? {}))
    try {
      await sender.verify()
      return { ok: true, detail: `SMTP ${sender.where} answers${this.#config?.smtp.user ? ' and accepts the login' : ''}` }
    } catch (error) {
      return { ok: false, detail: (error as Error).message }
    }
  }

  async stop() {
    if (this.#stopped) return
    this.#stopped = true
    clearTimeout(this.#checkTimer)
    clearTimeout(this.#listenTimer)
    await this.#listener?.close()
    await this.#checking?.catch(() => {})
    await this.#sent?.idle()
    this.#sender?.close()
    this.#health = { status: 'stopped', since: new Date().toISOString() }
  }
}
