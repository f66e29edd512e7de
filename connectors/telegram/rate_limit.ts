/**
 * Telegram's sending limits kept in memory: at most `perSecond` messages a second overall and
 * `perChatPerSecond` to one chat. A send waits its turn (per chat first come first served);
 * a 429's `retry_after` pauses every send (Telegram limits the bot as a whole).
 */

/** Resolves after `ms`, or rejects at once when `signal` aborts (the timer is cleared). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('stopped'))
    const onAbort = () => {
      clearTimeout(timer)
      reject(new Error('stopped'))
    }
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      },
      Math.max(0, ms)
    )
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export class RateLimiter {
  #globalNext = 0
  #pausedUntil = 0
  /** When the next message to a chat may go. */
  #chatNext = new Map<string, number>()
  /** The last waiter per chat, so sends to one chat go in order. */
  #chatTail = new Map<string, Promise<unknown>>()
  readonly now: () => number
  readonly #sleep: typeof sleep

  /** `clock` stands in for the time in specs. */
  constructor(
    private readonly perSecond: number,
    private readonly perChatPerSecond: number,
    clock: { now(): number; sleep: typeof sleep } = { now: Date.now, sleep }
  ) {
    this.now = clock.now
    this.#sleep = clock.sleep
  }

  /** Resolves, with the time of the slot it got, when a message to `chat` may go; rejects when `signal` aborts. */
  take(chat: string, signal: AbortSignal): Promise<number> {
    const previous = this.#chatTail.get(chat) ?? Promise.resolve()
    const mine = previous.then(async () => {
      await this.#sleep((this.#chatNext.get(chat) ?? 0) - this.now(), signal)
      // the overall slot is reserved only once this chat is ready, so one busy chat never holds others up
      const at = Math.max(this.now(), this.#globalNext, this.#pausedUntil)
      this.#globalNext = at + 1000 / this.perSecond
      this.#chatNext.set(chat, at + 1000 / this.perChatPerSecond)
      await this.#sleep(at - this.now(), signal)
      return at
    })
    const tail = mine.catch(() => {})
    this.#chatTail.set(chat, tail)
    void tail.then(() => {
      if (this.#chatTail.get(chat) === tail) this.#chatTail.delete(chat)
      this.#prune()
    })
    return mine
  }

  /** Telegram answered 429: nobody sends for `ms`. */
  pause(ms: number) {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.now() + ms)
  }

  #prune() {
    if (this.#chatNext.size < 1000) return
    const now = this.now()
    for (const [chat, next] of this.#chatNext) if (next < now && !this.#chatTail.has(chat)) this.#chatNext.delete(chat)
  }
}
