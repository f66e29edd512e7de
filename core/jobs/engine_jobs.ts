import { engine } from '#core/engine/engine'
import { startJobWorker, type JobWorker, type JobWorkerOptions } from './worker.js'

let worker: JobWorker | undefined

/**
 * Starts this node's job worker on the engine's database (web environment, after the engine
 * booted). Handlers registered later are picked up at the next claim.
 */
export function startEngineJobs(options: Partial<Omit<JobWorkerOptions, 'knex'>> = {}) {
  worker ??= startJobWorker({ knex: engine.knex, node: engine.node, ...options })
  return worker
}

/** Stops claiming and waits for running handlers: call before the database pool closes. */
export async function stopEngineJobs() {
  const current = worker
  worker = undefined
  await current?.stop()
}
