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

/** Server → client events. */
export interface ServerToClientEvents {
  record: (event: RecordEvent) => void
  meta: (event: MetaEvent) => void
  /** Something for this user to look at (sent to the `user:<id>` room only). */
  notification: (event: { entity: string; id: string }) => void
}

/** Client → server events. Rooms: `entity:<key>`, `record:<key>:<id>`; `user:<id>` is joined at connect. */
export interface ClientToServerEvents {
  subscribe: (room: string, ack: (result: { ok: boolean; error?: string }) => void) => void
  unsubscribe: (room: string, ack?: (result: { ok: boolean }) => void) => void
}
