/**
 * The Viber REST bot API client: one JSON POST per method (`set_webhook`, `get_account_info`,
 * `send_message`) with the `X-Viber-Auth-Token` header, over the instance's own keep-alive
 * agent (destroyed on stop, so no socket outlives the instance). Viber answers HTTP 200 with
 * `status` 0 for success and another code with `status_message` for a refusal.
 */
import http from 'node:http'
import https from 'node:https'
import { parseViberJson } from './events.js'

/** What every Viber method answers. */
export interface ViberAnswer {
  status: number
  status_message?: string
  /** send_message: the message's id (a 64-bit number, kept as a string). */
  message_token?: string
  name?: string
  [key: string]: unknown
}

/** Viber refused the call (`status` ≠ 0); `status` 6 is "receiver not subscribed". */
export class ViberRefusal extends Error {
  constructor(
    readonly status: number,
    readonly statusMessage: string
  ) {
    super(`Viber refused (status ${status}): ${statusMessage}`)
  }
}

export class ViberApi {
  #agents = { http: new http.Agent({ keepAlive: true, maxSockets: 8 }), https: new https.Agent({ keepAlive: true, maxSockets: 8 }) }

  constructor(
    private readonly apiRoot: string,
    private readonly token: string,
    private readonly timeoutMs: number,
    private readonly signal?: AbortSignal
  ) {}

  /** Calls `method`; rejects on network errors, timeouts and non-JSON answers, resolves with any `status`. */
  call(method: string, body: Record<string, unknown>): Promise<ViberAnswer> {
    const url = new URL(`${this.apiRoot.replace(/\/+$/, '')}/${method}`)
    const secure = url.protocol === 'https:'
    const payload = JSON.stringify(body)
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), 'x-viber-auth-token': this.token }
    return new Promise((resolve, reject) => {
      const lib = secure ? https : http
      const req = lib.request(url, { method: 'POST', headers, agent: secure ? this.#agents.https : this.#agents.http, timeout: this.timeoutMs, signal: this.signal }, (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size <= 1_048_576) chunks.push(chunk)
        })
        res.on('error', reject)
        res.on('end', () => {
          if ((res.statusCode ?? 0) >= 300) return reject(new Error(`Viber answered HTTP ${res.statusCode}`))
          const answer = parseViberJson(Buffer.concat(chunks))
          if (!answer || typeof answer.status !== 'number') return reject(new Error('Viber answered something that is not its JSON'))
          resolve(answer as ViberAnswer)
        })
      })
      req.on('timeout', () => req.destroy(new Error(`no answer from Viber in ${this.timeoutMs} ms`)))
      req.on('error', reject)
      req.end(payload)
    })
  }

  /** Calls `method` and rejects with ViberRefusal unless `status` is 0. */
  async ok(method: string, body: Record<string, unknown>): Promise<ViberAnswer> {
    const answer = await this.call(method, body)
    if (answer.status !== 0) throw new ViberRefusal(answer.status, String(answer.status_message ?? 'unknown error'))
    return answer
  }

  /**
   * Downloads an inbound photo or file (a URL from a signed callback), at most `maxBytes`: past
   * that the transfer is cut and only the size is reported (`tooLarge`).
   */
  download(url: string, maxBytes: number): Promise<{ data?: Buffer; mime?: string; size: number; tooLarge?: boolean }> {
    const target = new URL(url)
    const secure = target.protocol === 'https:'
    if (!secure && target.protocol !== 'http:') return Promise.reject(new Error(`unsupported protocol ${target.protocol}`))
    return new Promise((resolve, reject) => {
      const lib = secure ? https : http
      const req = lib.get(target, { agent: secure ? this.#agents.https : this.#agents.http, timeout: this.timeoutMs, signal: this.signal }, (res) => {
        const mime = String(res.headers['content-type'] ?? '').split(';')[0] || undefined
        if ((res.statusCode ?? 0) !== 200) {
          res.resume()
          return reject(new Error(`the media answered HTTP ${res.statusCode}`))
        }
        const declared = Number(res.headers['content-length'] ?? 0)
        if (declared > maxBytes) {
          res.destroy()
          return resolve({ mime, size: declared, tooLarge: true })
        }
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > maxBytes) {
            res.destroy()
            return resolve({ mime, size, tooLarge: true })
          }
          chunks.push(chunk)
        })
        res.on('error', reject)
        res.on('end', () => resolve({ data: Buffer.concat(chunks), mime, size }))
      })
      req.on('timeout', () => req.destroy(new Error(`the media did not arrive in ${this.timeoutMs} ms`)))
      req.on('error', reject)
    })
  }

  /** Closes every kept-alive socket. */
  close() {
    this.#agents.http.destroy()
    this.#agents.https.destroy()
  }
}
