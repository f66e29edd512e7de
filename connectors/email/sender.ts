/**
 * Sending through the city's SMTP server (nodemailer, a fresh connection per letter): one
 * letter per `send_message`, its Message-ID `<idempotencyKey@vikno>` so a resent letter is
 * recognisably the same one, and errors that name the server and the SMTP reply but never the
 * password.
 */
import { createHash } from 'node:crypto'
import nodemailer, { type Transporter } from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js'
import type { SendMessageInput } from '#core/connectors/messaging'
import type { EmailConfig } from './config.js'

/** A letter the SMTP server did not take. `permanent` (a 5xx reply to the letter): resending will not help. */
export class EmailSendError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly responseCode: number | undefined,
    readonly permanent: boolean
  ) {
    super(message)
    this.name = 'EmailSendError'
  }
}

/** The codes nodemailer gives when the server could not be reached or refused our login. */
const UNREACHABLE = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ENOAUTH', 'EPROTOCOL'])

/** The Message-ID of the letter sent for `key`: the key itself when it is a plain token, else its hash. */
export function messageIdOf(key: string): string {
  const local = /^[A-Za-z0-9._-]{1,100}$/.test(key) ? key : createHash('sha256').update(key).digest('hex').slice(0, 40)
  return `<${local}@vikno>`
}

export class SmtpSender {
  readonly where: string
  readonly #transport: Transporter<SMTPTransport.SentMessageInfo>
  readonly #config: EmailConfig

  constructor(config: EmailConfig) {
    const { smtp, timeoutMs } = config
    this.#config = config
    this.where = `${smtp.host}:${smtp.port}`
    this.#transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      requireTLS: smtp.requireTLS,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: Math.max(timeoutMs, 30_000),
      dnsTimeout: timeoutMs,
      logger: false,
      debug: false,
    })
  }

  /** Whether the error says the server is unreachable (or refuses our login), not just this letter. */
  static unreachable(error: unknown): boolean {
    return UNREACHABLE.has((error as EmailSendError)?.code ?? '')
  }

  /** Connects, logs in when configured, and quits. */
  async verify(): Promise<void> {
    try {
      await this.#transport.verify()
    } catch (error) {
      throw this.#clean(error)
    }
  }

  async send(input: SendMessageInput, subject: string): Promise<string> {
    const messageId = messageIdOf(input.idempotencyKey)
    const { smtp } = this.#config
    try {
      await this.#transport.sendMail({
        from: smtp.from,
        replyTo: smtp.replyTo,
        to: input.to,
        subject,
        text: input.text,
        html: input.html || undefined,
        messageId,
        inReplyTo: input.inReplyTo || undefined,
        references: input.references?.length ? input.references : undefined,
      })
      return messageId
    } catch (error) {
      throw this.#clean(error)
    }
  }

  close() {
    this.#transport.close()
  }

  /** An EmailSendError naming the server, with the user and password cut out of the text. */
  #clean(error: unknown): EmailSendError {
    const e = error as { message?: string; code?: string; responseCode?: number }
    let message = String(e?.message ?? error)
    for (const secret of [this.#config.smtp.password]) if (secret) message = message.replaceAll(secret, '***')
    const permanent = !!e.responseCode && e.responseCode >= 500 && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE')
    return new EmailSendError(`SMTP ${this.where}: ${message}`, e.code, e.responseCode, permanent)
  }
}
