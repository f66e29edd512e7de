import http from 'node:http'
import https from 'node:https'

/** The PBX's click-to-call API (the instance's `config.clickToCall`, secrets resolved). */
export interface ClickToCallConfig {
  url: string
  method?: 'POST' | 'GET' | 'PUT'
  /** Header values may use `{secret}`. */
  headers?: Record<string, string>
  /** A JSON object whose strings may use `{extension}`, `{number}`, `{secret}`; or a text template. */
  body?: Record<string, unknown> | string
  contentType?: string
  /** The status that means "call placed". Default: any 2xx. */
  successStatus?: number
  secret?: string
  timeoutMs?: number
}

export interface HttpResult {
  status: number
  body: string
}

/** Fills the placeholders of a template; values are already checked to be dial strings. */
export function fill<T>(template: T, values: Record<string, string>): T {
  if (typeof template === 'string') return template.replace(/\{(\w+)\}/g, (all, name) => values[name] ?? all) as T
  if (Array.isArray(template)) return template.map((v) => fill(v, values)) as T
  if (template && typeof template === 'object') return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, values)])) as T
  return template
}

/**
 * One HTTP request, redirects not followed, bounded by `timeoutMs` and `signal`. Resolves with
 * the status and (at most 64 KB of) the body; rejects on network errors and timeouts.
 */
export function request(url: string, init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number; signal?: AbortSignal; lookup?: any }): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const lib = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined
    if (!lib) return reject(new Error(`unsupported protocol ${target.protocol}`))
    const headers = { ...init.headers }
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body))
    const req = lib.request(target, { method: init.method, headers, timeout: init.timeoutMs, signal: init.signal, lookup: init.lookup }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        if (size < 65_536) chunks.push(chunk)
        size += chunk.length
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 65_536) }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer in ${init.timeoutMs} ms`)))
    req.on('error', reject)
    req.end(init.body)
  })
}

/**
 * A circuit breaker: after `threshold` failures in a row it opens for `cooldownMs` (calls are
 * refused without trying), then lets one call through; a success closes it.
 */
export class Breaker {
  failures = 0
  openedAt = 0
  constructor(
    readonly threshold = 3,
    readonly cooldownMs = 30_000
  ) {}

  get open(): boolean {
    return this.failures >= this.threshold && Date.now() - this.openedAt < this.cooldownMs
  }

  success() {
    this.failures = 0
    this.openedAt = 0
  }

  failure() {
    this.failures++
    if (this.failures >= this.threshold) this.openedAt = Date.now()
  }
}
