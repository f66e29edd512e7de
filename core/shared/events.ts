/** Realtime events carry ids and versions, never data: screens refetch through the API. */
export interface RecordEvent {
  entity: string
  id: string
  version: number
  op: 'created' | 'updated' | 'deleted'
}

export interface MetaEvent {
  revision: number
}

/**
 * The payloads of module events, by event name: the one map server and UI share. A module
 * adds its events by declaration merging in a self-contained file the UI compiles too
 * (`modules/<m>/shared/events.ts`), and lists them in its `defineModule({ events })`; the
 * loader refuses to emit an event no module declared.
 *
 * @example
 * declare module '../../../core/shared/events.js' {
 *   interface ModuleEvents { call: { callId: string; id: string; event: string } }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by modules
export interface ModuleEvents {}

/** Server → client events: the engine's, then every module's. */
export type ServerToClientEvents = CoreServerToClientEvents & { [K in keyof ModuleEvents]: (payload: ModuleEvents[K]) => void }

/** The engine's own server → client events. */
export interface CoreServerToClientEvents {
  record: (event: RecordEvent) => void
  meta: (event: MetaEvent) => void
  /** Something for this user to look at (sent to the `user:<id>` room only). */
  notification: (event: { entity: string; id: string }) => void
}

/**
 * Client → server events. Rooms: `entity:<key>`, `record:<key>:<id>`, and the kinds modules
 * authorize (core/realtime/rooms.ts, e.g. `report:<key>`); `user:<id>` is joined at connect.
 */
export interface ClientToServerEvents {
  subscribe: (room: string, ack: (result: { ok: boolean; error?: string }) => void) => void
  unsubscribe: (room: string, ack?: (result: { ok: boolean }) => void) => void
}
