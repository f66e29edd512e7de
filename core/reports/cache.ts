import { createHash } from 'node:crypto'
import type { ReportResult } from '#core/shared/reports'
import type { Actor } from '#core/permissions/actor'
import type { MetadataSet } from '#core/metadata/set'
import { accessFor } from '#core/permissions/policy'
import { stableStringify } from '#core/metadata/set'

interface Entry {
  result: ReportResult
  entities: Set<string>
  at: number
}

/**
 * Computed report results, shared by every viewer with the same figures: keyed by the
 * report's revision, its resolved parameters, the viewer's scope signature and hidden fields.
 * Least recently used entries go first past `max`; an entry older than `maxAgeMs` is not used
 * (figures that depend on the clock: `$now` in a scope, a backlog without a period). A
 * committed change of an entity an entry depends on drops it ({@link invalidate}).
 */
export class ReportCache {
  #entries = new Map<string, Entry>()
  #seq = 0
  /** The sequence number of each entity's last change. */
  #changed = new Map<string, number>()

  constructor(
    readonly max = 300,
    readonly maxAgeMs = 5 * 60_000
  ) {}

  get size() {
    return this.#entries.size
  }

  get(key: string, now = Date.now()): ReportResult | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    this.#entries.delete(key)
    if (now - entry.at > this.maxAgeMs) return undefined
    this.#entries.set(key, entry) // most recently used last
    return entry.result
  }

  /** Call before computing: {@link set} then refuses a result an intervening change made stale. */
  begin(): number {
    return this.#seq
  }

  set(key: string, result: ReportResult, entities: Set<string>, started = this.#seq, now = Date.now()) {
    for (const entity of entities) if ((this.#changed.get(entity) ?? 0) > started) return
    this.#entries.delete(key)
    this.#entries.set(key, { result, entities, at: now })
    while (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!)
  }

  /** Drops every entry whose figures read records of `entity`. */
  invalidate(entity: string) {
    this.#changed.set(entity, ++this.#seq)
    for (const [key, entry] of this.#entries) if (entry.entities.has(entity)) this.#entries.delete(key)
  }

  clear() {
    this.#entries.clear()
  }
}

/**
 * What makes two viewers see the same figures of a report reading `entities`: their roles,
 * their attributes (`$user.<attribute>` in scopes), their id only when the read scope of one of
 * those entities names `$user.id`, and the fields of those entities hidden from them.
 */
export function viewerSignature(set: MetadataSet, actor: Actor, entities: Iterable<string>): string {
  let personal = false
  const hidden: string[] = []
  for (const entity of [...entities].sort()) {
    const access = accessFor(set, actor, entity)
    if (JSON.stringify(access.scope('read') ?? null).includes('$user.id')) personal = true
    for (const field of [...access.hidden].sort()) hidden.push(`${entity}.${field}`)
  }
  return stableStringify([[...actor.roles].sort(), actor.system === true, actor.attributes ?? {}, personal ? actor.id : null, hidden])
}

/** The cache key of one run. */
export function cacheKey(parts: { revision: string; report: string; params: unknown; viewer: string }): string {
  return createHash('sha256').update(stableStringify(parts)).digest('base64url')
}
