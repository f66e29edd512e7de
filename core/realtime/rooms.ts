import type { Actor } from '#core/permissions/actor'

/** Decides whether an actor may join `<kind>:<rest>` (the rest is everything after the first colon). */
export type RoomCheck = (actor: Actor, rest: string) => boolean | Promise<boolean>

const kinds = new Map<string, RoomCheck>()

/**
 * Lets a module authorize sockets' `subscribe` to rooms of its own kind, e.g. the reports
 * module: `registerRoomKind('report', (actor, key) => mayRun(actor, key))`. The engine's own
 * kinds (`entity`, `record`, `user`) cannot be taken.
 */
export function registerRoomKind(kind: string, check: RoomCheck) {
  if (['entity', 'record', 'user'].includes(kind)) throw new Error(`room kind "${kind}" belongs to the engine`)
  kinds.set(kind, check)
}

export function roomKind(kind: string): RoomCheck | undefined {
  return kinds.get(kind)
}
