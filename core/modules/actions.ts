import type { HttpContext } from '@adonisjs/core/http'
import type { OpContext } from '#core/records/context'
import { ajv, type ValidateFunction } from '#core/validation/ajv'
import { fromAjv } from '#core/validation/messages'
import { invalid } from '#core/errors/problem'
import type { Locale } from '#core/validation/messages'
import type { ModuleAction } from './define.js'

/** A declared module action with its input validator, compiled once at load. */
export interface RegisteredAction extends ModuleAction {
  name: string
  module: string
  validate: ValidateFunction
}

const actions = new Map<string, RegisteredAction>()

/** Adds `<module>.<name>`; a second module claiming the same name is a boot error. */
export function registerAction(module: string, name: string, action: ModuleAction) {
  const full = `${module}.${name}`
  const existing = actions.get(full)
  if (existing && existing.handle !== action.handle) throw new Error(`module action "${full}" is declared twice`)
  actions.set(full, { ...action, name: full, module, validate: ajv.compile(action.input) })
}

export function moduleAction(name: string): RegisteredAction | undefined {
  return actions.get(name)
}

/** Every action, by name (the OpenAPI document lists them). */
export function moduleActions(): RegisteredAction[] {
  return [...actions.values()].sort((a, b) => a.name.localeCompare(b.name))
}

/** Throws a 422 problem pointing at each member of `input` that breaks the action's schema. */
export function checkActionInput(action: RegisteredAction, input: unknown, locale: Locale) {
  if (!action.validate(input)) throw invalid(fromAjv(action.validate.errors, locale))
}

/**
 * Calls another module's declared action from server code, its input checked like an HTTP
 * call's: how one module uses another without importing its files (declare it in `dependsOn`).
 */
export async function callAction<O = unknown>(op: OpContext, name: string, input: Record<string, unknown>, ctx?: HttpContext): Promise<O> {
  const action = moduleAction(name)
  if (!action) throw new Error(`no module action "${name}" (is its module in dependsOn?)`)
  checkActionInput(action, input, op.actor.locale)
  return (await action.handle(op, input, ctx as HttpContext)) as O
}
