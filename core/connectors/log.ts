import type { Knex } from 'knex'
import { maskLogObject, maskText } from '#core/shared/log_mask'
import { stripSecrets } from './secrets.js'
import type { ConnectorLogEntry } from './types.js'

/**
 * `sys_connector_log`, written in batches (a busy PBX sends dozens of events a second): every
 * string masked (phone numbers, tokens; core/shared/log_mask.ts), secret-looking keys redacted
 * and the instance's resolved secret values cut out of every string.
 */
const FLUSH_MS = 250
const BATCH = 200

let queue: Record<string, unknown>[] = []
let timer: NodeJS.Timeout | undefined
let db: Knex | undefined
let flushing: Promise<void> = Promise.resolve()

function clean(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return stripSecrets(maskText(value), secrets)
  if (!value || typeof value !== 'object' || depth > 8) return value
  if (Array.isArray(value)) return value.map((v) => clean(v, secrets, depth + 1))
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v, secrets, depth + 1)]))
}

/** Queues one log line of `instance` (flushed within FLUSH_MS). */
export function writeConnectorLog(knex: Knex, source: { instance: string; type: string; secrets: readonly string[] }, entry: ConnectorLogEntry) {
  db = knex
  const text = (s: string | undefined, max: number) => (s === undefined ? null : stripSecrets(maskText(String(s)), source.secrets).slice(0, max))
  queue.push({
    instance: source.instance,
    type: source.type,
    direction: entry.direction === 'out' ? 'out' : 'in',
    operation: text(entry.operation, 200) ?? '',
    status: entry.status,
    latency_ms: Number.isFinite(entry.latencyMs) ? Math.round(entry.latencyMs!) : null,
    correlation_id: text(entry.correlationId, 200),
    error: text(entry.error, 4000),
    payload: entry.payload === undefined ? null : JSON.stringify(clean(maskLogObject(entry.payload), source.secrets)),
  })
  if (queue.length >= BATCH) void flushConnectorLog()
  else timer ??= setTimeout(() => void flushConnectorLog(), FLUSH_MS).unref()
}

/** Writes what is queued; resolves when it is in the table (specs, shutdown). */
export function flushConnectorLog(): Promise<void> {
  if (timer) clearTimeout(timer)
  timer = undefined
  const rows = queue
  queue = []
  flushing = flushing.then(async () => {
    if (!rows.length || !db) return
    for (let i = 0; i < rows.length; i += BATCH)
      await db('sys_connector_log')
        .insert(rows.slice(i, i + BATCH))
        .catch(() => {}) // the log must never break a connector
  })
  return flushing
}

/** Deletes log lines older than `days` days; returns how many. */
export async function pruneConnectorLog(knex: Knex, days: number): Promise<number> {
  return knex('sys_connector_log')
    .where('at', '<', knex.raw(`now() - ? * interval '1 day'`, [days]))
    .delete()
}

/** VIKNO_CONNECTOR_LOG_DAYS, default 30. */
export function logRetentionDays(): number {
  const days = Number(process.env.VIKNO_CONNECTOR_LOG_DAYS ?? 30)
  return Number.isFinite(days) && days > 0 ? days : 30
}
