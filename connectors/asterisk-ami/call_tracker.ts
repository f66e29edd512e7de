import type { CallEventPayload, InboundEvent } from '#core/connectors/types'
import type { AmiMessage } from './ami_protocol.js'

/** The channel variable Originate sets to mark our own calls (click-to-call). */
export const CORRELATION_VAR = 'VIKNO_CORRELATION'
/** The number the operator's originated call dials (also a channel variable). */
export const DIALED_VAR = 'VIKNO_DIALED'
const RECORDING_VARS = new Set(['MIXMONITOR_FILENAME', 'MONITOR_FILENAME'])

export interface TrackerOptions {
  /** Operators' extensions: a channel `PJSIP/101-0000002a` whose resource matches is an operator's phone. */
  extensionPattern: RegExp
  /**
   * How long the caller's hangup waits for the answer events the stream may still hold
   * (Asterisk can report the caller's Hangup before the agent's DialEnd): then `ended` or `missed`.
   */
  settleMs: number
  /** A recording file name → the reference on the `ended` event (a URL or the name). */
  recording(file: string): string
  emit(event: InboundEvent<CallEventPayload>): void
}

/** What survives a restart of the connector (kept in the instance's state). */
export interface SavedCall {
  id: string
  caller?: string
  dialed?: string
  queue?: string
  extension?: string
  direction: CallEventPayload['direction']
  answered: boolean
  recording?: string
  correlated?: boolean
  emitted: string[]
}

interface Call {
  id: string
  /** Seen from its start (the caller's Newchannel) or restored: a hangup without an answer is `missed`. */
  known?: boolean
  caller?: string
  dialed?: string
  queue?: string
  extension?: string
  direction: CallEventPayload['direction']
  answered: boolean
  recording?: string
  done: boolean
  emitted: Set<string>
  settle?: NodeJS.Timeout
  hangupAt?: string
  /** Originated by us (click-to-call). */
  correlated?: boolean
  touched: number
}

/** The resource of a channel or interface: `PJSIP/101-0000002a`, `SIP/101`, `Local/101@agents-0001;1` → `101`. */
export function resourceOf(channel: string | undefined): string | undefined {
  return channel ? /^[A-Za-z0-9]+\/([^-@;/]+)/.exec(channel)?.[1] : undefined
}

/** `1764763200.123456` (timestampevents=yes) → ISO; otherwise now. */
function atOf(m: AmiMessage): string {
  const ts = Number(m.Timestamp)
  return new Date(Number.isFinite(ts) && ts > 0 ? ts * 1000 : Date.now()).toISOString()
}

/**
 * Maps the Asterisk 18/20 event stream to normalised call events, per call (`Linkedid`):
 * the operator's phone ringing (AgentCalled, DialBegin) → `ringing` with the extension;
 * AgentConnect, DialEnd ANSWER, BridgeEnter of the operator's channel → `answered`; the caller's
 * channel hanging up (Uniqueid = Linkedid) → `ended` when answered, else `missed`;
 * QueueCallerAbandon → `missed`. MixMonitor's file name rides on the `ended` event. Each event is
 * emitted once per call (`${Linkedid}:${event}`; a ringing per extension), whatever the stream
 * repeats; events of a finished call are ignored.
 */
export class CallTracker {
  private calls = new Map<string, Call>()

  constructor(private readonly options: TrackerOptions) {}

  /** Calls not finished yet (their Linkedids). */
  open(): string[] {
    return [...this.calls.values()].filter((c) => !c.done).map((c) => c.id)
  }

  private callOf(m: AmiMessage): Call | undefined {
    const id = m.Linkedid || m.Uniqueid
    if (!id) return undefined
    let call = this.calls.get(id)
    if (!call) {
      call = { id, direction: 'inbound', answered: false, done: false, emitted: new Set(), touched: Date.now() }
      this.calls.set(id, call)
      this.prune()
    }
    call.touched = Date.now()
    return call
  }

  private isOperator(resource: string | undefined): resource is string {
    return !!resource && this.options.extensionPattern.test(resource)
  }

