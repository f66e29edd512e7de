import type { EntityDoc } from '#core/shared/metadata'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { defineConnectorType, type Connector, type ConnectorContext, type ConnectorHealth, type ConnectorManifest } from '#core/connectors/types'
import type { Filter } from '#core/shared/filter'
import { changes, type CommittedChange } from '#core/events/bus'
import { engine } from '#core/engine/engine'
import { evaluateFilter } from '#core/filter/index'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { tableOf } from '#core/records/entity_info'
import { scheduleJob } from '#core/jobs/index'
import { DELIVERY_QUEUE, ensureDeliveryQueue, running, type Delivery, type WebhooksOutConfig } from './deliver.js'
import { pinnedLookup } from './ssrf.js'

const manifest: ConnectorManifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8'))

export interface Subscription {
  entity: string
  /** `created`, `updated`, `deleted`, `transition` (an update made by a workflow transition). */
  events: string[]
  filter?: Filter
  /** The fields sent; by default every field not marked `personal` (a resident's phone, name...). */
  fields?: string[]
}

const ALWAYS = ['id', 'version', 'created_at', 'updated_at']

/** What a delivery carries of the record: the subscription's fields, or the entity's non-personal ones. */
export function sentFields(entity: EntityDoc, sub: Subscription, record: Record<string, unknown>): Record<string, unknown> {
  const names = sub.fields ?? Object.keys(entity.fields).filter((f) => entity.fields[f].personal !== true)
  const out: Record<string, unknown> = {}
  for (const name of [...ALWAYS, ...names]) if (name in record && (ALWAYS.includes(name) || entity.fields[name])) out[name] = record[name]
  return JSON.parse(JSON.stringify(out))
}

/** The delivery id: the same change always gets the same one, so a repeated schedule is one delivery. */
export function deliveryId(instance: string, change: CommittedChange['event'], event: string): string {
  const h = createHash('sha256').update(`${instance}\u0000${change.entity}\u0000${change.id}\u0000${change.version}\u0000${event}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/**
 * Outbound webhooks: every committed change of a subscribed entity that passes the
 * subscription's filter becomes a durable delivery job (`webhooks_out.deliver`), POSTed signed
 * to `config.url` and retried with backoff until the receiver answers 2xx.
 */
class WebhooksOut implements Connector {
  #ctx?: ConnectorContext
  #unsubscribe?: () => void
  #pending = new Set<Promise<void>>()
  #health: ConnectorHealth = { status: 'stopped' }

  async start(ctx: ConnectorContext) {
    const config = ctx.config as WebhooksOutConfig & { subscriptions?: Subscription[] }
    if (!config.url || !config.secret) throw new Error('url and secret are required')
    ensureDeliveryQueue()
    this.#ctx = ctx
    running.set(ctx.key, { ctx, report: (status, detail) => this.#setHealth(status, detail) })
    this.#unsubscribe = changes.onChange((change) => {
      const work = this.#onChange(change).catch((error) => ctx.log({ direction: 'out', operation: 'schedule', status: 'error', error: (error as Error).message }))
      this.#pending.add(work)
      void work.finally(() => this.#pending.delete(work))
    })
    this.#setHealth('up', `sending to ${new URL(config.url).host}`)
  }

  #setHealth(status: 'up' | 'degraded', detail: string) {
    if (this.#health.status === status && (status === 'up' || this.#health.detail === detail)) return
    this.#health = { status, detail, since: new Date().toISOString() }
    this.#ctx?.setHealth({ status, detail })
  }

  async stop() {
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    await Promise.all(this.#pending)
    if (this.#ctx && running.get(this.#ctx.key)?.ctx === this.#ctx) running.delete(this.#ctx.key)
    this.#ctx = undefined
    this.#health = { status: 'stopped', since: new Date().toISOString() }
  }

  health(): ConnectorHealth {
    return this.#health
  }

  /** Resolves when the changes seen so far are scheduled (for specs and an orderly stop). */
  async settled() {
    while (this.#pending.size) await Promise.all(this.#pending)
  }

  async test(): Promise<{ ok: boolean; detail: string }> {
    const config = this.#ctx?.config as WebhooksOutConfig | undefined
    if (!config) return { ok: false, detail: 'not running' }
    try {
      const url = new URL(config.url)
      const { address } = await pinnedLookup(url.hostname, config.allowPrivate === true)
      return { ok: true, detail: `${url.host} resolves to ${address}` }
    } catch (error) {
      return { ok: false, detail: (error as Error).message }
    }
  }

  async #onChange(change: CommittedChange) {
    const ctx = this.#ctx
    if (!ctx) return
    const subscriptions = ((ctx.config.subscriptions ?? []) as Subscription[]).filter((s) => s.entity === change.event.entity)
    if (!subscriptions.length) return
    const entity = engine.set.entity(change.event.entity)
    if (!entity) return
    const record = change.before ?? (await engine.knex(tableOf(entity)).where({ id: change.event.id }).first())
    if (!record) return
    const events: string[] = [change.event.op]
    if (change.event.op === 'updated' && subscriptions.some((s) => s.events.includes('transition')) && (await byTransition(change))) events.push('transition')
    const at = new Date().toISOString()
    for (const sub of subscriptions) {
      for (const event of events.filter((e) => sub.events.includes(e))) {
        if (sub.filter && !(await matches(entity.key, sub.filter, record))) continue
        const id = deliveryId(ctx.key, change.event, event)
        const payload: Delivery = { instance: ctx.key, id, event, entity: entity.key, record: sentFields(entity, sub, record), at }
        await scheduleJob(engine.knex, { queue: DELIVERY_QUEUE, payload, dedupeKey: `webhooks_out:${id}` })
      }
    }
  }
}

/** Whether the update that made this version was a workflow transition (its audit row says so). */
async function byTransition(change: CommittedChange): Promise<boolean> {
  const row = await engine.knex('sys_audit').where({ entity: change.event.entity, record_id: change.event.id, action: 'update' }).orderBy('id', 'desc').first('changes')
  const notes = typeof row?.changes === 'string' ? JSON.parse(row.changes) : row?.changes
  return !!notes?.$transition
}

function matches(entity: string, filter: Filter, record: Record<string, unknown>) {
  const set = engine.set
  return evaluateFilter(filterSchemaOf(set), entity, filter, record, { now: new Date() }, async (key: string, id: string) => {
    const related = set.entity(key)
    return related ? engine.knex(tableOf(related)).where({ id }).first() : undefined
  })
}

export default defineConnectorType({ manifest, create: () => new WebhooksOut() })
