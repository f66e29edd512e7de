import type { Knex } from 'knex'
import type { MetaDocument } from '#core/shared/metadata'
import type { Filter } from '#core/shared/filter'
import type { MetadataSet } from '#core/metadata/set'
import { evaluateFilter } from '#core/filter/index'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { scheduleJob } from '#core/jobs/index'
import { workflowFields } from '#core/workflow/resolve'

export interface AutomationDoc extends MetaDocument {
  kind: 'automation'
  entity: string
  on: { event: 'created' | 'updated' | 'field_changed' | 'status_changed' | 'sla_warning' | 'sla_breach' | 'schedule'; field?: string; cron?: string }
  condition?: Filter
  actions: Array<{ type: string; [k: string]: unknown }>
  enabled?: boolean
}

export const AUTOMATION_QUEUE = 'automation'

export interface DomainEvent {
  type: 'created' | 'updated' | 'sla_warning' | 'sla_breach'
  entity: string
  record: Record<string, any>
  /** Fields whose value changed (updates). */
  changed?: string[]
}

function matches(doc: AutomationDoc, event: DomainEvent, set: MetadataSet): boolean {
  if (doc.enabled === false || doc.entity !== event.entity) return false
  const on = doc.on
  if (on.event === event.type) return true
  if (event.type !== 'updated' || !event.changed) return false
  if (on.event === 'field_changed') return !!on.field && event.changed.includes(on.field)
  if (on.event === 'status_changed') return [...workflowFields(set, event.entity)].some((f) => event.changed!.includes(f))
  return false
}

/**
 * Queues the automations an event triggers, in the caller's transaction: they run as durable
 * jobs after the commit (core/automation/runner.ts), once each (the dedupe key holds the
 * record's version), and never if the write rolls back. Conditions are checked now, on the
 * record as the event left it.
 */
export async function queueAutomations(db: Knex | Knex.Transaction, set: MetadataSet, event: DomainEvent) {
  const docs = set.list<AutomationDoc>('automation').filter((d) => matches(d, event, set))
  for (const doc of docs) {
    if (doc.condition) {
      const ok = await evaluateFilter(filterSchemaOf(set), event.entity, doc.condition, event.record, { now: new Date() }, async (key: string, id: string) => {
        const entity = set.entity(key)
        return entity ? db(entity.table ?? entity.key).where({ id }).first() : undefined
      })
      if (!ok) continue
    }
    await scheduleJob(db, {
      queue: AUTOMATION_QUEUE,
      payload: { automation: doc.key, entity: event.entity, id: event.record.id, event: event.type },
      dedupeKey: `auto:${doc.key}:${event.record.id}:${event.record.version}:${event.type}`,
    })
  }
}
