/**
 * The Bot API client of one instance: grammY's `Api` on the instance's own keep-alive agent
 * (closed on stop, so no socket outlives the instance), calls aborted when the instance stops,
 * Telegram's 429 `retry_after` honoured, and the file download grammY leaves to us. Errors
 * never carry the token (it is in every URL): grammY hides it, the download says no URL.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { Api, GrammyError, HttpError } from 'grammy'
import type { TelegramConfig } from './config.js'
import { sleep } from './rate_limit.js'

export { GrammyError, HttpError }

/** grammY types its signal as the `abort-controller` polyfill's; Node's is the same at run time. */
export type ApiSignal = NonNullable<Parameters<Api['getMe']>[0]>

/** How many 429 answers one call waits out before it gives up. */
const MAX_RETRY_AFTER = 5

export class BotClient {
  readonly api: Api
  readonly #agent: HttpAgent
  readonly #stop = new AbortController()
  readonly signal: AbortSignal
  /** `signal`, as grammY's methods type it. */
  readonly apiSignal: ApiSignal

  constructor(
    private readonly config: TelegramConfig,
    signal: AbortSignal
  ) {
    this.#agent = config.apiRoot.startsWith('https:') ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true })
    this.signal = AbortSignal.any([signal, this.#stop.signal])
    this.apiSignal = this.signal as unknown as ApiSignal
    this.api = new Api(config.token, {
      apiRoot: config.apiRoot,
      baseFetchConfig: { agent: this.#agent, compress: true },
      timeoutSeconds: config.pollTimeoutSeconds + 15,
    })
  }

  /**
   * Runs `call`; a 429 is waited out (`retry_after` seconds, `onRetryAfter` told first) and the
   * call made again, up to MAX_RETRY_AFTER times: a rate limit is not a failure.
   */
  async call<T>(call: (signal: ApiSignal) => Promise<T>, onRetryAfter?: (ms: number) => void): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call(this.apiSignal)
      } catch (error) {
        const retryAfter = error instanceof GrammyError && error.error_code === 429 ? (error.parameters.retry_after ?? 1) : undefined
        if (retryAfter === undefined || attempt >= MAX_RETRY_AFTER) throw error
        onRetryAfter?.(retryAfter * 1000)
        await sleep(retryAfter * 1000, this.signal)
      }
    }
  }

  /**
   * A file's bytes (`<apiRoot>/file/bot<token>/<file_path>`), or `tooLarge` past `maxBytes`
   * (the download is cut as soon as it is).
   */
  download(filePath: string, maxBytes: number): Promise<{ data?: Buffer; size?: number; tooLarge?: boolean }> {
    const url = new URL(`${this.config.apiRoot}/file/bot${this.config.token}/${filePath.split('/').map(encodeURIComponent).join('/')}`)
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest
    return new Promise((resolve, reject) => {
      const req = request(url, { agent: this.#agent, signal: this.signal, timeout: 30_000 }, (res: IncomingMessage) => {
        const declared = Number(res.headers['content-length'] ?? NaN)
        if (res.statusCode !== 200) {
          res.resume()
          return reject(new Error(`the file download answered ${res.statusCode}`))
        }
        if (declared > maxBytes) {
          res.destroy()
          return resolve({ size: declared, tooLarge: true })
        }
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > maxBytes) {
            res.destroy()
            return resolve({ size, tooLarge: true })
          }
          chunks.push(chunk)
        })
        res.on('end', () => resolve({ data: Buffer.concat(chunks), size }))
        res.on('error', () => reject(new Error('the file download was cut')))
      })
      req.on('timeout', () => req.destroy(new Error('the file download timed out')))
      req.on('error', (error) => reject(new Error(this.signal.aborted ? 'stopped' : `the file download failed: ${error.message.replaceAll(this.config.token, '***')}`)))
      req.end()
    })
  }

  /** Aborts every call in flight and closes the sockets. */
  close() {
    this.#stop.abort()
    this.#agent.destroy()
  }
}

/** One line for the admin and the log about a failed call (never the token). */
export function describeError(error: unknown): string {
  if (error instanceof GrammyError) return `Telegram answered ${error.error_code}: ${error.description}`
  if (error instanceof HttpError) return 'the Bot API is unreachable'
  return String((error as Error)?.message ?? error)
}
