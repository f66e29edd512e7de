import { connect, type Socket } from 'node:net'
import { AmiFramer, bannerVersion, serialize, type AmiMessage } from './ami_protocol.js'

export interface SessionOptions {
  host: string
  port: number
  /** For the TCP connect, the banner and each response. */
  timeoutMs: number
  /** Prefix of this session's ActionIDs (one connector's sessions never reuse an id). */
  idPrefix: string
}

interface Pending {
  resolve(value: { response: AmiMessage; events: AmiMessage[] }): void
  reject(error: Error): void
  list: boolean
  response?: AmiMessage
  events: AmiMessage[]
  timer: NodeJS.Timeout
}

/** The peer's answer was `Response: Error` (the message, e.g. `Authentication failed`). */
export class AmiError extends Error {
  constructor(
    readonly action: string,
    readonly response: AmiMessage
  ) {
    super(`${action}: ${response.Message ?? 'error'}`)
  }
}

/**
 * One TCP session with an Asterisk manager: the banner, actions matched to their responses by
 * `ActionID` (lists gathered until their `EventList: Complete`), events to `onEvent`. It does not
 * reconnect (the connector does); when the socket closes every pending action fails.
 */
export class AmiSession {
  private socket!: Socket
  private seq = 0
  private pending = new Map<string, Pending>()
  private closed = false
  version = ''
  onEvent: (event: AmiMessage) => void = () => {}
  onClose: (reason: string) => void = () => {}

  private constructor(private readonly options: SessionOptions) {}

  /** Connects and waits for the banner. */
  static open(options: SessionOptions): Promise<AmiSession> {
    const session = new AmiSession(options)
    return session.connect().then(() => session)
  }

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const { host, port, timeoutMs } = this.options
      const socket = connect({ host, port })
      this.socket = socket
      socket.setEncoding('utf8')
      socket.setNoDelay(true)
      let ready = false
      const fail = (reason: string) => {
        if (!ready) reject(new Error(reason))
        this.shut(reason)
      }
      const timer = setTimeout(() => fail(`no banner from ${host}:${port} in ${timeoutMs} ms`), timeoutMs)
      const framer = new AmiFramer(
        (m) => this.dispatch(m),
        (line) => {
          const version = bannerVersion(line)
          clearTimeout(timer)
          if (!version) return fail(`${host}:${port} is not an Asterisk manager`)
          this.version = version
          ready = true
          resolve()
        }
      )
      socket.on('data', (chunk: string) => {
        try {
          framer.push(chunk)
        } catch (error) {
          fail((error as Error).message)
        }
      })
      socket.on('error', (error) => fail(error.message))
      socket.on('close', () => {
        clearTimeout(timer)
        fail('connection closed')
      })
    })
  }

  private dispatch(message: AmiMessage) {
    const id = message.ActionID
    const pending = id === undefined ? undefined : this.pending.get(id)
    if (!pending) {
      if (message.Event) this.onEvent(message)
      return
    }
    if (message.Response !== undefined && !pending.response) {
      pending.response = message
      if (message.Response === 'Error') return this.settle(id!, new AmiError(message.Action ?? 'action', message))
      if (!pending.list || message.EventList?.toLowerCase() !== 'start') return this.settle(id!)
      return
    }
    if (message.Event && pending.list) {
      if (message.EventList?.toLowerCase() === 'complete') return this.settle(id!)
      pending.events.push(message)
      return
    }
    // an event of an action already answered (OriginateResponse) is an ordinary event
    if (message.Event) this.onEvent(message)
  }

  private settle(id: string, error?: Error) {
    const pending = this.pending.get(id)!
    this.pending.delete(id)
    clearTimeout(pending.timer)
    if (error) pending.reject(error)
    else pending.resolve({ response: pending.response!, events: pending.events })
  }

  /** Sends an action; resolves with its response (and, for a list, its events). */
  send(fields: Record<string, string | number | boolean | string[] | undefined> & { Action: string }, options: { list?: boolean; actionId?: string } = {}) {
    const actionId = options.actionId ?? `${this.options.idPrefix}-${++this.seq}`
    return new Promise<{ actionId: string; response: AmiMessage; events: AmiMessage[] }>((resolve, reject) => {
      if (this.closed) return reject(new Error('the AMI session is closed'))
      const timer = setTimeout(() => {
        this.pending.delete(actionId)
        reject(new Error(`${fields.Action}: no response in ${this.options.timeoutMs} ms`))
      }, this.options.timeoutMs)
      this.pending.set(actionId, {
        resolve: (r) => resolve({ actionId, ...r }),
        reject: (e) => {
          if (e instanceof AmiError) Object.assign(e, { action: fields.Action })
          reject(e)
        },
        list: !!options.list,
        events: [],
        timer,
      })
      this.socket.write(serialize({ ...fields, ActionID: actionId }))
    })
  }

  /** Closes the socket at once (pending actions fail). */
  close(reason = 'closed') {
    this.shut(reason)
  }

  get isOpen() {
    return !this.closed
  }

  private shut(reason: string) {
    if (this.closed) return
    this.closed = true
    this.socket.destroy()
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer)
      this.pending.delete(id)
      p.reject(new Error(reason))
    }
    this.onClose(reason)
  }
}
