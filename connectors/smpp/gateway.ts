/**
 * One SMPP bind to one gateway: connects, binds as transceiver, keeps the session alive with
 * enquire_link, answers the SMSC's requests (deliver_sm after `onDeliver` resolves, enquire_link,
 * unbind) and reconnects with backoff after a drop or a refused bind. `submit` paces submit_sm
 * by the gateway's rate and window and fails a dropped or silent bind as retryable.
 */
import smpp from 'smpp'
import { backoff } from '#core/connectors/breaker'
import type { ConnectorLogEntry } from '#core/connectors/types'
import type { GatewayConfig } from './config.js'
import { ESME_RX_T_APPN, statusName, SubmitError } from './errors.js'
import { Throttle } from './throttle.js'

const CONNECT_TIMEOUT_MS = 10_000
const RESPONSE_TIMEOUT_MS = 10_000
/** A refused bind is not retried faster than this (a wrong password must not hammer the SMSC). */
const REFUSED_MAX_MS = 60_000

export interface GatewayOptions {
  enquireLinkSeconds: number
  /** Handles a deliver_sm; the SMSC gets deliver_sm_resp OK when it resolves, a temporary error when it throws. */
  onDeliver(gateway: Gateway, pdu: smpp.PDU): Promise<void>
  onChange(): void
  log(entry: ConnectorLogEntry): void
}

export class Gateway {
  status: 'bound' | 'connecting' | 'down' = 'connecting'
  detail = 'connecting'
  /** Until then (ms) the SMSC asked us to slow down: round-robin passes over this gateway. */
  throttledUntil = 0
  private session?: smpp.Session
  private attempt = 0
  private stopped = false
  private timers = new Set<NodeJS.Timeout>()
  private pending = new Map<number, (error: SubmitError) => void>()
  private closed?: Promise<void>
  readonly throttle: Throttle

  constructor(
    readonly config: GatewayConfig,
    private readonly options: GatewayOptions
  ) {
    this.throttle = new Throttle(config.ratePerSecond, config.windowSize)
  }

  get key() {
    return this.config.key
  }

  get where() {
    return `${this.config.host}:${this.config.port}`
  }

  start() {
    this.stopped = false
    this.connect()
  }

  private setStatus(status: Gateway['status'], detail: string) {
    if (this.status === status && this.detail === detail) return
    this.status = status
    this.detail = detail
    this.options.onChange()
  }

