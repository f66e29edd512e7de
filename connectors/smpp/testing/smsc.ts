/**
 * A local SMSC for specs and the benchmark: the `smpp` package's server mode speaking SMPP 3.4
 * over TCP. It accepts bind_transceiver with the right system_id and password (else
 * ESME_RBINDFAIL), answers enquire_link and unbind, records every submit_sm decoded (data
 * coding, esm_class, concatenation UDH, text) and answers it with a message id — or with
 * ESME_RTHROTTLED while `throttling`, or with the status set for a destination (`refuse`). It
 * sends delivery receipts and MO messages to its bound session, and stops and starts again on
 * the same port.
 */
import smpp from 'smpp'
import { concatUdh, encodeGsm7, encodeUcs2, isGsm7 } from '../encoding.js'

export interface RecordedSubmit {
  messageId: string
  sourceAddr: string
  destination: string
  dataCoding: number
  esmClass: number
  registeredDelivery: number
  /** The concatenation IE (00 or 08) of the UDH, when there is one. */
  udh?: { ref: number; total: number; seq: number }
  text: string
}

export interface MoOptions {
  from: string
  to?: string
  text: string
  /** Split into this many concatenated parts (UCS-2 or GSM as the text allows), sent in order. */
  parts?: number
  ref?: number
  /** The source_addr_ton (1 international: `from` without "+"). */
  ton?: number
}

export class SmscEmulator {
  private server?: smpp.Server
  private sessions = new Set<smpp.Session>()
  private bound = new Set<smpp.Session>()
  private nextId = Math.floor(Math.random() * 0x1000000)
  readonly submits: RecordedSubmit[] = []
  /** Accepted binds, refused binds. */
  binds = 0
  refusedBinds = 0
  /** Answer every submit_sm with ESME_RTHROTTLED (0x58). */
  throttling = false
  /** submit_sm to these destinations get this status (0x0B: invalid destination). */
  readonly refuse = new Map<string, number>()
  /** Send DELIVRD for each accepted submit that asked for one. */
  autoReceipts = false
  port = 0

  constructor(private readonly credentials: { systemId: string; password: string }) {}

