import { randomUUID } from 'node:crypto'
import type { CallEventPayload, Connector, ConnectorContext, ConnectorHealth, InboundEvent } from '#core/connectors/types'
import { AmiError, AmiSession } from './ami_session.js'
import type { AmiMessage } from './ami_protocol.js'
import { CallTracker, CORRELATION_VAR, DIALED_VAR, type SavedCall } from './call_tracker.js'
import { amiConfig, backoffMs, recordingRef, type AmiConfig } from './config.js'

/** The instance's state key of the calls being followed. */
const OPEN_CALLS = 'open_calls'
const SAVE_EVERY_MS = 1000

/** Asterisk keeps a ChannelId in its Uniqueid: short and plain. */
const CALL_ID = /^[A-Za-z0-9._-]{1,100}$/

export interface OriginateInput {
  extension: string
  number: string
  record?: { entity: string; id: string }
  /** The call id to give the call (Originate's ChannelId), when the caller chose one. */
  callId?: string
}

export interface OriginateResult {
  actionId: string
  /** The call's id (its Linkedid): Originate's ChannelId, so its events carry it. */
  callId: string
  correlationId: string
}

/**
 * One Asterisk manager connection: logs in, keeps the session alive with Ping, reconnects with
 * backoff, maps the event stream to `call_event` deliveries (CallTracker) and, after each
 * reconnect, finishes the calls that ended while it was away (CoreShowChannels).
 */
export class AsteriskAmi implements Connector {
  private ctx!: ConnectorContext
  private config!: AmiConfig
  private session?: AmiSession
  private tracker!: CallTracker
  private state: ConnectorHealth = { status: 'stopped' }
  private stopped = false
  private attempt = 0
  private reconnectTimer?: NodeJS.Timeout
  private pingTimer?: NodeJS.Timeout
  /** Each call's deliveries run one after another, in the stream's order; calls side by side. */
  private deliveries = new Map<string, Promise<void>>()
  private readonly idPrefix = `vikno-${randomUUID().slice(0, 8)}`
  private connecting?: Promise<void>
  private saveTimer?: NodeJS.Timeout

  async start(ctx: ConnectorContext) {
    this.ctx = ctx
    this.config = amiConfig(ctx.config)
    this.stopped = false
    this.tracker = new CallTracker({
      extensionPattern: this.config.extensionPattern,
      settleMs: this.config.settleMs,
      recording: (file) => recordingRef(this.config.recordingTemplate, file),
      emit: (event) => this.deliver(event),
    })
    // calls followed before a restart (or a move to another node) go on where they were
    this.tracker.restore((await ctx.state.get<SavedCall[]>(OPEN_CALLS).catch(() => undefined)) ?? [])
    ctx.signal.addEventListener('abort', () => void this.stop(), { once: true })
    // the first attempt's outcome sets the health; a failure is retried in the background
    await this.connect()
  }

  health(): ConnectorHealth {
    return this.state
  }

  private setHealth(status: ConnectorHealth['status'], detail: string) {
    if (this.state.status === status && this.state.detail === detail) return
    this.state = { status, detail, since: new Date().toISOString() }
    this.ctx.setHealth({ status, detail })
  }

  private get where() {
    return `${this.config.host}:${this.config.port}`
  }

  private connect(): Promise<void> {
    this.connecting ??= this.open().finally(() => (this.connecting = undefined))
    return this.connecting
  }

  private async open() {
    if (this.stopped) return
    let session: AmiSession | undefined
    try {
      session = await AmiSession.open({ host: this.config.host, port: this.config.port, timeoutMs: this.config.timeoutMs, idPrefix: this.idPrefix })
      session.onEvent = (m) => this.onEvent(m)
      session.onClose = (reason) => this.lost(session!, reason)
      await this.login(session)
      if (this.stopped) return session.close('stopped')
      this.session = session
      this.attempt = 0
      this.setHealth('up', `connected to ${this.where} (AMI ${session.version})`)
      this.schedulePing()
      await this.reconcile(session)
    } catch (error) {
      const refused = error instanceof AmiError
      session?.close(refused ? 'login refused' : 'failed')
      if (this.stopped) return
      this.setHealth('down', refused ? `login refused by ${this.where}` : `${this.where}: ${(error as Error).message}`)
      this.scheduleReconnect()
    }
  }

  private async login(session: AmiSession) {
    const t0 = Date.now()
    try {
      await session.send({ Action: 'Login', Username: this.config.username, Secret: this.config.secret, Events: 'on' })
      this.ctx.log({ direction: 'out', operation: 'Login', status: 'ok', latencyMs: Date.now() - t0 })
    } catch (error) {
      this.ctx.log({
        direction: 'out',
        operation: 'Login',
        status: error instanceof AmiError ? 'refused' : 'error',
        latencyMs: Date.now() - t0,
        error: error instanceof AmiError ? 'login refused' : (error as Error).message,
      })
      throw error
    }
  }

  /** Calls we saw ringing whose channels are all gone now ended while we were disconnected. */
  private async reconcile(session: AmiSession) {
    const open = this.tracker.open()
    if (!open.length) return
    try {
      const { events } = await session.send({ Action: 'CoreShowChannels' }, { list: true })
      const alive = new Set(events.map((e) => e.Linkedid || e.Uniqueid))
      for (const id of open) if (!alive.has(id)) this.tracker.finish(id)
    } catch (error) {
      // without `reporting` in manager.conf's write= the calls end with their own events, if any
      this.ctx.log({ direction: 'out', operation: 'CoreShowChannels', status: 'error', error: (error as Error).message })
    }
  }

