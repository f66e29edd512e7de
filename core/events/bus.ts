import { EventEmitter } from 'node:events'
import type { ModuleEvents, RecordEvent } from '#core/shared/events'
import { assertDeclaredEvent } from '#core/modules/events'

/**
 * Committed changes, in process. Published only after the transaction commits (the write
 * path collects events and hands them here after `commit`). The realtime layer forwards them
 * to other nodes and to the sockets allowed to see each record.
 */
export interface CommittedChange {
  event: RecordEvent
  /** The row as it was before a hard delete: lets nodes check scopes after the row is gone. */
  before?: Record<string, unknown>
}

class ChangeBus extends EventEmitter {
  publish(changes: CommittedChange[]) {
    for (const change of changes) this.emit('change', change)
  }

  onChange(listener: (change: CommittedChange) => void) {
    this.on('change', listener)
    return () => this.off('change', listener)
  }

  /** A change committed on another node, as the realtime adapter forwards it (core/realtime/server.ts). */
  publishRemote(change: CommittedChange) {
    this.emit('remote_change', change)
  }

  /** Every committed change: this node's and those forwarded from other nodes (caches of derived figures). */
  onAnyChange(listener: (change: CommittedChange) => void) {
    this.on('change', listener)
    this.on('remote_change', listener)
    return () => {
      this.off('change', listener)
      this.off('remote_change', listener)
    }
  }
}

export const changes = new ChangeBus()

/** A module event for one user's screens (`user:<id>` room), after the commit it follows. */
export function emitToUser<K extends keyof ModuleEvents>(user: string, event: K, payload: ModuleEvents[K]) {
  assertDeclaredEvent(event)
  changes.emit('user_event', { user, event, payload })
}

/** A module event for every connected user of a role (administrators too). */
export function emitToRole<K extends keyof ModuleEvents>(role: string, event: K, payload: ModuleEvents[K]) {
  assertDeclaredEvent(event)
  changes.emit('role_event', { role, event, payload })
}
/**
 * A module event for this node's sockets in a room a module authorizes at join
 * (core/realtime/rooms.ts), e.g. `report:<key>`. Not relayed: each node hears every change
 * ({@link ChangeBus.onAnyChange}) and emits to its own sockets.
 */
export function emitToRoom<K extends keyof ModuleEvents>(room: string, event: K, payload: ModuleEvents[K]) {
  assertDeclaredEvent(event)
  changes.emit('room_event', { room, event, payload })
}
changes.setMaxListeners(100)