  /** Listens on 127.0.0.1 (a free port the first time, the same port after a stop). */
  start(port = this.port): Promise<number> {
    const server = smpp.createServer({}, (session) => this.accept(session))
    this.server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as { port: number }).port
        resolve(this.port)
      })
    })
  }

  /** Cuts every session, then closes the listener. */
  async stop() {
    this.drop()
    const server = this.server
    this.server = undefined
    if (server) await new Promise((resolve) => server.close(() => resolve(null)))
  }

  /** Cuts every session at once (the link to the gateway failed). */
  drop() {
    for (const s of this.sessions) s.destroy()
    this.sessions.clear()
    this.bound.clear()
  }

  /** Sessions bound now. */
  get boundSessions() {
    return this.bound.size
  }

  private accept(session: smpp.Session) {
    this.sessions.add(session)
    session.on('error', () => undefined)
    session.on('close', () => {
      this.sessions.delete(session)
      this.bound.delete(session)
    })
    session.on('pdu', (pdu: smpp.PDU) => {
      if (pdu.isResponse()) return
      if (pdu.command === 'bind_transceiver') return this.bind(session, pdu)
      if (pdu.command === 'enquire_link') return void session.send(pdu.response())
      if (pdu.command === 'unbind') {
        session.send(pdu.response())
        return session.close()
      }
      if (!this.bound.has(session)) return void session.send(pdu.response({ command_status: smpp.errors.ESME_RINVBNDSTS }))
      if (pdu.command === 'submit_sm') return this.submit(session, pdu)
      session.send(pdu.response({ command_status: smpp.errors.ESME_RINVCMDID }))
    })
  }

  private bind(session: smpp.Session, pdu: smpp.PDU) {
    const ok = pdu.system_id === this.credentials.systemId && pdu.password === this.credentials.password
    if (!ok) {
      this.refusedBinds++
      return void session.send(pdu.response({ command_status: smpp.errors.ESME_RBINDFAIL }))
    }
    this.binds++
    this.bound.add(session)
    session.send(pdu.response({ system_id: 'smsc-emulator' }))
  }

  private submit(session: smpp.Session, pdu: smpp.PDU) {
    const status = this.throttling ? smpp.errors.ESME_RTHROTTLED : (this.refuse.get(pdu.destination_addr) ?? 0)
    if (status) return void session.send(pdu.response({ command_status: status }))
    const messageId = (this.nextId++ % 0xffffffff).toString(16)
    const body = pdu.short_message as { udh?: Buffer[]; message: string | Buffer }
    const ie = body.udh?.find((u) => u[0] === 0x00 || u[0] === 0x08)
    const udh = ie ? (ie[0] === 0x00 ? { ref: ie[2], total: ie[3], seq: ie[4] } : { ref: ie.readUInt16BE(2), total: ie[4], seq: ie[5] }) : undefined
    this.submits.push({
      messageId,
      sourceAddr: pdu.source_addr,
      destination: pdu.destination_addr,
      dataCoding: pdu.data_coding,
      esmClass: pdu.esm_class,
      registeredDelivery: pdu.registered_delivery,
      udh,
      text: String(body.message),
    })
    session.send(pdu.response({ message_id: messageId }))
    if (this.autoReceipts && pdu.registered_delivery) void this.receipt(messageId).catch(() => undefined)
  }

  private target(): smpp.Session {
    const session = [...this.bound][0]
    if (!session) throw new Error('SMSC emulator: no bound session')
    return session
  }

  /** Sends a deliver_sm to the bound session; resolves with the deliver_sm_resp's command_status. */
  deliver(fields: Record<string, unknown>): Promise<number> {
    const session = this.target()
    return new Promise((resolve) => session.send(new smpp.PDU('deliver_sm', fields), (resp) => resolve(resp.command_status)))
  }

  /** A delivery receipt for `messageId` (stat DELIVRD, UNDELIV…), with the TLVs unless `textOnly`. */
  receipt(messageId: string, stat = 'DELIVRD', options: { textOnly?: boolean; err?: string } = {}): Promise<number> {
    const states: Record<string, number> = { DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8 }
    const text = `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2501011200 done date:2501011201 stat:${stat} err:${options.err ?? '000'} text:`
    const tlv = options.textOnly ? {} : { receipted_message_id: messageId, message_state: states[stat] ?? 7 }
    return this.deliver({ source_addr: '380501234567', destination_addr: 'Vikno', esm_class: 0x04, data_coding: 0, short_message: Buffer.from(text, 'ascii'), ...tlv })
  }

  /** An MO SMS from a subscriber (concatenated in `parts` when asked); resolves with the last deliver_sm_resp status. */
  async mo(options: MoOptions): Promise<number> {
    const gsm = isGsm7(options.text)
    const encode = gsm ? encodeGsm7 : encodeUcs2
    const n = options.parts ?? 1
    const size = Math.ceil([...options.text].length / n)
    const chunks = Array.from({ length: n }, (_, i) => [...options.text].slice(i * size, (i + 1) * size).join(''))
    const ref = options.ref ?? Math.floor(Math.random() * 256)
    let status = 0
    for (const [i, chunk] of chunks.entries()) {
      const body = n > 1 ? Buffer.concat([concatUdh(ref, n, i + 1), encode(chunk)]) : encode(chunk)
      status = await this.deliver({
        source_addr_ton: options.ton ?? 1,
        source_addr_npi: 1,
        source_addr: options.from.replace(/^\+/, ''),
        destination_addr: options.to ?? '380443334455',
        esm_class: n > 1 ? 0x40 : 0,
        data_coding: gsm ? 0 : 8,
        short_message: body,
      })
    }
    return status
  }
}
