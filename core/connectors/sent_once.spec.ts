import { SentOnce } from './sent_once.js'
import type { ConnectorState } from './types.js'

/** A ctx.state kept in a Map, values copied through JSON as the database would. */
function memoryState(): ConnectorState & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    get: async <T>(key: string) => (data.has(key) ? (JSON.parse(data.get(key)!) as T) : undefined),
    set: async (key: string, value: unknown) => void data.set(key, JSON.stringify(value)),
  }
}

describe('SentOnce (the connector SDK idempotent send)', () => {
  it('sends a key once: a concurrent call shares the send in flight, a later one gets the first result', async () => {
    const repeats: string[] = []
    const sent = new SentOnce<{ id: number }>({ state: memoryState(), onRepeat: (key) => repeats.push(key) })
    let calls = 0
    const send = async () => {
      await new Promise((r) => setTimeout(r, 10))
      return { id: ++calls }
    }
    const both = Promise.all([sent.once('k1', send), sent.once('k1', send)])
    await sent.idle()
    expect(calls).withContext('idle() waits for the send in flight').toBe(1)
    const [a, b] = await both
    const c = await sent.once('k1', send)
    expect(calls).toBe(1)
    expect(b).toEqual(a)
    expect(c).toEqual({ id: 1 })
    expect(repeats).toEqual(['k1'])
    expect(await sent.once('k2', send)).toEqual({ id: 2 })
  })

  it('does not remember a failure: a retry sends', async () => {
    const sent = new SentOnce<string>()
    let calls = 0
    await expectAsync(sent.once('k', () => Promise.reject(new Error(`refused ${++calls}`)))).toBeRejectedWithError('refused 1')
    expect(await sent.once('k', async () => `ok ${++calls}`)).toBe('ok 2')
    expect(calls).toBe(2)
  })

  it('answers what another instance (or this one before a restart) sent, through the durable state', async () => {
    const state = memoryState()
    await new SentOnce<string>({ state }).once('k', async () => 'first')
    const after = new SentOnce<string>({ state })
    let sends = 0
    expect(await after.once('k', async () => `again ${++sends}`)).toBe('first')
    expect(sends).toBe(0)
    // the second one keeps the first one's entries when it writes its own
    await after.once('other', async () => 'second')
    expect(JSON.parse(state.data.get('sent')!)).toEqual([
      ['k', 'first'],
      ['other', 'second'],
    ])
  })

  it('forgets the oldest key past its limit, and refuses an empty key', async () => {
    const sent = new SentOnce<number>({ limit: 2 })
    let calls = 0
    const send = async () => ++calls
    for (const key of ['a', 'b', 'c']) await sent.once(key, send)
    expect(await sent.once('c', send)).toBe(3)
    expect(await sent.once('a', send)).toBe(4) // forgotten: sent again
    await expectAsync(sent.once('', send)).toBeRejectedWithError(/idempotencyKey is required/)
  })

  it('still answers when the state cannot be written', async () => {
    const sent = new SentOnce<string>({ state: { get: async () => undefined, set: () => Promise.reject(new Error('db down')) } })
    let calls = 0
    expect(await sent.once('k', async () => `sent ${++calls}`)).toBe('sent 1')
    expect(await sent.once('k', async () => `sent ${++calls}`)).toBe('sent 1')
  })
})
