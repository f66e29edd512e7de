/**
 * The inbound SMTP listener: the city's mail server relays the contact center's letters to
 * it. It refuses (550) recipients outside `allowedRecipients`, letters over `maxBytes` (552),
 * and, with an `authToken`, any client that has not logged in with it (AUTH PLAIN). A letter is
 * answered 250 only once `onLetter` resolved (the event is stored), else 451 so the relaying
 * server tries again later: nothing accepted is lost.
 */
import { timingSafeEqual, createHash } from 'node:crypto'
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server'
import { recipientAllowed, type InboundConfig } from './config.js'

/** Resolves once the letter is kept; rejects with `responseCode` for a permanent refusal, else 451 is answered. */
export type LetterHandler = (raw: Buffer, session: SMTPServerSession) => Promise<void>

/** An error the client sees with this SMTP reply code. */
export function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code })
}

function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(h(a), h(b))
}

/** Reads the DATA stream; past `max` bytes it keeps draining but stops keeping. */
function readLetter(stream: SMTPServerDataStream, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= max) chunks.push(chunk)
    })
    stream.once('error', reject)
    stream.once('end', () => resolve(stream.sizeExceeded || size > max ? undefined : Buffer.concat(chunks)))
  })
}

export class InboundListener {
  #server?: SMTPServer
  #config: InboundConfig
  #onLetter: LetterHandler
  #onRefused: (what: string, reason: string) => void

  constructor(config: InboundConfig, onLetter: LetterHandler, onRefused: (what: string, reason: string) => void) {
    this.#config = config
    this.#onLetter = onLetter
    this.#onRefused = onRefused
  }

  get listening() {
    return this.#server?.server.listening === true
  }

  /** Binds the port; rejects when it cannot (EADDRINUSE, EACCES). */
  async listen(): Promise<void> {
    const config = this.#config
    const server = new SMTPServer({
      banner: 'Vikno',
      logger: false,
      disableReverseLookup: true,
      // TLS ends at the city's mail server in front of this listener (README)
      disabledCommands: config.authToken ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !config.authToken,
      authMethods: ['PLAIN'],
      allowInsecureAuth: true,
      size: config.maxBytes,
      rejectOversized: true,
      closeTimeout: 2000,
      maxClients: 50,
      onAuth: (auth, _session, done) => {
        if (config.authToken && auth.method === 'PLAIN' && sameSecret(String(auth.password ?? ''), config.authToken)) return done(null, { user: auth.username ?? 'relay' })
        this.#onRefused('AUTH', 'wrong relay password')
        done(smtpError(535, 'Authentication failed'))
      },
      onRcptTo: (address, _session, done) => {
        if (recipientAllowed(config.allowedRecipients, address.address)) return done()
        this.#onRefused('RCPT TO', 'recipient not accepted here')
        done(smtpError(550, 'Mailbox unavailable: not accepted here'))
      },
      onData: (stream, session, done) => {
        readLetter(stream, config.maxBytes)
          .then(async (raw) => {
            if (!raw) {
              this.#onRefused('DATA', `larger than ${config.maxBytes} bytes`)
              return done(smtpError(552, `Message exceeds the maximum size of ${config.maxBytes} bytes`))
            }
            await this.#onLetter(raw, session)
            done()
          })
          // a handler's own reply code (554: unreadable) stands; anything else is temporary
          .catch((error: { responseCode?: number }) => done(error?.responseCode ? smtpError(error.responseCode, 'Message not accepted') : smtpError(451, 'Temporary failure, try again later')))
      },
    })
    server.on('error', () => {}) // a client's broken connection; listen errors are rejected below
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => reject(error)
      server.server.once('error', failed)
      server.listen(config.port, config.host, () => {
        server.server.off('error', failed)
        resolve()
      })
    })
    this.#server = server
  }

  /** Stops accepting; open sessions get 2 s to finish, then are cut (421). */
  async close(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    if (!server) return
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
