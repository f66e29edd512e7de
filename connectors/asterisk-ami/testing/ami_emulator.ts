/**
 * A local Asterisk manager for specs and benchmarks: a node:net server speaking the AMI wire
 * protocol (banner, Login with `Authentication accepted` / `Authentication failed`, Ping → Pong,
 * Originate → queued + a later OriginateResponse, CoreShowChannels as an event list, Logoff,
 * ActionID echoed), which plays event transcripts to its logged-in clients. It keeps the channel
 * table the played events describe (Newchannel adds, Hangup removes), as CoreShowChannels
 * reports it, also for events played while nobody was connected (those are lost to clients, as
 * on a real Asterisk). `mute` makes it a dead peer: the socket stays open, nothing answers.
 */
import { createServer, type Server, type Socket } from 'node:net'
import { AmiFramer, serialize, type AmiMessage } from '../ami_protocol.js'
import { DROP, type TranscriptItem } from './transcript.js'

export interface EmulatorOptions {
  username: string
  secret: string
  /** The banner's version (Asterisk 20: 9.0.0; 18: 7.0.3). */
  version?: string
}

interface Client {
  socket: Socket
  loggedIn: boolean
  events: boolean
}

export class AmiEmulator {
  private server?: Server
  private clients = new Set<Client>()
  private channels = new Map<string, AmiMessage>()
  private waiters: Array<() => void> = []
  private seq = 0x2a0
  /** Every action received, in order (Login's Secret included: a spec checks what was sent). */
  readonly actions: AmiMessage[] = []
  /** Count of logins accepted. */
  logins = 0
  /** Actions (lower case) this manager user may not run (manager.conf `write=` lacks their class). */
  readonly denied = new Set<string>()
  /** Dead peer: read everything, answer nothing. */
  mute = false
  port = 0

  constructor(private readonly options: EmulatorOptions) {}

