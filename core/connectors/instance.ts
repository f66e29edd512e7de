import type { Knex } from 'knex'
import { engine } from '#core/engine/engine'
import { connectorType } from './registry.js'
import { resolveSecrets, stripSecrets } from './secrets.js'
import { writeConnectorLog } from './log.js'
import { deliverToInbox } from './inbox.js'
import { setInstanceHealth } from './health.js'
import type { Connector, ConnectorContext, ConnectorInstanceDoc, ConnectorLogEntry, ConnectorManifest, InboundEvent } from './types.js'

/** One instance this node runs: its doc, the connector when started, the secrets to strip. */
export interface RunningInstance {
  doc: ConnectorInstanceDoc
  manifest: ConnectorManifest
  connector?: Connector
  /** The context given to the running connector (the webhook route delivers through it). */
  context?: ConnectorContext
  abort?: AbortController
  secrets: string[]
  /** Set while start() runs, so a stop waits for it. */
  starting?: Promise<void>
}

/** The context an instance gets: durable deliver, masked log, live health, its state. */
export function contextOf(db: Knex, run: RunningInstance, signal: AbortSignal, config: Record<string, any>): ConnectorContext {
  const source = { instance: run.doc.key, type: run.doc.type, secrets: run.secrets }
  const log = (entry: ConnectorLogEntry) => writeConnectorLog(db, source, entry)
  return {
    key: run.doc.key,
    config,
    mappings: run.doc.mappings ?? {},
    signal,
    async deliver(event: InboundEvent) {
      const started = performance.now()
      const outcome = await deliverToInbox(db, { instance: run.doc.key, type: run.doc.type }, event)
      log({
        direction: 'in',
        operation: `event:${event.type}`,
        status: outcome === 'duplicate' ? 'duplicate' : outcome === 'done' ? 'ok' : 'error',
        correlationId: event.idempotencyKey,
        latencyMs: performance.now() - started,
      })
    },
    log,
    setHealth(health) {
      if (!signal.aborted) setInstanceHealth(run.doc.key, health.status, health.detail === undefined ? undefined : stripSecrets(health.detail, run.secrets))
    },
    state: {
      async get<T>(key: string) {
        const row = await db('sys_connector_state').where({ instance: run.doc.key, key }).first('value')
        return row?.value as T | undefined
      },
      async set(key: string, value: unknown) {
        await db('sys_connector_state')
          .insert({ instance: run.doc.key, key, value: JSON.stringify(value ?? null) })
          .onConflict(['instance', 'key'])
          .merge({ value: JSON.stringify(value ?? null), updated_at: db.fn.now() })
      },
    },
  }
}

/** Starts the instance's connector; a failure becomes its health (`down`, secrets stripped), never a throw. */
export async function startInstance(run: RunningInstance): Promise<void> {
  const db = engine.knex
  run.abort = new AbortController()
  const signal = run.abort.signal
  run.starting = (async () => {
    try {
      const type = await connectorType(run.doc.type)
      const resolved = resolveSecrets(run.manifest.config, run.doc.config)
      run.secrets = resolved.values
      const connector = type.create()
      run.connector = connector
      setInstanceHealth(run.doc.key, 'down', 'starting')
      run.context = contextOf(db, run, signal, resolved.config)
      await connector.start(run.context)
      run.context.log({ direction: 'out', operation: 'start', status: 'ok' })
      // what the type says now (a webhook receiver may never call setHealth)
      const now = connector.health()
      if (!signal.aborted) setInstanceHealth(run.doc.key, now.status, now.detail === undefined ? undefined : stripSecrets(now.detail, run.secrets))
    } catch (error: any) {
      const message = stripSecrets(String(error?.message ?? error), run.secrets)
      setInstanceHealth(run.doc.key, 'down', `start failed: ${message}`)
      writeConnectorLog(db, { instance: run.doc.key, type: run.doc.type, secrets: run.secrets }, { direction: 'out', operation: 'start', status: 'error', error: message })
    }
  })()
  await run.starting
}

/** Stops the connector (aborting its signal first) and marks the instance stopped. */
export async function stopInstance(run: RunningInstance, detail = 'stopped'): Promise<void> {
  // a start stuck on an unreachable peer must not keep the instance from stopping
  let timer: NodeJS.Timeout | undefined
  await Promise.race([run.starting, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))])
  clearTimeout(timer)
  run.abort?.abort()
  const connector = run.connector
  run.connector = undefined
  run.context = undefined
  run.starting = undefined
  await connector?.stop().catch(() => {})
  setInstanceHealth(run.doc.key, 'stopped', detail)
}
