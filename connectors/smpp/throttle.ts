/**
 * A gateway's pace: a token bucket of `ratePerSecond` (a burst of at most one second's worth)
 * and a window of at most `window` submit_sm waiting for their answer. `acquire` resolves, in
 * arrival order, with a `release` to call when the answer (or the failure) comes.
 */
export class Throttle {
  private tokens: number
  private last = Date.now()
  private inFlight = 0
  private waiters: Array<{ grant: (release: () => void) => void; fail: (e: Error) => void }> = []
  private timer?: NodeJS.Timeout
  private readonly capacity: number

  constructor(
    private readonly ratePerSecond: number,
    private readonly window: number
  ) {
    this.capacity = Math.max(1, ratePerSecond)
    this.tokens = this.capacity
  }

  /** Submits waiting for a token or a window slot. */
  get waiting() {
    return this.waiters.length
  }

  get outstanding() {
    return this.inFlight
  }

  acquire(): Promise<() => void> {
    return new Promise((grant, fail) => {
      this.waiters.push({ grant, fail })
      this.pump()
    })
  }

  /** Fails every waiting acquire (the bind dropped or the instance stops). */
  dispose(error: Error) {
    clearTimeout(this.timer)
    this.timer = undefined
    for (const w of this.waiters.splice(0)) w.fail(error)
  }

  private refill() {
    const now = Date.now()
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond)
    this.last = now
  }

  private pump() {
    this.refill()
    while (this.waiters.length && this.inFlight < this.window && this.tokens >= 1) {
      this.tokens -= 1
      this.inFlight++
      let released = false
      this.waiters.shift()!.grant(() => {
        if (released) return
        released = true
        this.inFlight--
        this.pump()
      })
    }
    // out of tokens (not of window slots: a release pumps again): wake when the next one is due
    if (this.waiters.length && this.inFlight < this.window && !this.timer) {
      const wait = Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000)
      this.timer = setTimeout(() => {
        this.timer = undefined
        this.pump()
      }, wait)
    }
  }
}
