import type { FieldError } from '#core/shared/problem'
import type { AllowedTransition } from '#core/shared/workflow'
import type { WorkflowDoc, WorkflowTransition } from '#core/shared/metadata'
import { Problem, invalid, notFound } from '#core/errors/problem'
import { evaluateFilter } from '#core/filter/index'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { filterVariables } from '#core/permissions/actor'
import { expandRoles, isAdmin, type EntityAccess } from '#core/permissions/policy'
import { entityFor, type OpContext } from '#core/records/context'
import { prepare } from '#core/records/prepare'
import { get, isUuid } from '#core/records/read'
import { inTransaction, lockRow, conflict, checkReferences, mapDbError } from '#core/records/write'
import { updateRow } from '#core/records/apply'
import { tableOf } from '#core/records/entity_info'
import { message } from '#core/validation/messages'
import { workflowFor } from './resolve.js'
import { workflowAction } from './actions.js'

export type { AllowedTransition }

function hasRole(ctx: OpContext, t: WorkflowTransition) {
  if (!t.roles?.length || isAdmin(ctx.set, ctx.actor)) return true
  const mine = new Set(expandRoles(ctx.set, ctx.actor.roles).map((r) => r.key))
  return t.roles.some((r) => mine.has(r))
}

async function guardHolds(ctx: OpContext, wf: WorkflowDoc, t: WorkflowTransition, record: Record<string, unknown>) {
  if (!t.guard) return true
  const set = ctx.set
  return evaluateFilter(filterSchemaOf(set), wf.entity, t.guard, record, filterVariables(ctx.actor), async (key: string, id: string) => {
    const target = set.entity(key)
    return target ? ctx.db(tableOf(target)).where({ id }).first() : undefined
  })
}

/** The transitions the actor may make now on a record it may update, for the screens. */
export async function allowedTransitions(ctx: OpContext, entityKey: string, id: string): Promise<{ state: string | null; workflow: string | null; transitions: AllowedTransition[] }> {
  const { entity } = entityFor(ctx, entityKey, 'read')
  if (!isUuid(id)) throw notFound()
  await get(ctx, entityKey, id) // 404 unless the actor may read it
  const row = await ctx.db(tableOf(entity)).where({ id }).first()
  const wf = workflowFor(ctx.set, entityKey, row)
  if (!wf) return { state: null, workflow: null, transitions: [] }
  const state = row[wf.field]
  let canUpdate = true
  try {
    entityFor(ctx, entityKey, 'update')
  } catch {
    canUpdate = false
  }
  const out: AllowedTransition[] = []
  if (canUpdate) {
    for (const [key, t] of Object.entries(wf.transitions)) {
      if (!t.from.includes(state) || !hasRole(ctx, t) || !(await guardHolds(ctx, wf, t, row))) continue
      out.push({ key, label: t.label, to: t.to, requiredFields: t.requiredFields ?? [], fields: t.fields ?? [] })
    }
  }
  return { state, workflow: wf.key, transitions: out }
}

/**
 * Makes a transition: checks the state, the roles, the guard and the fields the transition may
 * set, runs its actions, requires its required fields, then writes the new state through the
 * records' write path (an update with a transition reason: hooks, audit, event) in one transaction. Refusals are problem+json with pointers.
 */
export async function applyTransition(ctx: OpContext, entityKey: string, id: string, key: string, body: unknown) {
  const { entity, access } = entityFor(ctx, entityKey, 'update')
  if (!isUuid(id)) throw notFound()
  const input = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>
  const { version, ...fields } = input
  return inTransaction(ctx, async (trx, events) => {
    const before = await lockRow(trx, entity, access, 'update', id)
    if (version !== undefined && before.version !== version) throw conflict(before)
    const wf = workflowFor(trx.set, entity.key, before)
    const t = wf?.transitions[key]
    if (!wf || !t) throw invalid([{ pointer: '/transition', message: `no transition "${key}"`, code: 'unknown_transition' }])
    const state = before[wf.field]
    const stateLabel = (s: string) => wf.states[s]?.label[ctx.actor.locale] ?? wf.states[s]?.label.uk ?? s
    if (!t.from.includes(state)) {
      throw invalid(
        [
          {
            pointer: '/transition',
            message: ctx.actor.locale === 'en' ? `"${t.label?.en ?? key}" is not possible from "${stateLabel(state)}"` : `«${t.label?.uk ?? key}» неможливо зі стану «${stateLabel(state)}»`,
            code: 'invalid_transition',
          },
        ],
        { state }
      )
    }
    if (!hasRole(trx, t)) throw new Problem('forbidden', [], {}, `your roles may not make the transition "${key}"`)
    if (!(await guardHolds(trx, wf, t, before))) {
      throw invalid([{ pointer: '/transition', message: ctx.actor.locale === 'en' ? 'the conditions of this transition are not met' : 'умови цього переходу не виконані', code: 'guard_failed' }])
    }
    const errors: FieldError[] = []
    const allowed = new Set(t.fields ?? [])
    for (const name of Object.keys(fields)) {
      if (!allowed.has(name)) errors.push({ pointer: `/${name}`, message: message('forbidden', ctx.actor.locale), code: 'not_in_transition' })
    }
    if (errors.length) throw invalid(errors)
    // a field the role keeps read-only (the resident's rating) may still be given where a
    // transition asks for it (the operator records the rating the resident says on the phone)
    const transitionAccess = { ...access, readOnly: new Set([...access.readOnly].filter((f) => !allowed.has(f) || access.hidden.has(f))) }
    const { prepared, errors: fieldErrors } = prepare(trx.set, entity, transitionAccess, fields, 'update', ctx.actor.locale)
    if (!prepared) throw invalid(fieldErrors)
    const refErrors = await checkReferences(ctx, prepared) // outside-scope references
    if (refErrors.length) throw invalid(refErrors)
    const values: Record<string, unknown> = { ...prepared.columns }
    for (const a of t.actions ?? []) await workflowAction(a.type)?.run({ trx, entity, record: before, values, config: a })
    values[wf.field] = t.to
    for (const f of t.requiredFields ?? []) {
      const v = f in values ? values[f] : before[f]
      if (v === null || v === undefined || v === '') errors.push({ pointer: `/${f}`, message: message('required', ctx.actor.locale), code: 'required' })
    }
    if (errors.length) throw invalid(errors)
    // the write itself is the records' one write path: hooks, version, audit, event
    const { row } = await updateRow(trx, entity, before, values, events, { access: access as EntityAccess, reason: { kind: 'transition', key }, transition: true })
    return { id, version: row.version as number, state: t.to }
  }).catch(mapDbError(ctx))
}
