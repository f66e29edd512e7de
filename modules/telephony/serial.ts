/**
 * Runs work for one key after the previous work for that key has finished (in this process):
 * the events of one call arrive close together, and a PBX may repeat one while the first is
 * still being written. Across nodes the unique `call_id` and `callback.call` decide.
 */
const tails = new Map<string, Promise<unknown>>()

export function serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve()
  const run = previous.then(work, work)
  const tail = run.catch(() => {})
  tails.set(key, tail)
  tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key)
  })
  return run
}