  private lost(session: AmiSession, reason: string) {
    if (this.session !== session) return
    this.session = undefined
    clearTimeout(this.pingTimer)
    if (this.stopped) return
    this.setHealth('down', `${this.where}: ${reason}`)
    this.scheduleReconnect()
  }

  private scheduleReconnect() {
    if (this.stopped || this.reconnectTimer) return
    const wait = backoffMs(this.attempt++, this.config.reconnectMinMs, this.config.reconnectMaxMs)
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined
      void this.connect()
    }, wait)
  }

  /** A Ping every interval; no answer within the timeout means the peer is gone. */
  private schedulePing() {
    clearTimeout(this.pingTimer)
    this.pingTimer = setTimeout(async () => {
      const session = this.session
      if (!session) return
      try {
        await session.send({ Action: 'Ping' })
        if (this.session === session) this.schedulePing()
      } catch {
        session.close('no answer to Ping')
      }
    }, this.config.pingIntervalMs)
  }

  private onEvent(m: AmiMessage) {
    this.tracker.handle(m)
  }

  /** The open calls go to the instance's state at most once a second. */
  private scheduleSave() {
    if (this.saveTimer || this.stopped) return
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined
      void this.save()
    }, SAVE_EVERY_MS)
  }

  private save() {
    return this.ctx.state.set(OPEN_CALLS, this.tracker.snapshot()).catch((error) => {
      this.ctx.log({ direction: 'in', operation: 'state', status: 'error', error: (error as Error).message })
    })
  }

  private deliver(event: InboundEvent<CallEventPayload>) {
    this.scheduleSave()
    const callId = event.payload.callId
    const next = (this.deliveries.get(callId) ?? Promise.resolve()).then(async () => {
      const t0 = Date.now()
      try {
        await this.ctx.deliver(event)
        this.ctx.log({ direction: 'in', operation: `call_event:${event.payload.event}`, status: 'ok', latencyMs: Date.now() - t0, correlationId: event.payload.callId })
      } catch (error) {
        // the host keeps the event and retries; we only record the failure
        this.ctx.log({ direction: 'in', operation: `call_event:${event.payload.event}`, status: 'error', correlationId: event.payload.callId, error: (error as Error).message })
      }
    })
    this.deliveries.set(callId, next)
    void next.then(() => {
      if (this.deliveries.get(callId) === next) this.deliveries.delete(callId)
    })
  }

  async perform(action: string, input: any): Promise<unknown> {
    if (action !== 'originate') throw new Error(`asterisk-ami has no action "${action}"`)
    return this.originate(input as OriginateInput)
  }

  /**
   * Rings the operator's extension (channelTemplate), then dials the number in the originate
   * context. The call's id is chosen here (ChannelId), so its events are known before they come.
   */
  async originate(input: OriginateInput): Promise<OriginateResult> {
    const session = this.session
    if (!session) throw new Error(`not connected to ${this.where}`)
    const callId = input.callId && CALL_ID.test(input.callId) ? input.callId : `vikno-${randomUUID()}`
    const correlationId = randomUUID()
    const t0 = Date.now()
    const { actionId } = await session.send({
      Action: 'Originate',
      Channel: this.config.channelTemplate.replaceAll('{extension}', input.extension),
      Context: this.config.originateContext,
      Exten: input.number,
      Priority: 1,
      CallerID: this.config.callerId.replaceAll('{number}', input.number),
      Timeout: this.config.originateTimeoutMs,
      ChannelId: callId,
      Async: 'true',
      Variable: [`${DIALED_VAR}=${input.number}`, `${CORRELATION_VAR}=${correlationId}`],
    })
    this.ctx.log({ direction: 'out', operation: 'Originate', status: 'ok', latencyMs: Date.now() - t0, correlationId: callId })
    return { actionId, callId, correlationId }
  }

  /** Logs in with this config and logs off. */
  async test(): Promise<{ ok: boolean; detail: string }> {
    const config = this.config ?? amiConfig(this.ctx?.config ?? {})
    let session: AmiSession | undefined
    try {
      session = await AmiSession.open({ host: config.host, port: config.port, timeoutMs: config.timeoutMs, idPrefix: `${this.idPrefix}-test` })
      await session.send({ Action: 'Login', Username: config.username, Secret: config.secret, Events: 'off' })
      await session.send({ Action: 'Logoff' }).catch(() => undefined)
      return { ok: true, detail: `logged in to ${config.host}:${config.port} (AMI ${session.version})` }
    } catch (error) {
      return { ok: false, detail: error instanceof AmiError ? `login refused by ${config.host}:${config.port}` : `${config.host}:${config.port}: ${(error as Error).message}` }
    } finally {
      session?.close('test done')
    }
  }

  async stop() {
    if (this.stopped) return
    this.stopped = true
    clearTimeout(this.reconnectTimer)
    clearTimeout(this.pingTimer)
    clearTimeout(this.saveTimer)
    this.reconnectTimer = this.pingTimer = this.saveTimer = undefined
    await this.connecting?.catch(() => undefined)
    this.tracker?.dispose()
    const session = this.session
    this.session = undefined
    if (session) {
      await session.send({ Action: 'Logoff' }).catch(() => undefined)
      session.close('stopped')
    }
    await Promise.all([...this.deliveries.values()])
    if (this.tracker) await this.save()
    if (this.ctx) this.setHealth('stopped', 'stopped')
  }
}