  private later(ms: number, run: () => void) {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      run()
    }, ms)
    this.timers.add(timer)
    return timer
  }

  private clear(timer?: NodeJS.Timeout) {
    if (!timer) return
    clearTimeout(timer)
    this.timers.delete(timer)
  }

  private connect() {
    if (this.stopped) return
    if (this.config.password === undefined) return this.setStatus('down', `no password set (gateways: ${this.key})`)
    const session = smpp.connect({ host: this.config.host, port: this.config.port })
    this.session = session
    let refused = false
    let why = 'connection closed'
    const connectTimer = this.later(CONNECT_TIMEOUT_MS, () => {
      why = 'no answer (timeout)'
      session.destroy()
    })
    this.closed = new Promise((resolve) => session.socket.once('close', () => resolve()))
    session.on('error', (error: NodeJS.ErrnoException) => (why = error.code ?? error.message))
    session.on('connect', () => this.bind(session, connectTimer, () => (refused = true)))
    session.on('pdu', (pdu: smpp.PDU) => this.onPdu(session, pdu))
    session.on('close', () => {
      this.clear(connectTimer)
      if (this.session !== session) return
      this.session = undefined
      const error = new SubmitError(`${this.key}: the bind dropped`, true)
      for (const fail of this.pending.values()) fail(error)
      this.pending.clear()
      this.throttle.dispose(error)
      if (this.stopped) return
      if (!refused) this.setStatus('down', `${this.where}: ${this.status === 'bound' ? 'connection lost' : why}`)
      const wait = backoff(++this.attempt, refused ? { maxMs: REFUSED_MAX_MS } : {})
      this.later(wait, () => this.connect())
    })
  }

  private bind(session: smpp.Session, connectTimer: NodeJS.Timeout, markRefused: () => void) {
    const t0 = Date.now()
    const bind = new smpp.PDU('bind_transceiver', {
      system_id: this.config.systemId,
      password: this.config.password,
      system_type: this.config.systemType,
      interface_version: 0x34,
    })
    session.send(bind, (resp) => {
      this.clear(connectTimer)
      if (resp.command_status !== 0) {
        markRefused()
        const reason = `bind refused by ${this.where} for ${this.config.systemId}: ${statusName(resp.command_status)}`
        this.options.log({ direction: 'out', operation: `bind_transceiver:${this.key}`, status: 'refused', latencyMs: Date.now() - t0, error: statusName(resp.command_status) })
        this.setStatus('down', reason)
        return session.close()
      }
      this.attempt = 0
      this.options.log({ direction: 'out', operation: `bind_transceiver:${this.key}`, status: 'ok', latencyMs: Date.now() - t0 })
      this.setStatus('bound', `bound to ${this.where} as ${this.config.systemId}`)
      this.keepAlive(session)
    })
  }

  /** enquire_link every interval; no answer within the interval (10 s at most) drops the session. */
  private keepAlive(session: smpp.Session) {
    const every = this.options.enquireLinkSeconds * 1000
    this.later(every, () => {
      if (this.session !== session || this.stopped) return
      const deadline = this.later(Math.min(every, RESPONSE_TIMEOUT_MS), () => {
        this.options.log({ direction: 'out', operation: `enquire_link:${this.key}`, status: 'error', error: 'no answer' })
        session.destroy()
      })
      session.send(new smpp.PDU('enquire_link'), () => {
        this.clear(deadline)
        this.keepAlive(session)
      })
    })
  }

  private onPdu(session: smpp.Session, pdu: smpp.PDU) {
    if (pdu.isResponse()) return
    if (pdu.command === 'deliver_sm') {
      this.options.onDeliver(this, pdu).then(
        () => session.send(pdu.response()),
        // kept nowhere: the SMSC keeps it and delivers it again
        () => session.send(pdu.response({ command_status: ESME_RX_T_APPN }))
      )
    } else if (pdu.command === 'enquire_link') session.send(pdu.response())
    else if (pdu.command === 'unbind') {
      session.send(pdu.response())
      session.close()
    } else if (pdu.command !== 'alert_notification' && pdu.command !== 'outbind') session.send(pdu.response({ command_status: 0x03 }))
  }

  /** Sends one submit_sm when the rate and window allow; resolves with the SMSC's message_id. */
  async submit(fields: Record<string, unknown>, onAccepted?: (messageId: string) => void): Promise<string> {
    if (this.status !== 'bound') throw new SubmitError(`${this.key}: not bound`, true)
    const release = await this.throttle.acquire()
    try {
      return await this.send(fields, onAccepted)
    } finally {
      release()
    }
  }

  /** `onAccepted` runs as the answer is read, before a receipt that follows it in the same packet. */
  private send(fields: Record<string, unknown>, onAccepted?: (messageId: string) => void): Promise<string> {
    const session = this.session
    if (!session || this.status !== 'bound') return Promise.reject(new SubmitError(`${this.key}: not bound`, true))
    return new Promise((resolve, reject) => {
      const pdu = new smpp.PDU('submit_sm', fields)
      const t0 = Date.now()
      let seq = 0
      const timer = this.later(RESPONSE_TIMEOUT_MS, () => {
        this.pending.delete(seq)
        reject(new SubmitError(`${this.key}: no submit_sm_resp within ${RESPONSE_TIMEOUT_MS / 1000} s`, true))
        session.destroy() // a silent SMSC is a dead bind
      })
      const sent = session.send(pdu, (resp) => {
        this.clear(timer)
        this.pending.delete(seq)
        const ok = resp.command_status === 0
        this.options.log({
          direction: 'out',
          operation: `submit_sm:${this.key}`,
          status: ok ? 'ok' : 'refused',
          latencyMs: Date.now() - t0,
          correlationId: ok ? resp.message_id : undefined,
          error: ok ? undefined : statusName(resp.command_status),
        })
        if (ok) {
          onAccepted?.(String(resp.message_id))
          return resolve(String(resp.message_id))
        }
        const error = SubmitError.fromStatus(this.key, resp.command_status)
        if (error.retryable) this.throttledUntil = Date.now() + 1000
        reject(error)
      })
      seq = pdu.sequence_number
      if (!sent) {
        this.clear(timer)
        return reject(new SubmitError(`${this.key}: the bind dropped`, true))
      }
      this.pending.set(seq, (error) => {
        this.clear(timer)
        reject(error)
      })
    })
  }

  /** Unbinds (waiting a moment for unbind_resp), closes the socket, clears every timer. */
  async stop() {
    this.stopped = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    this.throttle.dispose(new SubmitError(`${this.key}: stopped`, true))
    const session = this.session
    if (session) {
      if (this.status === 'bound') {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 500)
          if (!session.send(new smpp.PDU('unbind'), () => (clearTimeout(timer), resolve()))) (clearTimeout(timer), resolve())
        })
      }
      session.destroy()
      await this.closed
    }
    this.status = 'down'
    this.detail = 'stopped'
  }
}
