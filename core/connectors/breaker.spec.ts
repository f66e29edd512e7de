import { backoff, CircuitBreaker } from './breaker.js'

describe('connector helpers', () => {
  it('backs off exponentially within ±20 %, capped', () => {
    for (const [attempt, base] of [
      [1, 500],
      [2, 1000],
      [4, 4000],
      [10, 10_000],
    ]) {
      const d = backoff(attempt)
      expect(d).toBeGreaterThanOrEqual(base * 0.8)
      expect(d).toBeLessThanOrEqual(base * 1.2)
    }
    expect(backoff(30, { maxMs: 2000 })).toBeLessThanOrEqual(2400)
  })

  it('opens after N failures, lets one trial through after the cool-down, closes on its success', async () => {
    let now = 0
    const breaker = new CircuitBreaker({ failures: 2, coolDownMs: 1000, now: () => now })
    const fail = () => breaker.run(() => Promise.reject(new Error('peer down')))
    await expectAsync(fail()).toBeRejectedWithError('peer down')
    expect(breaker.state).toBe('closed')
    await expectAsync(fail()).toBeRejectedWithError('peer down')
    expect(breaker.state).toBe('open')
    await expectAsync(breaker.run(async () => 1)).toBeRejectedWithError(/circuit open/)
    now = 1000
    expect(breaker.state).toBe('half-open')
    expect(breaker.allow()).toBeTrue()
    expect(breaker.allow()).toBeFalse() // one trial at a time
    breaker.failure()
    expect(breaker.state).toBe('open')
    now = 2000
    expect(await breaker.run(async () => 'ok')).toBe('ok')
    expect(breaker.state).toBe('closed')
  })
})
