import type { FieldError } from '#core/shared/problem'
import { invalid, Problem } from '#core/errors/problem'
import { allowedTransitions, applyTransition, type AllowedTransition } from '#core/workflow/engine'
import { entityFor, type OpContext } from './context.js'
import { isUuid } from './read.js'
import { remove, update } from './write.js'

export const MAX_BULK = 200

/** One selected record and the version the user saw (a newer one is refused as a conflict). */
export interface BulkItem {
  id: string
  version?: number
}

/** `transition` (with the transition's fields asked once), `update` (set fields) or `delete`. */
export type BulkAction = { type: 'transition'; transition: string; fields?: Record<string, unknown> } | { type: 'update'; values: Record<string, unknown> } | { type: 'delete' }

export type BulkResult = { id: string; ok: true; version?: number } | { id: string; ok: false; status: number; title: string; detail?: string; errors?: FieldError[] }

const obj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

/** Body → action and items; a malformed body is refused whole, before any row is touched. */
export function parseBulk(body: unknown): { action: BulkAction; items: BulkItem[] } {
  const errors: FieldError[] = []
  const b = obj(body) ? body : {}
  const action = obj(b.action) ? b.action : undefined
  if (!action || !['transition', 'update', 'delete'].includes(action.type as string)) errors.push({ pointer: '/action/type', message: 'transition, update or delete', code: 'bad_value' })
  else if (action.type === 'transition' && (typeof action.transition !== 'string' || !action.transition)) errors.push({ pointer: '/action/transition', message: 'required', code: 'required' })
  else if (action.type === 'transition' && action.fields !== undefined && !obj(action.fields)) errors.push({ pointer: '/action/fields', message: 'an object', code: 'type' })
  else if (action.type === 'update' && (!obj(action.values) || !Object.keys(action.values).length))
    errors.push({ pointer: '/action/values', message: 'an object with at least one field', code: 'required' })
  const items = Array.isArray(b.items) ? b.items : undefined
  if (!items || !items.length || items.length > MAX_BULK) errors.push({ pointer: '/items', message: `an array of 1 to ${MAX_BULK} records`, code: 'type' })
  else {
    items.forEach((it, i) => {
      if (!obj(it) || !isUuid(it.id)) errors.push({ pointer: `/items/${i}/id`, message: 'a record id', code: 'type' })
      else if (it.version !== undefined && !Number.isInteger(it.version)) errors.push({ pointer: `/items/${i}/version`, message: 'an integer', code: 'type' })
    })
    if (new Set(items.map((it: any) => it?.id)).size !== items.length) errors.push({ pointer: '/items', message: 'each record once', code: 'duplicate' })
  }
  if (errors.length) throw invalid(errors)
  return { action: action as unknown as BulkAction, items: items as BulkItem[] }
}

/**
 * Applies one action to each selected record in turn, each through the ordinary write path in
 * its own transaction: the same permission, row-scope, validation, workflow and version checks
 * as a single request, and a record refused does not undo the others. Every record gets a
 * result (done, or refused with the problem's title, detail and field errors), so nothing is
 * partially silent. Sequential on purpose: hooks and automations see one change at a time.
 */
export async function bulkApply(ctx: OpContext, entityKey: string, action: BulkAction, items: BulkItem[]): Promise<BulkResult[]> {
  // the entity itself must allow the action at all: otherwise refuse the whole request
  entityFor(ctx, entityKey, action.type === 'delete' ? 'delete' : 'update')
  const results: BulkResult[] = []
  for (const item of items) {
    try {
      if (action.type === 'delete') {
        await remove(ctx, entityKey, item.id, item.version)
        results.push({ id: item.id, ok: true })
      } else if (action.type === 'update') {
        const r = await update(ctx, entityKey, item.id, action.values, item.version)
        results.push({ id: item.id, ok: true, version: r.version })
      } else {
        const body = { ...(action.fields ?? {}), ...(item.version !== undefined ? { version: item.version } : {}) }
        const r = await applyTransition(ctx, entityKey, item.id, action.transition, body)
        results.push({ id: item.id, ok: true, version: r.version })
      }
    } catch (error) {
      if (!(error instanceof Problem)) throw error
      const p = error.toJSON(ctx.actor.locale === 'en' ? 'en' : 'uk')
      results.push({ id: item.id, ok: false, status: p.status, title: p.title, ...(p.detail ? { detail: p.detail } : {}), ...(p.errors?.length ? { errors: p.errors } : {}) })
    }
  }
  return results
}

/**
 * The transitions the actor may make now on every one of the records (the bulk bar offers
 * only these), with the union of their fields. A record the actor may not read makes the
 * answer empty rather than revealing anything about it.
 */
export async function commonTransitions(ctx: OpContext, entityKey: string, ids: unknown): Promise<AllowedTransition[]> {
  if (!Array.isArray(ids) || !ids.length || ids.length > MAX_BULK || !ids.every(isUuid)) {
    throw invalid([{ pointer: '/ids', message: `an array of 1 to ${MAX_BULK} record ids`, code: 'type' }])
  }
  entityFor(ctx, entityKey, 'read')
  let common: AllowedTransition[] | undefined
  for (const id of new Set(ids as string[])) {
    const { transitions } = await allowedTransitions(ctx, entityKey, id).catch((e) => {
      if (e instanceof Problem) return { transitions: [] as AllowedTransition[] }
      throw e
    })
    common = common ? common.filter((c) => transitions.some((t) => t.key === c.key)) : transitions
    if (!common.length) break
  }
  return common ?? []
}
