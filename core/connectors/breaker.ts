/**
 * Helpers for connector types: how long to wait before the next reconnect or retry, and a
 * circuit breaker that stops hammering a peer that keeps failing.
 */

/**
 * Delay before attempt `attempt` (1-based): 0.5 s, 1 s, 2 s, 4 s... up to `maxMs` (10 s), with
 * ±20 % jitter so many instances do not reconnect in step.
 *
 * @example
 * let attempt = 0
 * socket.on('close', () => setTimeout(connect, backoff(++attempt)))
 * socket.on('connect', () => (attempt = 0))
 */
export function backoff(attempt: number, { baseMs = 500, maxMs = 10_000 }: { baseMs?: number; maxMs?: number } = {}): number {
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(delay * (0.8 + Math.random() * 0.4))
}

export type BreakerState = 'closed' | 'open' | 'half-open'

/**
 * Opens after `failures` consecutive failures; after `coolDownMs` lets one call through
 * (half-open): its success closes the breaker, its failure opens it again.
 *
 * @example
 * const breaker = new CircuitBreaker({ failures: 5, coolDownMs: 30_000 })
 * const answer = await breaker.run(() => fetch(url)) // throws BreakerOpenError while open
 */
export class CircuitBreaker {
  #failures = 0
  #openedAt = 0
  #trial = false
  readonly limit: number
  readonly coolDownMs: number
  readonly now: () => number

  constructor(options: { failures?: number; coolDownMs?: number; now?: () => number } = {}) {
    this.limit = options.failures ?? 5
    this.coolDownMs = options.coolDownMs ?? 30_000
    this.now = options.now ?? Date.now
  }

  get state(): BreakerState {
    if (this.#failures < this.limit) return 'closed'
    return this.now() - this.#openedAt >= this.coolDownMs ? 'half-open' : 'open'
  }

  /** Whether a call may go now (in half-open, only one at a time). */
  allow(): boolean {
    const state = this.state
    if (state === 'closed') return true
    if (state === 'open' || this.#trial) return false
    this.#trial = true
    return true
  }

  success() {
    this.#failures = 0
    this.#trial = false
  }

  failure() {
    this.#trial = false
    this.#failures++
    if (this.#failures >= this.limit) this.#openedAt = this.now()
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (!this.allow()) throw new BreakerOpenError()
    try {
      const result = await call()
      this.success()
      return result
    } catch (error) {
      this.failure()
      throw error
    }
  }
}

export class BreakerOpenError extends Error {
  constructor() {
    super('circuit open: the peer failed too often, waiting before the next try')
    this.name = 'BreakerOpenError'
  }
}
