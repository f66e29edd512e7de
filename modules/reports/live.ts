import type { ReportDoc } from '#core/shared/reports'
import type { MetadataSet } from '#core/metadata/set'
import type { OpContext } from '#core/records/context'
import type { ReportResult } from '#core/shared/reports'
import { changes, emitToRoom } from '#core/events/bus'
import type {} from './shared/events.js'
import { engine } from '#core/engine/engine'
import { ReportCache, cacheKey, viewerSignature } from '#core/reports/cache'
import { filterEntities, pathEntities } from '#core/reports/reach'
import { paramPaths } from '#core/reports/params'
import { resolvePath } from '#core/metadata/paths'
import { checkedParams, runReport } from '#core/reports/run'

/** Every node's shared results of reports (core/reports/cache.ts). */
export const reportCache = new ReportCache(Number(process.env.VIKNO_REPORT_CACHE_SIZE ?? 300))

/** How long a report's room waits after a change before it is told (more changes meanwhile: one message). */
const DEBOUNCE_MS = Number(process.env.VIKNO_REPORT_DEBOUNCE_MS ?? 2000)

const reached = new WeakMap<MetadataSet, Map<string, Set<string>>>()

/** The entities a published report reads through its own paths and filters (not the viewers' scopes). */
export function reportEntities(set: MetadataSet, doc: ReportDoc): Set<string> {
  let perSet = reached.get(set)
  if (!perSet) reached.set(set, (perSet = new Map()))
  let out = perSet.get(doc.key)
  if (!out) {
    out = new Set([doc.entity])
    const paths = [...(doc.dimensions ?? []).map((d) => d.field), ...doc.measures.flatMap((m) => [m.field, m.from].filter((p): p is string => !!p)), ...(doc.parameters ?? []).flatMap(paramPaths)]
    for (const path of paths) pathEntities(set, doc.entity, path, out)
    // a reference dimension is labelled by its target's display value
    for (const d of doc.dimensions ?? []) {
      const resolved = resolvePath(set, doc.entity, d.field)
      if (typeof resolved !== 'string' && resolved.field.type === 'reference' && resolved.field.to !== '__self__') out.add(resolved.field.to!)
    }
    for (const f of [doc.filter, ...doc.measures.map((m) => m.where)]) if (f) filterEntities(set, doc.entity, f, out)
    perSet.set(doc.key, out)
  }
  return out
}

/**
 * Runs a published report through the cache: the same revision, parameters and viewer
 * signature give the stored result (`cached: true`).
 */
export async function runCached(op: OpContext, doc: ReportDoc, raw: Record<string, unknown> | undefined): Promise<ReportResult> {
  const now = new Date()
  const params = checkedParams(op, doc, raw, now)
  const key = cacheKey({ revision: String(engine.revision), report: doc.key, params: params.values, viewer: viewerSignature(op.set, op.actor, reportEntities(op.set, doc)) })
  const hit = reportCache.get(key)
  if (hit) return { ...hit, cached: true }
  // after a change every open dashboard refetches at once: the same figures are computed once
  const running = inflight.get(key)
  if (running) return { ...(await running), cached: true }
  const started = reportCache.begin()
  const computing = runReport(op, doc, params, now).then(({ result, entities }) => {
    reportCache.set(key, result, entities, started)
    return result
  })
  inflight.set(key, computing)
  try {
    return await computing
  } finally {
    inflight.delete(key)
  }
}

const inflight = new Map<string, Promise<ReportResult>>()

const timers = new Map<string, NodeJS.Timeout>()

function tell(key: string) {
  if (timers.has(key)) return
  const timer = setTimeout(() => {
    timers.delete(key)
    emitToRoom(`report:${key}`, 'report_changed', { report: key })
  }, DEBOUNCE_MS)
  timer.unref()
  timers.set(key, timer)
}

let watching: (() => void) | undefined

/**
 * Listens to every committed change (this node's and other nodes'): drops the cached results
 * that read the changed entity and, debounced, tells the rooms of the reports that read it.
 */
export function watchChanges() {
  if (watching) return
  // a new revision makes new keys: the old entries would only wait for the LRU
  engine.on('reloaded', () => reportCache.clear())
  watching = changes.onAnyChange((change) => {
    const entity = change.event.entity
    reportCache.invalidate(entity)
    const set = engine.set
    for (const doc of set.list<ReportDoc>('report')) if (reportEntities(set, doc).has(entity)) tell(doc.key)
  })
}