  /** Listens on 127.0.0.1 (a free port unless given; the same port again after a stop). */
  start(port = this.port): Promise<number> {
    const server = createServer((socket) => this.accept(socket))
    this.server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as { port: number }).port
        resolve(this.port)
      })
    })
  }

  /** Closes the listener and every session. */
  async stop() {
    this.drop()
    const server = this.server
    this.server = undefined
    if (server) await new Promise((resolve) => server.close(() => resolve(null)))
  }

  /** Cuts every TCP session at once (the network failed). */
  drop() {
    for (const c of this.clients) c.socket.destroy()
    this.clients.clear()
  }

  /** Sessions logged in with events on. */
  get listeners() {
    return [...this.clients].filter((c) => c.loggedIn && c.events).length
  }

  /** Resolves once `count` logins in total have been accepted. */
  async waitForLogins(count: number, ms = 10_000) {
    const deadline = Date.now() + ms
    while (this.logins < count) {
      if (Date.now() > deadline) throw new Error(`the emulator saw ${this.logins} logins, not ${count}, in ${ms} ms`)
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve)
        setTimeout(resolve, 20)
      })
    }
  }

  /** Sends one event to every logged-in session with events on, and applies it to the channel table. */
  emit(event: AmiMessage) {
    if (event.Event === 'Newchannel' && event.Uniqueid) this.channels.set(event.Uniqueid, event)
    if (event.Event === 'Hangup' && event.Uniqueid) this.channels.delete(event.Uniqueid)
    const bytes = serialize(event)
    for (const c of this.clients) if (c.loggedIn && c.events && !this.mute) c.socket.write(bytes)
  }

  /**
   * Plays a transcript: its events in order, `gapMs` apart; at a `;; drop` marker with
   * `drop: true` the sessions are cut, and the rest waits for the next login unless `lose` (then
   * it is played to nobody, as a real Asterisk would). `duplicate` sends every event twice (a
   * client library replaying, a proxy repeating).
   */
  async play(items: TranscriptItem[], options: { gapMs?: number; drop?: boolean; lose?: boolean; duplicate?: boolean } = {}) {
    for (const item of items) {
      if (item === DROP) {
        if (!options.drop) continue
        const before = this.logins
        this.drop()
        if (!options.lose) await this.waitForLogins(before + 1)
        continue
      }
      this.emit(item)
      if (options.duplicate) this.emit(item)
      if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs))
    }
  }

  private accept(socket: Socket) {
    const client: Client = { socket, loggedIn: false, events: true }
    this.clients.add(client)
    socket.setEncoding('utf8')
    socket.setNoDelay(true)
    socket.on('error', () => {})
    socket.on('close', () => this.clients.delete(client))
    const framer = new AmiFramer((m) => this.action(client, m), undefined, { banner: false })
    socket.on('data', (chunk: string) => framer.push(chunk))
    socket.write(`Asterisk Call Manager/${this.options.version ?? '9.0.0'}\r\n`)
  }

  private reply(client: Client, message: Record<string, string | undefined>) {
    if (!this.mute && !client.socket.destroyed) client.socket.write(serialize(message))
  }

  private action(client: Client, m: AmiMessage) {
    this.actions.push(m)
    if (this.mute) return
    const id: Record<string, string> = m.ActionID !== undefined ? { ActionID: m.ActionID } : {}
    const action = (m.Action ?? '').toLowerCase()
    if (action === 'login') return this.login(client, m, id)
    if (!client.loggedIn || this.denied.has(action)) return this.reply(client, { Response: 'Error', ...id, Message: 'Permission denied' })
    switch (action) {
      case 'ping':
        return this.reply(client, { Response: 'Success', ...id, Ping: 'Pong', Timestamp: (Date.now() / 1000).toFixed(6) })
      case 'logoff':
        this.reply(client, { Response: 'Goodbye', ...id, Message: 'Thanks for all the fish.' })
        return void client.socket.end()
      case 'coreshowchannels':
        return this.showChannels(client, id)
      case 'originate':
        return this.originate(client, m, id)
      default:
        return this.reply(client, { Response: 'Error', ...id, Message: 'Invalid/unknown command' })
    }
  }

  private login(client: Client, m: AmiMessage, id: Record<string, string>) {
    if (m.Username !== this.options.username || m.Secret !== this.options.secret) {
      this.reply(client, { Response: 'Error', ...id, Message: 'Authentication failed' })
      // Asterisk closes the session after a failed login
      return void client.socket.end()
    }
    client.loggedIn = true
    client.events = (m.Events ?? 'on').toLowerCase() !== 'off'
    this.reply(client, { Response: 'Success', ...id, Message: 'Authentication accepted' })
    if (client.events) this.reply(client, { Event: 'FullyBooted', Privilege: 'system,all', Uptime: '3201', LastReload: '3201', Status: 'Fully Booted' })
    this.logins++
    for (const w of this.waiters.splice(0)) w()
  }

  private showChannels(client: Client, id: Record<string, string>) {
    this.reply(client, { Response: 'Success', ...id, EventList: 'start', Message: 'Channels will follow' })
    for (const c of this.channels.values()) {
      this.reply(client, {
        Event: 'CoreShowChannel',
        ...id,
        Channel: c.Channel,
        ChannelState: '6',
        ChannelStateDesc: 'Up',
        CallerIDNum: c.CallerIDNum,
        Context: c.Context,
        Exten: c.Exten,
        Priority: '1',
        Uniqueid: c.Uniqueid,
        Linkedid: c.Linkedid,
        Application: 'Dial',
        BridgeId: '',
        Duration: '00:00:10',
      })
    }
    this.reply(client, { Event: 'CoreShowChannelsComplete', ...id, EventList: 'Complete', ListItems: String(this.channels.size) })
  }

  private originate(client: Client, m: AmiMessage, id: Record<string, string>) {
    if (!m.Channel || !(m.Exten || m.Application)) return this.reply(client, { Response: 'Error', ...id, Message: 'Channel not specified' })
    this.reply(client, { Response: 'Success', ...id, Message: 'Originate successfully queued' })
    const channel = `${m.Channel}-${(this.seq++).toString(16).padStart(8, '0')}`
    const uniqueid = m.ChannelId || `${Math.floor(Date.now() / 1000)}.${this.seq}`
    setTimeout(() => {
      this.emit({
        Event: 'OriginateResponse',
        Privilege: 'call,all',
        ...id,
        Response: 'Success',
        Channel: channel,
        Context: m.Context ?? '',
        Exten: m.Exten ?? '',
        Application: '',
        Data: '',
        Reason: '4',
        Uniqueid: uniqueid,
        CallerIDNum: '<unknown>',
        CallerIDName: '<unknown>',
      })
    }, 5)
  }
}
