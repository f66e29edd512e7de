import { engine } from '#core/engine/engine'
import { startScheduleTicker, type ScheduleTicker } from './schedule.js'

let ticker: ScheduleTicker | undefined

/**
 * Starts this node's schedule ticker on the engine (web environment, with the job worker): it
 * queues the next tick of each scheduled automation now, every minute and after each metadata
 * reload (a publish here or on another node).
 */
export function startEngineScheduleTicker(onError?: (error: unknown) => void) {
  ticker ??= startScheduleTicker({
    knex: engine.knex,
    set: () => engine.set,
    onError,
    subscribe(listener) {
      engine.on('reloaded', listener)
      return () => engine.off('reloaded', listener)
    },
  })
  return ticker
}

export async function stopEngineScheduleTicker() {
  const current = ticker
  ticker = undefined
  await current?.stop()
}
