import type { Knex } from 'knex'
import type { Label, MetaDocument } from '#core/shared/metadata'
import type { Filter } from '#core/shared/filter'
import type { MetadataSet } from '#core/metadata/set'
import { evaluateFilter } from '#core/filter/index'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { scheduleJob } from '#core/jobs/index'
import { workflowFields } from '#core/workflow/resolve'

/**
 * Events an automation can be triggered by. Core's are here; a module adds those it raises by
 * declaration merging (`declare module '#core/automation/trigger' { interface AutomationEvents
 * { sla_breach: true } }`) and `registerAutomationEvent` when it installs, so the automation
 * kind accepts them.
 */
export interface AutomationEvents {
  created: true
  updated: true
  field_changed: true
  status_changed: true
  schedule: true
}

export type AutomationEventName = keyof AutomationEvents

const automationEvents = new Map<string, Label>()

/** Lets automations name `event` in `on.event` (checked when the automation is published). */
export function registerAutomationEvent(event: AutomationEventName, label: Label) {
  automationEvents.set(event, label)
}

/** The registered automation events with their labels. */
export function automationEventLabels(): ReadonlyMap<string, Label> {
  return automationEvents
}

registerAutomationEvent('created', { uk: 'Створено запис', en: 'Record created' })
registerAutomationEvent('updated', { uk: 'Змінено запис', en: 'Record updated' })
registerAutomationEvent('field_changed', { uk: 'Змінено поле', en: 'Field changed' })
registerAutomationEvent('status_changed', { uk: 'Змінено статус', en: 'Status changed' })
registerAutomationEvent('schedule', { uk: 'За розкладом', en: 'On a schedule' })

export interface AutomationDoc extends MetaDocument {
  kind: 'automation'
  entity: string
  on: { event: AutomationEventName; field?: string; cron?: string }
  condition?: Filter
  actions: Array<{ type: string; [k: string]: unknown }>
  enabled?: boolean
}

export const AUTOMATION_QUEUE = 'automation'

export interface DomainEvent {
  /** What happened to the record: created, updated, or an event a module raises (sla_breach). */
  type: Exclude<AutomationEventName, 'field_changed' | 'status_changed' | 'schedule'>
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
        return entity
          ? db(entity.table ?? entity.key)
              .where({ id })
              .first()
          : undefined
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
