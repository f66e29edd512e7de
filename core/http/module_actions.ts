import type { HttpContext } from '@adonisjs/core/http'
import type { OpContext } from '#core/records/context'

/**
 * Module endpoints that a records API call cannot express (a duplicate search, a merge, a
 * timeline) register here by name and are served at `/api/v1/actions/<name>` behind the same
 * authentication; each checks permissions through the records API it calls.
 */
export interface ModuleAction {
  method: 'GET' | 'POST'
  handle(op: OpContext, input: Record<string, any>, ctx: HttpContext): Promise<unknown>
}

const actions = new Map<string, ModuleAction>()

export function registerModuleAction(name: string, action: ModuleAction) {
  actions.set(name, action)
}

export function moduleAction(name: string) {
  return actions.get(name)
}
