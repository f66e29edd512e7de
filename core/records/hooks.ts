import type { Knex } from 'knex'
import type { EntityDoc } from '#core/shared/metadata'
import type { CommittedChange } from '#core/events/bus'
import type { OpContext } from './context.js'
import type { WriteReason } from './apply.js'

/**
 * What a record hook sees, inside the write's transaction (`trx.db`). `values` are the
 * columns about to be written (a hook may add or change them in `beforeWrite`); `before` is
 * the row before an update or delete; `after` the row after it was written.
 */
export interface HookContext {
  trx: OpContext
  entity: EntityDoc
  op: 'create' | 'update' | 'delete' | 'transition'
  values: Record<string, unknown>
  before?: Record<string, any>
  after?: Record<string, any>
  /** Committed-change events to publish after the commit (a hook may add its own). */
  events: CommittedChange[]
  /** Why the write happens when it is not a plain write by its actor (a transition, an automation, the SLA clock…). */
  reason?: WriteReason
  /**
   * A create's companion writes of the engine's own tables (`sys_*`, e.g. a timer job): a
   * `beforeWrite` hook of a create may push inserts here (`values.id` is already chosen) and
   * they run in the same statement as the insert and its audit row — one round trip.
   */
  alongside?: Knex.QueryBuilder[]
}

/**
 * Behaviour that metadata cannot express, as named hooks of a module (STYLE.md, rule 3).
 * A hook that throws a Problem refuses the write; the transaction rolls back.
 */
export interface RecordHook {
  name: string
  /**
   * On a create this hook only reads (in `beforeWrite`), puts its own writes in `alongside` and
   * writes nothing in `afterWrite`: the create stays ONE statement and needs no transaction of
   * its own (BEGIN and COMMIT are two round trips). Leave it unset when in doubt.
   */
  createInOneStatement?: boolean
  beforeWrite?(ctx: HookContext): Promise<void> | void
  afterWrite?(ctx: HookContext): Promise<void> | void
}

const hooks = new Map<string, RecordHook[]>()

export function registerRecordHook(entity: string, hook: RecordHook) {
  const list = hooks.get(entity) ?? []
  if (list.some((h) => h.name === hook.name)) return // modules may be loaded twice in tests
  list.push(hook)
  hooks.set(entity, list)
}

/** The entity's hooks, then those registered for every entity (`*`). */
export function hooksOf(entity: string): RecordHook[] {
  return [...(hooks.get(entity) ?? []), ...(hooks.get('*') ?? [])]
}

/** Whether every hook of the entity itself keeps its create one statement (see `createInOneStatement`). */
export function createsInOneStatement(entity: string): boolean {
  return (hooks.get(entity) ?? []).every((h) => h.createInOneStatement === true)
}

/** Hooks of the entity itself (a `*` hook alone does not force the slow write path). */
export function ownHooksOf(entity: string): RecordHook[] {
  return hooks.get(entity) ?? []
}

export async function runHooks(phase: 'beforeWrite' | 'afterWrite', ctx: HookContext) {
  for (const hook of hooksOf(ctx.entity.key)) await hook[phase]?.(ctx)
}
