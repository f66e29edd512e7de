/**
 * "The same idempotencyKey is never sent twice": the results of the last sends, kept in a
 * bounded map and mirrored into the instance's durable state (one `sent` entry), so a retry
 * after a timeout or a restart answers the first result without sending again. A send in
 * flight is shared by a concurrent retry of the same key. Failures are not remembered (a
 * retry sends).
 */
import type { ConnectorState } from '#core/connectors/types'

export class SentOnce<R> {
  #done = new Map<string, R>()
  #pending = new Map<string, Promise<R>>()

  constructor(
    private readonly state: ConnectorState,
    private readonly limit = 500
  ) {}

  async once(key: string, send: () => Promise<R>): Promise<R> {
    const known = this.#done.get(key)
    if (known !== undefined) return known
    const pending = this.#pending.get(key)
    if (pending) return pending
    const run = (async () => {
      // another node (or this one before a restart) may have sent it
      await this.#load()
      const stored = this.#done.get(key)
      if (stored !== undefined) return stored
      const result = await send()
      this.#remember(key, result)
      await this.state.set('sent', [...this.#done]).catch(() => {})
      return result
    })()
    this.#pending.set(key, run)
    try {
      return await run
    } finally {
      this.#pending.delete(key)
    }
  }

  async #load() {
    const saved = await this.state.get<Array<[string, R]>>('sent').catch(() => undefined)
    if (Array.isArray(saved)) for (const entry of saved) if (Array.isArray(entry) && !this.#done.has(entry[0])) this.#remember(entry[0], entry[1])
  }

  #remember(key: string, result: R) {
    this.#done.delete(key)
    this.#done.set(key, result)
    while (this.#done.size > this.limit) this.#done.delete(this.#done.keys().next().value as string)
  }
}
