import type { Knex } from 'knex'
import type { MetadataSet } from '#core/metadata/set'
import type { EntityDoc } from '#core/shared/metadata'
import type { CommittedChange } from '#core/events/bus'

/** What an automation action gets: the record as it is now, in the job's transaction. */
export interface AutomationContext {
  trx: Knex.Transaction
  set: MetadataSet
  entity: EntityDoc
  record: Record<string, any>
  config: Record<string, any>
  automation: string
  /** Field values to write on the record after all actions ran (one update, one audit row). */
  patch: Record<string, unknown>
  /** Users to tell (the realtime layer pings their `user:<id>` rooms after the commit). */
  notified: Set<string>
  /** Record events of the job's transaction, published after its commit (pass to `systemCreate`). */
  events: CommittedChange[]
}

/**
 * What an action of a scheduled automation gets: no record, the tick it runs for, in the tick
 * job's transaction (its database effects commit once per tick, with the job's completion).
 */
export interface ScheduledAutomationContext {
  trx: Knex.Transaction
  set: MetadataSet
  /** The automation's `entity`: on a schedule it only names the context. */
  entity: EntityDoc
  config: Record<string, any>
  automation: string
  /** Position of the action in the automation (part of any idempotency key it derives). */
  index: number
  /** The instant of the tick (the same on every retry of its job). */
  tick: Date
  events: CommittedChange[]
}

/**
 * An automation action: `run` on a record's event, `runScheduled` on a schedule's tick. An
 * automation may only use an action that has the method its event needs (checked at publish).
 */
export interface AutomationAction {
  /** JSON Schema of the action's config, checked when the automation is published. */
  schema: Record<string, unknown>
  run?(ctx: AutomationContext): Promise<void>
  runScheduled?(ctx: ScheduledAutomationContext): Promise<void>
  /** Rules the schema cannot express (a report that exists), checked at publish; pointers relative to the action. */
  check?(config: Record<string, any>, set: MetadataSet): Array<{ pointer: string; message: string }>
}

const actions = new Map<string, AutomationAction>()

/** Automation actions register by name, each with its config schema. */
export function registerAutomationAction(type: string, action: AutomationAction) {
  actions.set(type, action)
}

export function automationAction(type: string) {
  return actions.get(type)
}

export const label = { type: 'object', properties: { uk: { type: 'string' }, en: { type: 'string' } }, required: ['uk'], additionalProperties: false }
export const fieldName = { type: 'string', pattern: '^[a-z][a-z0-9_]*$' }

/** `{{field}}` in a template takes the record's value. */
export function render(template: string, record: Record<string, any>) {
  return template.replace(/\{\{\s*([a-z0-9_]+)\s*\}\}/g, (_, f) => (record[f] === null || record[f] === undefined ? '' : String(record[f])))
}

registerAutomationAction('set_field', {
  schema: { type: 'object', properties: { type: true, field: fieldName, value: true }, required: ['type', 'field', 'value'], additionalProperties: false },
  async run({ patch, config }) {
    patch[config.field] = config.value
  },
})

/**
 * Notifies the users of a role (optionally only those whose `sameAttribute.attribute` equals the
 * record's `sameAttribute.field`), a fixed user, or the user a reference field points at.
 */
registerAutomationAction('notify', {
  schema: {
    type: 'object',
    properties: {
      type: true,
      role: fieldName,
      user: { type: 'string', format: 'uuid' },
      userField: fieldName,
      title: label,
      body: label,
      sameAttribute: { type: 'object', properties: { attribute: fieldName, field: fieldName }, required: ['attribute', 'field'], additionalProperties: false },
    },
    required: ['type', 'title'],
    additionalProperties: false,
  },
  async run({ trx, record, config, entity, automation, notified }) {
    const users = new Set<string>()
    if (config.user) users.add(config.user)
    if (config.userField && record[config.userField]) users.add(record[config.userField])
    if (config.role) {
      const q = trx('sys_users')
        .where({ active: true })
        .whereRaw('roles @> ?::jsonb', [JSON.stringify([config.role])])
      // only users whose attribute holds the record's field, e.g. the dispatchers of the company a request is routed to
      const same = config.sameAttribute as { attribute: string; field: string } | undefined
      if (same && record[same.field]) q.whereRaw('attributes->>? = ?', [same.attribute, record[same.field]])
      for (const u of await q.pluck('id')) users.add(u)
    }
    if (!users.size) return
    await trx('sys_notifications').insert(
      [...users].map((user_id) => ({
        user_id,
        entity: entity.key,
        record_id: record.id,
        title: render(config.title.uk, record),
        body: config.body ? render(config.body.uk, record) : null,
        source: `automation:${automation}`,
      }))
    )
    for (const u of users) notified.add(u)
  },
})

/** Sets a user reference (e.g. `responsible`) to a fixed user or to the value of another field. */
registerAutomationAction('assign', {
  schema: { type: 'object', properties: { type: true, field: fieldName, user: { type: 'string', format: 'uuid' }, fromField: fieldName }, required: ['type', 'field'], additionalProperties: false },
  async run({ patch, record, config }) {
    const value = config.user ?? (config.fromField ? record[config.fromField] : null)
    if (value) patch[config.field] = value
  },
})
