import type { Server } from 'socket.io'
import { engine } from '#core/engine/engine'
import { changes } from '#core/events/bus'
import { forgetTokens, type Revocation } from '#core/auth/identity'

/** What the socket's handshake recorded about its user (core/realtime/server.ts). */
export interface SocketIdentity {
  actor?: { id?: string }
  credential?: string
  /** `sys_users.updated_at` (ms) when the socket authenticated */
  userVersion?: number
}

/** How often each node looks for users changed behind its back (the `vikno:user` command). */
export const USER_CHANGE_POLL_MS = 500

/**
 * Revocations end live sockets at once, on every node. A revocation made through the API
 * (token revoked, logout, password changed) is announced on the change bus: this node
 * disconnects the sockets it names and relays it to the other nodes through the Socket.IO
 * adapter, where the token cache is cleared too. Users changed by another process (roles,
 * deactivation, a password reset with `node ace vikno:user`) are found by each node twice a
 * second: the user's `sys_users.updated_at` no longer equals the one its socket connected with.
 */
export function watchRevocations(io: Server, multiNode: () => boolean): () => void {
  const local = (r: Revocation) => {
    for (const socket of io.of('/').sockets.values()) {
      const data = socket.data as { actor?: { id?: string }; credential?: string }
      if (data.actor?.id !== r.user) continue
      if (!r.credentials || r.credentials.includes(data.credential ?? '')) socket.disconnect(true)
    }
  }
  const onRevoked = (r: Revocation) => {
    local(r)
    if (multiNode()) relay(io, r).catch(() => {})
  }
  const fromOtherNode = (r: Revocation) => {
    forgetTokens()
    local(r)
  }
  changes.on('access_revoked', onRevoked)
  io.on('vikno:access_revoked' as any, fromOtherNode)

  // a connected user's row changed since the socket authenticated (its `updated_at` differs
  // from the one read at connect, in the database's own clock) or is gone or deactivated
  let polling = false
  const poll = async () => {
    if (polling || !io.of('/').sockets.size) return
    polling = true
    try {
      const sockets = [...io.of('/').sockets.values()]
      const ids = [...new Set(sockets.map((s) => (s.data as SocketIdentity).actor?.id).filter((id): id is string => !!id))]
      if (!ids.length) return
      const rows: Array<{ id: string; updated_at: Date; active: boolean }> = await engine.knex('sys_users').whereIn('id', ids).select('id', 'updated_at', 'active')
      const current = new Map(rows.map((r) => [r.id, r.active ? r.updated_at.getTime() : undefined]))
      for (const socket of sockets) {
        const data = socket.data as SocketIdentity
        if (!data.actor?.id) continue
        const now = current.get(data.actor.id)
        if (now === undefined || (data.userVersion !== undefined && now !== data.userVersion)) {
          forgetTokens()
          socket.disconnect(true)
        }
      }
    } catch {
      // the database is away for a moment: try again on the next tick
    } finally {
      polling = false
    }
  }
  const timer = setInterval(() => void poll(), USER_CHANGE_POLL_MS)
  timer.unref()
  return () => {
    clearInterval(timer)
    changes.off('access_revoked', onRevoked)
  }
}

async function relay(io: Server, r: Revocation) {
  if ((await io.of('/').adapter.serverCount()) <= 1) return
  io.serverSideEmit('vikno:access_revoked' as any, r)
}
