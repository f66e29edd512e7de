import { RateLimiter } from './rate_limit.js'

/** The slots the limiter hands out, on a fake clock (sleeping moves it on; no real waiting). */
describe('telegram: rate limiter', () => {
  let t: number
  const clock = {
    now: () => t,
    sleep: async (ms: number) => void (t = Math.max(t, t + ms)),
  }
  const signal = new AbortController().signal
  beforeEach(() => (t = 10_000))

  it('spaces messages to one chat by 1/perChatPerSecond, in order', async () => {
    const limiter = new RateLimiter(30, 5, clock)
    const slots = await Promise.all([1, 2, 3].map(() => limiter.take('chat-a', signal)))
    expect(slots).toEqual([10_000, 10_200, 10_400])
  })

  it('spaces all messages by 1/perSecond, and a busy chat does not hold another up', async () => {
    const limiter = new RateLimiter(10, 1, clock)
    const a1 = limiter.take('a', signal)
    const a2 = limiter.take('a', signal)
    const b = limiter.take('b', signal)
    const c = limiter.take('c', signal)
    expect(await Promise.all([a1, b, c])).toEqual([10_000, 10_100, 10_200])
    expect(await a2).toBe(11_000)
  })

  it("pauses everyone for a 429's retry_after", async () => {
    const limiter = new RateLimiter(30, 1, clock)
    await limiter.take('a', signal)
    limiter.pause(3000)
    expect(await limiter.take('b', signal)).toBe(13_000)
  })

  it('stops waiting when the instance stops', async () => {
    const limiter = new RateLimiter(30, 1)
    const stop = new AbortController()
    await limiter.take('a', stop.signal)
    const waiting = limiter.take('a', stop.signal)
    stop.abort()
    await expectAsync(waiting).toBeRejectedWithError('stopped')
  })
})
