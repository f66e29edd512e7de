import { engine } from '#core/engine/engine'
import { Problem } from '#core/errors/problem'
import { scheduleJob } from '#core/jobs/index'
import { connectorManifest } from './registry.js'
import { Leadership } from './leader.js'
import { flushConnectorLog } from './log.js'
import { recoverInbox } from './inbox.js'
import { forgetInstanceHealth, setInstanceHealth } from './health.js'
import { startInstance, stopInstance, type RunningInstance } from './instance.js'
import type { Capability, ConnectorInstanceDoc } from './types.js'

export { backoff, CircuitBreaker } from './breaker.js'

/**
 * The connector host of one node: runs every enabled published instance
 * (`<key>.connector.json`), and on each metadata reload starts new ones, stops removed or
 * disabled ones and restarts changed ones, with no server restart. A `singleton` type's
 * instance runs on the node leading it (core/connectors/leader.ts; the embedded database has
 * one process, which simply runs it).
 */
interface Slot {
  run: RunningInstance
  fingerprint: string
  leadership?: Leadership
}

const slots = new Map<string, Slot>()
let chain: Promise<void> = Promise.resolve()
let started = false
const onReloaded = () => void reconcileConnectors()

/** Starts the host: every instance, the crash recovery of the inbox, the log retention timer. */
export async function startConnectorHost() {
  if (started) return
  started = true
  engine.on('reloaded', onReloaded)
  await reconcileConnectors()
  void recoverInbox(engine.knex, (instance) => slots.get(instance)?.run.doc.type).catch(() => {})
  await scheduleLogRetention().catch(() => {})
}

/** Stops every instance (shutdown); waits until their sockets and timers are released. */
export async function stopConnectorHost() {
  if (!started) return
  started = false
  engine.off('reloaded', onReloaded)
  await chain
  await Promise.all([...slots.keys()].map((key) => stopSlot(key)))
  await flushConnectorLog()
}

function publishedInstances(): ConnectorInstanceDoc[] {
  return (engine.set.list('connector') as unknown as ConnectorInstanceDoc[]).filter((d) => d.enabled)
}

/** Brings the running instances in line with the published metadata (serialised). */
export function reconcileConnectors(): Promise<void> {
  chain = chain.then(reconcile).catch(() => {})
  return chain
}

async function reconcile() {
  if (!started) return
  const wanted = new Map(publishedInstances().map((d) => [d.key, d]))
  for (const [key, slot] of slots) {
    const doc = wanted.get(key)
    if (!doc || JSON.stringify(doc) !== slot.fingerprint) await stopSlot(key, doc ? 'restarting' : 'disabled')
  }
  for (const doc of wanted.values()) if (!slots.has(doc.key)) await launch(doc)
}

async function launch(doc: ConnectorInstanceDoc) {
  const manifest = connectorManifest(doc.type)
  if (!manifest) return setInstanceHealth(doc.key, 'down', `no connector type "${doc.type}"`)
  const slot: Slot = { run: { doc, manifest, secrets: [] }, fingerprint: JSON.stringify(doc) }
  slots.set(doc.key, slot)
  const url = process.env.DATABASE_URL
  if (!manifest.singleton || engine.embedded || !url) return startInstance(slot.run)
  setInstanceHealth(doc.key, 'stopped', 'standby: another node leads this instance')
  slot.leadership = new Leadership(doc.key, url, {
    lead: () => startInstance(slot.run),
    lose: () => stopInstance(slot.run, 'standby: leadership lost'),
  })
  slot.leadership.start()
}

async function stopSlot(key: string, detail = 'stopped') {
  const slot = slots.get(key)
  if (!slot) return
  slots.delete(key)
  if (slot.leadership) await slot.leadership.stop()
  await stopInstance(slot.run, detail)
  if (detail === 'disabled') forgetInstanceHealth(key)
}

/** The instances this node runs right now (started, not standing by), by key. */
export function runningInstances(): RunningInstance[] {
  return [...slots.values()].map((s) => s.run).filter((r) => r.connector)
}

export function runningInstance(key: string): RunningInstance | undefined {
  const run = slots.get(key)?.run
  return run?.connector ? run : undefined
}

/**
 * Outbound work by capability: the first running instance (or `opts.instance`) whose type has
 * `capability` performs `action`. 409 when no published enabled instance can; 503 when one
 * could but does not run on this node right now.
 *
 * @example
 * await performCapability('originate', 'originate', { from: '101', to: '0501234567' })
 */
export async function performCapability(capability: Capability, action: string, input: unknown, opts: { instance?: string } = {}): Promise<unknown> {
  const able = publishedInstances().filter((d) => (!opts.instance || d.key === opts.instance) && connectorManifest(d.type)?.capabilities.includes(capability))
  if (!able.length) throw new Problem('conflict', [], { capability }, `no enabled connector can ${capability}`)
  const run = able.map((d) => runningInstance(d.key)).find((r) => r?.connector?.perform)
  if (!run) throw new Problem('unavailable', [], { capability }, `no connector that can ${capability} is running now`)
  return run.connector!.perform!(action, input)
}

async function scheduleLogRetention() {
  const tomorrow = new Date(Date.now() + 86_400_000)
  const day = tomorrow.toISOString().slice(0, 10)
  await scheduleJob(engine.knex, { queue: LOG_RETENTION_QUEUE, dedupeKey: `connectors:log_retention:${day}`, runAt: new Date(`${day}T03:00:00Z`) })
}

export const LOG_RETENTION_QUEUE = 'connectors.log_retention'
export { scheduleLogRetention }
