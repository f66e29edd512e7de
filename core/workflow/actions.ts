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