  handle(m: AmiMessage) {
    const call = this.callOf(m)
    if (!call || call.done) return
    const isCaller = m.Uniqueid !== undefined && m.Uniqueid === call.id
    switch (m.Event) {
      case 'Newchannel':
        if (!isCaller) return
        call.known = true
        if (m.Exten && m.Exten !== 's') call.dialed ??= m.Exten
        // an operator's phone calling: to another extension (internal) or out
        if (this.isOperator(resourceOf(m.Channel))) {
          call.direction = 'outbound'
          call.extension ??= resourceOf(m.Channel)
          call.caller ??= call.extension
        } else call.caller ??= m.CallerIDNum
        return
      case 'QueueCallerJoin':
        if (isCaller) call.queue = m.Queue
        return
      case 'VarSet':
        return this.variable(call, m, isCaller)
      case 'AgentCalled':
        return this.ringing(call, resourceOf(m.Interface) ?? m.DestCallerIDNum, m)
      case 'DialBegin': {
        const dest = resourceOf(m.DestChannel)
        if (this.isOperator(dest)) {
          if (call.direction === 'outbound' && !call.correlated) call.direction = 'internal'
          return this.ringing(call, dest, m)
        }
        if (this.isOperator(dest === undefined ? m.DestCallerIDNum : undefined)) return this.ringing(call, m.DestCallerIDNum, m)
        // the operator's phone dials out: it rings the far end
        if (call.direction === 'outbound') return this.ringing(call, call.extension ?? resourceOf(m.Channel), m)
        return
      }
      case 'DialEnd':
        if (m.DialStatus === 'ANSWER') return this.answered(call, resourceOf(m.DestChannel), m)
        return
      case 'AgentConnect':
        return this.answered(call, resourceOf(m.Interface) ?? resourceOf(m.DestChannel), m)
      case 'BridgeEnter': {
        const resource = resourceOf(m.Channel)
        if (!isCaller && this.isOperator(resource) && call.emitted.size) return this.answered(call, resource, m)
        return
      }
      case 'QueueCallerAbandon':
        return this.finish(call, atOf(m))
      case 'Hangup':
        if (!isCaller) return
        call.hangupAt = atOf(m)
        clearTimeout(call.settle)
        call.settle = setTimeout(() => this.finish(call, call.hangupAt!), this.options.settleMs)
        return
    }
  }

  private variable(call: Call, m: AmiMessage, isCaller: boolean) {
    const name = m.Variable
    if (!name || !m.Value) return
    if (RECORDING_VARS.has(name)) call.recording ??= this.options.recording(m.Value)
    else if (name === CORRELATION_VAR && isCaller) {
      call.direction = 'outbound'
      call.correlated = true
      call.extension = resourceOf(m.Channel)
      call.caller = call.extension
      // the operator's own phone rings first
      this.ringing(call, call.extension, m)
    } else if (name === DIALED_VAR && isCaller) call.dialed = m.Value
  }

  private payload(call: Call, event: CallEventPayload['event'], at: string): CallEventPayload {
    const p: CallEventPayload = { event, callId: call.id, caller: call.caller || 'anonymous', at, direction: call.direction }
    if (call.dialed) p.dialed = call.dialed
    if (call.queue) p.queue = call.queue
    if (call.extension) p.extension = call.extension
    return p
  }

  private send(call: Call, key: string, payload: CallEventPayload) {
    if (call.emitted.has(key)) return
    call.emitted.add(key)
    this.options.emit({ type: 'call_event', idempotencyKey: `${call.id}:${key}`, payload })
  }

  private ringing(call: Call, extension: string | undefined, m: AmiMessage) {
    if (!extension || call.answered || call.hangupAt) return
    if (call.direction === 'inbound') call.extension = extension
    this.send(call, `ringing:${extension}`, { ...this.payload(call, 'ringing', atOf(m)), extension })
  }

  private answered(call: Call, extension: string | undefined, m: AmiMessage) {
    if (call.answered) return
    call.answered = true
    if (this.isOperator(extension) && call.direction === 'inbound') call.extension = extension
    this.send(call, 'answered', this.payload(call, 'answered', atOf(m)))
  }

  /** The call is over: `ended` when answered, else `missed` (also for a call found gone after a reconnect). */
  finish(callId: string | Call, at = new Date().toISOString()) {
    const call = typeof callId === 'string' ? this.calls.get(callId) : callId
    if (!call || call.done) return
    clearTimeout(call.settle)
    call.done = true
    // a call met mid-way (the connector restarted without its state) may have been answered
    // before: `ended` lets the intake decide from the record (answered → ended, else missed)
    const event = call.answered || !(call.known || call.emitted.size) ? 'ended' : 'missed'
    const payload = this.payload(call, event, at)
    if (call.recording) payload.recording = call.recording
    this.send(call, event, payload)
  }

  /** The open calls, to restore after a restart. */
  snapshot(): SavedCall[] {
    return [...this.calls.values()]
      .filter((c) => !c.done)
      .map((c) => ({
        id: c.id,
        caller: c.caller,
        dialed: c.dialed,
        queue: c.queue,
        extension: c.extension,
        direction: c.direction,
        answered: c.answered,
        recording: c.recording,
        correlated: c.correlated,
        emitted: [...c.emitted],
      }))
  }

  restore(saved: SavedCall[]) {
    for (const s of saved) {
      if (this.calls.has(s.id)) continue
      this.calls.set(s.id, { ...s, known: true, done: false, emitted: new Set(s.emitted), touched: Date.now() })
    }
  }

  /** Forgets finished calls after a while, and calls silent for a day (their end was lost). */
  private prune() {
    if (this.calls.size < 2_000) return
    const now = Date.now()
    for (const [id, c] of this.calls) if ((c.done && now - c.touched > 600_000) || now - c.touched > 86_400_000) this.calls.delete(id)
  }

  /** Clears every timer (the connector stops): calls waiting to settle are finished at once. */
  dispose() {
    for (const c of this.calls.values()) if (c.settle && !c.done) this.finish(c, c.hangupAt)
  }
}
