/**
 * A local stand-in for Viber's bot API (chatapi.viber.com/pa) for specs: the real endpoints
 * (`set_webhook`, `get_account_info`, `send_message`) checking `X-Viber-Auth-Token` and
 * answering Viber's JSON (`status` 0 / error codes, 64-bit `message_token` as a bare number);
 * on `set_webhook` it POSTs the signed `webhook` check to the URL, as Viber does, and fails
 * unless that answers 200. Then it plays the callbacks: `postEvent` (signed, or with a wrong
 * or no signature), `delivered` / `seen` / `failed`. `stop()` = Viber down; `start()` = back on
 * the same port, keeping its webhook and what it was sent.
 */
import { request, type IncomingMessage, type ServerResponse } from 'node:http'
import { viberSignature } from '../signature.js'
import { HttpPeer } from '#core/testing/http_peer'

export interface PostedCallback {
  status: number
  body: string
}

export class ViberApiServer {
  /** The local HTTP server (core/testing/http_peer.ts): `stop()` then `start()` come back on the same port. */
  readonly #http = new HttpPeer((req, res) => void this.#handle(req, res))
  /** Every accepted send_message body, in order. */
  sent: Array<Record<string, any>> = []
  webhook?: { url: string; event_types?: string[]; send_name?: boolean; send_photo?: boolean }
  /** Receivers who left the bot: a send to them answers status 6. */
  unsubscribed = new Set<string>()
  /** Files served at /media/<name> (the URLs of photos users send). */
  media = new Map<string, { data: Buffer; mime: string }>()
  #token = 5_100_000_000_000_000_000n

  constructor(
    readonly token: string,
    readonly name = 'Міська служба'
  ) {}

  get apiRoot() {
    return `http://127.0.0.1:${this.port}/pa`
  }

  /** A fresh message token, past 2^53 as Viber's are. */
  nextToken(): string {
    return String(++this.#token)
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

  /**
   * POSTs a callback to the registered webhook. `signature`: 'good' (default), 'wrong' (signed
   * with another token) or 'none'. `message_token` may be given as a string: it is sent as a number.
   */
  async postEvent(event: Record<string, unknown>, signature: 'good' | 'wrong' | 'none' = 'good'): Promise<PostedCallback> {
    if (!this.webhook) throw new Error('no webhook is set')
    const body = toViberJson({ timestamp: Date.now(), ...event })
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (signature !== 'none') headers['x-viber-content-signature'] = viberSignature(signature === 'good' ? this.token : `${this.token}-not`, body)
    return post(this.webhook.url, body, headers)
  }

  /** A text message from a user, as Viber posts it. */
  message(userId: string, message: Record<string, unknown>, token = this.nextToken()) {
    return this.postEvent({ event: 'message', message_token: token, sender: { id: userId, name: 'Олена', language: 'uk', country: 'UA', api_version: 10 }, message })
  }

  delivered(token: string, userId = 'user-1') {
    return this.postEvent({ event: 'delivered', message_token: token, user_id: userId })
  }

  seen(token: string, userId = 'user-1') {
    return this.postEvent({ event: 'seen', message_token: token, user_id: userId })
  }

  failed(token: string, userId = 'user-1', desc = 'failure description') {
    return this.postEvent({ event: 'failed', message_token: token, user_id: userId, desc })
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const answer = (value: Record<string, unknown>) => res.writeHead(200, { 'content-type': 'application/json' }).end(toViberJson(value))
    if (req.method === 'GET' && req.url?.startsWith('/media/')) {
      const file = this.media.get(decodeURIComponent(req.url.slice('/media/'.length)))
      if (!file) return res.writeHead(404).end()
      return res.writeHead(200, { 'content-type': file.mime, 'content-length': String(file.data.length) }).end(file.data)
    }
    if (req.method !== 'POST' || !req.url?.startsWith('/pa/')) return res.writeHead(404).end()
    const given = req.headers['x-viber-auth-token']
    if (!given) return answer({ status: 2, status_message: 'missing_auth_token' })
    if (given !== this.token) return answer({ status: 2, status_message: 'invalidAuthToken' })
    let body: Record<string, any>
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
    } catch {
      return answer({ status: 3, status_message: 'badData' })
    }
    switch (req.url) {
      case '/pa/get_account_info':
        return answer({
          status: 0,
          status_message: 'ok',
          id: 'pa:5100000000000000000',
          name: this.name,
          uri: 'cityservice',
          webhook: this.webhook?.url ?? '',
          event_types: this.webhook?.event_types ?? [],
          subscribers_count: 3,
        })
      case '/pa/set_webhook':
        return answer(await this.#setWebhook(body))
      case '/pa/send_message':
        return answer(this.#send(body))
      default:
        return res.writeHead(404).end()
    }
  }

  async #setWebhook(body: Record<string, any>): Promise<Record<string, unknown>> {
    if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) return { status: 1, status_message: 'invalidUrl' }
    const previous = this.webhook
    this.webhook = { url: body.url, event_types: body.event_types, send_name: body.send_name, send_photo: body.send_photo }
    const check = await this.postEvent({ event: 'webhook', chat_hostname: 'SN-CHAT-05_', message_token: this.nextToken() }).catch((error: Error) => ({ status: 0, body: error.message }))
    if (check.status !== 200) {
      this.webhook = previous
      return { status: 1, status_message: `invalidUrl: the webhook answered ${check.status || check.body}` }
    }
    return { status: 0, status_message: 'ok', chat_hostname: 'SN-CHAT-05_', event_types: body.event_types ?? [] }
  }

  #send(body: Record<string, any>): Record<string, unknown> {
    if (typeof body.receiver !== 'string' || !body.receiver || typeof body.type !== 'string') return { status: 4, status_message: 'missingData' }
    if (typeof body.sender?.name !== 'string' || body.sender.name.length > 28) return { status: 3, status_message: 'badData' }
    if (body.type === 'text' && (typeof body.text !== 'string' || !body.text)) return { status: 3, status_message: 'badData' }
    if (this.unsubscribed.has(body.receiver)) return { status: 6, status_message: 'receiverNotSubscribed' }
    this.sent.push(body)
    return { status: 0, status_message: 'ok', message_token: this.nextToken(), chat_hostname: 'SN-CHAT-05_', billing_status: 1 }
  }
}

/** JSON with `message_token` written as a bare (64-bit) number, as Viber writes it. */
function toViberJson(value: Record<string, unknown>): string {
  return JSON.stringify(value).replace(/"message_token":"(\d+)"/g, '"message_token":$1')
}

/** One POST on a fresh connection (closed after the answer, so no socket lingers). */
function post(url: string, body: string, headers: Record<string, string>): Promise<PostedCallback> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}
