/**
 * The e-mail type's peers in specs, both speaking real SMTP on local ports:
 * - `SmtpPeer`: the city's SMTP server our letters go to; it records each letter (envelope,
 *   raw bytes, parsed) and starts again on the same port after a stop (peer down / back);
 * - `sendInto`: a mail server relaying a letter into our inbound listener (nodemailer).
 */
import { createServer } from 'node:net'
import nodemailer from 'nodemailer'
import type Mail from 'nodemailer/lib/mailer/index.js'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedLetter {
  mailFrom: string
  rcptTo: string[]
  raw: Buffer
  parsed: ParsedMail
}

export class SmtpPeer {
  port = 0
  received: ReceivedLetter[] = []
  /** Recipients answered `550` at RCPT TO. */
  refuse = new Set<string>()
  #server?: SMTPServer
  #login?: { user: string; password: string }

  /** With `login`, the peer requires AUTH (PLAIN or LOGIN) with exactly that user and password. */
  constructor(login?: { user: string; password: string }) {
    this.#login = login
  }

  async start(): Promise<void> {
    if (this.#server) return
    const login = this.#login
    const server = new SMTPServer({
      logger: false,
      disableReverseLookup: true,
      disabledCommands: login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !login,
      allowInsecureAuth: true,
      closeTimeout: 200,
      onAuth: (auth, _s, done) =>
        login && auth.username === login.user && auth.password === login.password
          ? done(null, { user: auth.username })
          : done(Object.assign(new Error('Authentication failed'), { responseCode: 535 })),
      onRcptTo: (address, _s, done) => done(this.refuse.has(address.address) ? Object.assign(new Error('No such user'), { responseCode: 550 }) : undefined),
      onData: (stream, session, done) => {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks)
          const mailFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address
          this.received.push({ mailFrom, rcptTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed: await simpleParser(raw) })
          done()
        })
      },
    })
    server.on('error', () => {})
    this.port ||= await freePort()
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.#server = server
  }

  async stop(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/**
 * Relays `letter` into the listener at `port` as a mail server would (EHLO, optional AUTH
 * PLAIN, MAIL FROM, RCPT TO, DATA). Resolves with the letter's Message-ID; rejects with the
 * listener's refusal (`responseCode` 550, 552...).
 */
export async function sendInto(port: number, letter: Mail.Options, options: { authToken?: string; envelope?: Mail.Envelope } = {}): Promise<string> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    auth: options.authToken ? { user: 'relay', pass: options.authToken, method: 'PLAIN' } : undefined,
    connectionTimeout: 5000,
    logger: false,
  })
  try {
    const info = await transport.sendMail({ ...letter, envelope: options.envelope ?? letter.envelope })
    return info.messageId
  } finally {
    transport.close()
  }
}
