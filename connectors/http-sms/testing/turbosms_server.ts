/**
 * A local stand-in for TurboSMS's HTTP API (api.turbosms.ua) for specs: `POST
 * /message/send.json` with `Authorization: Bearer <token>` and the body
 * `{"recipients": ["380…"], "sms": {"sender", "text"}}`, answering TurboSMS's envelope
 * `{response_code, response_status, response_result: [{phone, response_code, message_id,
 * response_status}]}` (800 SUCCESS_MESSAGE_ACCEPTED, per recipient 0 OK). Refusals use the
 * same envelope: a missing or wrong token, a sender it does not know, a recipient outside
 * Ukraine. `postReport` plays a provider pushing a delivery report to our webhook.
 * `stop()` = provider down; `start()` = back on the same port, keeping `sent`.
 */
import { randomUUID } from 'node:crypto'
import { request, type IncomingMessage, type ServerResponse } from 'node:http'
import { HttpPeer } from '#core/testing/http_peer'

export class TurboSmsServer {
  /** The local HTTP server (core/testing/http_peer.ts): `stop()` then `start()` come back on the same port. */
  readonly #http = new HttpPeer((req, res) => void this.#handle(req, res))
  /** Every accepted message: the recipient, sender, text and the id given. */
  sent: Array<{ phone: string; sender: string; text: string; messageId: string }> = []
  /** Alpha names registered with the account. */
  senders = new Set(['MISTO'])

  constructor(readonly token: string) {}

  get url() {
    return `http://127.0.0.1:${this.port}/message/send.json`
  }

  get port() {
    return this.#http.port
  }

  start() {
    return this.#http.start()
  }

  async stop() {
    await this.#http.stop()
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const answer = (value: Record<string, unknown>, status = 200) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
    if (req.method === 'HEAD') return res.writeHead(405).end()
    if (req.method !== 'POST' || req.url !== '/message/send.json') return answer({ response_code: 999, response_status: 'UNKNOWN_METHOD', response_result: null }, 404)
    const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]
    if (!auth) return answer({ response_code: 103, response_status: 'REQUIRED_TOKEN', response_result: null })
    if (auth !== this.token) return answer({ response_code: 105, response_status: 'INVALID_TOKEN', response_result: null })
    let body: any
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return answer({ response_code: 102, response_status: 'REQUIRED_CONTENT', response_result: null })
    }
    const sender = body?.sms?.sender
    const text = body?.sms?.text
    if (!Array.isArray(body?.recipients) || !body.recipients.length) return answer({ response_code: 202, response_status: 'REQUIRED_RECIPIENTS', response_result: null })
    if (typeof text !== 'string' || !text) return answer({ response_code: 205, response_status: 'REQUIRED_MESSAGE_TEXT', response_result: null })
    if (!this.senders.has(sender)) return answer({ response_code: 204, response_status: 'INVALID_SENDER', response_result: null })
    const results = body.recipients.map((phone: unknown) => {
      if (typeof phone !== 'string' || !/^380\d{9}$/.test(phone)) return { phone, response_code: 406, message_id: null, response_status: 'NOT_ALLOWED_RECIPIENT_COUNTRY' }
      const messageId = randomUUID()
      this.sent.push({ phone, sender, text, messageId })
      return { phone, response_code: 0, message_id: messageId, response_status: 'OK' }
    })
    const accepted = results.filter((r: any) => r.response_code === 0).length
    const top = accepted === results.length ? [800, 'SUCCESS_MESSAGE_ACCEPTED'] : accepted ? [802, 'SUCCESS_MESSAGE_PARTIAL_ACCEPTED'] : [406, 'NOT_ALLOWED_RECIPIENT_COUNTRY']
    return answer({ response_code: top[0], response_status: top[1], response_result: results })
  }
}

/** POSTs a delivery report (JSON) to a webhook URL, as a provider does; resolves with the status. */
export function postReport(url: string, report: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(report)
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}
