import type { EntityDoc } from '#core/shared/metadata'
import type { OpContext } from '#core/records/context'

/** What a transition action may touch: the values about to be written, in the transaction. */
export interface ActionContext {
  trx: OpContext
  entity: EntityDoc
  record: Record<string, any>
  values: Record<string, unknown>
  config: Record<string, unknown>
}

export interface WorkflowAction {
  /** JSON Schema of the action's config (validated with the workflow document). */
  schema: Record<string, unknown>
  run(ctx: ActionContext): Promise<void> | void
}

const actions = new Map<string, WorkflowAction>()

/** Transition actions register by name (STYLE.md: registries, not switches). */
export function registerWorkflowAction(type: string, action: WorkflowAction) {
  actions.set(type, action)
}

export function workflowAction(type: string): WorkflowAction | undefined {
  return actions.get(type)
}

const field = { type: 'string', pattern: '^[a-z][a-z0-9_]*$' }

registerWorkflowAction('set', {
  schema: { type: 'object', properties: { type: true, field, value: true }, required: ['field', 'value'], additionalProperties: false },
  run: ({ values, config }) => {
    values[config.field as string] = config.value
  },
})

registerWorkflowAction('clear', {
  schema: { type: 'object', properties: { type: true, field }, required: ['field'], additionalProperties: false },
  run: ({ values, config }) => {
    values[config.field as string] = null
  },
})

/** Sets a datetime field to the transition's time (e.g. resolved_at). */
registerWorkflowAction('set_now', {
  schema: { type: 'object', properties: { type: true, field, onlyIfEmpty: { type: 'boolean' } }, required: ['field'], additionalProperties: false },
  run: ({ values, record, config }) => {
    const name = config.field as string
    if (config.onlyIfEmpty && record[name]) return
    values[name] = new Date()
  },
})

/** Sets a user reference to whoever makes the transition (e.g. "take it"). */
registerWorkflowAction('assign_actor', {
  schema: { type: 'object', properties: { type: true, field }, required: ['field'], additionalProperties: false },
  run: ({ values, trx, config }) => {
    values[config.field as string] = trx.actor.id
  },
})

/** Tells the users of a role, or the user a reference field points at, in the same transaction. */
registerWorkflowAction('notify', {
  schema: {
    type: 'object',
    properties: { type: true, role: field, userField: field, title: { type: 'object', properties: { uk: { type: 'string' }, en: { type: 'string' } }, required: ['uk'] } },
    required: ['title'],
    additionalProperties: false,
  },
  async run({ trx, entity, record, values, config }) {
    const users = new Set<string>()
    const target = (values[config.userField as string] ?? record[config.userField as string]) as string | undefined
    if (config.userField && target) users.add(target)
    if (config.role) {
      for (const id of await trx
        .db('sys_users')
        .where({ active: true })
        .whereRaw('roles @> ?::jsonb', [JSON.stringify([config.role])])
        .pluck('id'))
        users.add(id)
    }
    if (!users.size) return
    const title = String((config.title as { uk: string }).uk).replace(/\{\{\s*([a-z0-9_]+)\s*\}\}/g, (_, f) => String(values[f] ?? record[f] ?? ''))
    await trx.db('sys_notifications').insert([...users].map((user_id) => ({ user_id, entity: entity.key, record_id: record.id, title, source: `workflow:${entity.key}` })))
  },
})

/** Named module functions a transition may call (e.g. `servicedesk.close_children`). */
const hooks = new Map<string, (ctx: ActionContext) => Promise<void> | void>()

export function registerWorkflowHook(name: string, fn: (ctx: ActionContext) => Promise<void> | void) {
  hooks.set(name, fn)
}

registerWorkflowAction('call_hook', {
  schema: { type: 'object', properties: { type: true, name: { type: 'string' } }, required: ['name'], additionalProperties: true },
  async run(ctx) {
    const fn = hooks.get(ctx.config.name as string)
    if (!fn) throw new Error(`no workflow hook "${ctx.config.name}"`)
    await fn(ctx)
  },
})
