/**
 * One HTTP exchange with the SMS provider over the instance's keep-alive agents (destroyed on
 * stop): redirects not followed, bounded by a timeout and the instance's signal, at most 64 KB
 * of the answer read.
 */
import http from 'node:http'
import https from 'node:https'

export interface GatewayAnswer {
  status: number
  body: string
  contentType?: string
}

export class Gateway {
  #agents = { http: new http.Agent({ keepAlive: true, maxSockets: 8 }), https: new https.Agent({ keepAlive: true, maxSockets: 8 }) }

  constructor(
    private readonly timeoutMs: number,
    private readonly signal?: AbortSignal
  ) {}

  request(url: URL, init: { method: string; headers: Record<string, string>; body?: string }): Promise<GatewayAnswer> {
    const secure = url.protocol === 'https:'
    if (!secure && url.protocol !== 'http:') return Promise.reject(new Error(`unsupported protocol ${url.protocol}`))
    const headers = { ...init.headers }
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body))
    return new Promise((resolve, reject) => {
      const lib = secure ? https : http
      const req = lib.request(url, { method: init.method, headers, agent: secure ? this.#agents.https : this.#agents.http, timeout: this.timeoutMs, signal: this.signal }, (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          if (size < 65_536) chunks.push(chunk)
          size += chunk.length
        })
        res.on('error', reject)
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 65_536), contentType: res.headers['content-type'] }))
      })
      req.on('timeout', () => req.destroy(new Error(`no answer in ${this.timeoutMs} ms`)))
      req.on('error', reject)
      req.end(init.body)
    })
  }

  close() {
    this.#agents.http.destroy()
    this.#agents.https.destroy()
  }
}
