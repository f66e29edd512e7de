import type { Server } from 'socket.io'
import { engine } from '#core/engine/engine'
import { changes } from '#core/events/bus'
import { forgetTokens, type Revocation } from '#core/auth/identity'

/** How often each node looks for users changed behind its back (the `vikno:user` command). */
export const USER_CHANGE_POLL_MS = 500

/**
 * Revocations end live sockets at once, on every node. A revocation made through the API
 * (token revoked, logout, password changed) is announced on the change bus: this node
 * disconnects the sockets it names and relays it to the other nodes through the Socket.IO
 * adapter, where the token cache is cleared too. Users changed by another process (roles,
 * deactivation, a password reset with `node ace vikno:user`) are found by each node from
 * `sys_users.updated_at`, twice a second.
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

  // users changed since a socket connected lose it; `since` only narrows the query (with an
  // overlap for transactions that committed late)
  let since = new Date(0)
  let polling = false
  const poll = async () => {
    if (polling || !io.of('/').sockets.size) return
    polling = true
    try {
      const now: Date = (await engine.knex.raw('select now() as now')).rows[0].now
      const rows: Array<{ id: string; updated_at: Date }> = await engine
        .knex('sys_users')
        .where('updated_at', '>', new Date(since.getTime() - 5000))
        .select('id', 'updated_at')
      since = now
      const changed = new Map(rows.map((r) => [r.id, r.updated_at.getTime()]))
      for (const socket of io.of('/').sockets.values()) {
        const data = socket.data as { actor?: { id?: string }; connectedAt?: number }
        const at = changed.get(data.actor?.id ?? '')
        if (at !== undefined && at > (data.connectedAt ?? 0)) {
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
