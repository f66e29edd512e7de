/**
 * "The same idempotencyKey is never sent twice", for a connector type's `send_message`: the
 * results of the last sends in a bounded map (the oldest forgotten first), mirrored into the
 * instance's durable state (one `sent` entry) so that a retry after a timeout, a restart or a
 * move to another node answers the first result without sending again. A send in flight is
 * shared by a concurrent call with the same key. A failure is not remembered: a retry sends.
 *
 * @example
 *   const sent = new SentOnce<SendMessageResult>({ state: ctx.state, onRepeat: (key) => ctx.log({ ..., status: 'duplicate', correlationId: key }) })
 *   return sent.once(input.idempotencyKey, () => this.submit(input))
 */
import type { ConnectorState } from './types.js'

export interface SentOnceOptions<R> {
  /** The instance's `ctx.state`; leave out to remember in memory only. */
  state?: ConnectorState
  /** How many keys are remembered (500). */
  limit?: number
  /** Told when a key already sent is answered without sending (for a `duplicate` log line). */
  onRepeat?: (key: string, result: R) => void
  /** Told when the state could not be written (the result is still answered, and kept in memory). */
  onStateError?: (error: Error) => void
  /** The state entry (`sent`); a second SentOnce of the same instance needs its own. */
  stateKey?: string
}

/** The state entry holding `[key, result]` pairs, oldest first. */
const STATE_KEY = 'sent'

export class SentOnce<R> {
  readonly #done = new Map<string, R>()
  readonly #pending = new Map<string, Promise<R>>()
  readonly #limit: number

  constructor(private readonly options: SentOnceOptions<R> = {}) {
    this.#limit = Math.max(1, options.limit ?? 500)
  }

  /** The first result for `key`, calling `send` only when no result is known and none is in flight. */
  once(key: string, send: () => Promise<R>): Promise<R> {
    if (typeof key !== 'string' || !key) return Promise.reject(new Error('idempotencyKey is required'))
    if (this.#done.has(key)) return Promise.resolve(this.#repeat(key))
    const pending = this.#pending.get(key)
    if (pending) return pending
    const run = this.#run(key, send).finally(() => this.#pending.delete(key))
    this.#pending.set(key, run)
    return run
  }

  /** Resolves when every send in flight has ended (for `stop()`). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.#pending.values()])
  }

  async #run(key: string, send: () => Promise<R>): Promise<R> {
    // another node (or this one before a restart) may have sent it
    await this.#load()
    if (this.#done.has(key)) return this.#repeat(key)
    const result = await send()
    await this.#load() // keep what other nodes wrote meanwhile
    this.#remember(key, result)
    await this.options.state?.set(this.options.stateKey ?? STATE_KEY, [...this.#done]).catch((error) => this.options.onStateError?.(error as Error)) // sent all the same
    return result
  }

  #repeat(key: string): R {
    const result = this.#done.get(key) as R
    this.options.onRepeat?.(key, result)
    return result
  }

  async #load() {
    if (!this.options.state) return
    const saved = await this.options.state.get<Array<[string, R]>>(this.options.stateKey ?? STATE_KEY).catch(() => undefined)
    if (!Array.isArray(saved)) return
    for (const entry of saved) if (Array.isArray(entry) && typeof entry[0] === 'string' && !this.#done.has(entry[0])) this.#remember(entry[0], entry[1])
  }

  #remember(key: string, result: R) {
    this.#done.delete(key)
    this.#done.set(key, result)
    while (this.#done.size > this.#limit) this.#done.delete(this.#done.keys().next().value as string)
  }
}
