import type { ModuleEvents } from '#core/shared/events'

const declared = new Map<string, string>()

/** Records that `module` emits `event` (from its definition's `events`). */
export function declareModuleEvent(module: string, event: string) {
  const owner = declared.get(event)
  if (owner && owner !== module) throw new Error(`module event "${event}" is declared by both "${owner}" and "${module}"`)
  declared.set(event, module)
}

/** Refuses an event no installed module declared: the shared event map and the modules agree. */
export function assertDeclaredEvent(event: keyof ModuleEvents | string) {
  if (!declared.has(String(event))) throw new Error(`module event "${String(event)}" is not declared by any module (defineModule({ events }))`)
}

/** Declared events with the module that emits each. */
export function moduleEvents(): ReadonlyMap<string, string> {
  return declared
}
