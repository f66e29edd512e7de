import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, RecordEvent, ServerToClientEvents } from '../../../shared/events.js'

type VSocket = Socket<ServerToClientEvents, ClientToServerEvents>

let socket: VSocket | undefined
const rooms = new Map<string, Set<(event: RecordEvent) => void>>()

/** One socket per tab, authenticated by the session cookie; rooms are joined again after a reconnect. */
function connection(): VSocket {
  if (socket) return socket
  socket = io({ path: '/socket.io', transports: ['websocket'], withCredentials: true })
  socket.on('connect', () => {
    for (const room of rooms.keys()) socket!.emit('subscribe', room, () => {})
  })
  // the server ends sockets whose user changed (password, roles, a revoked session): connect
  // again with what the cookie now proves; a session that is gone is refused and stays off
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') setTimeout(() => socket?.connect(), 1000)
  })
  socket.on('record', (event) => {
    for (const room of [`entity:${event.entity}`, `record:${event.entity}:${event.id}`]) {
      for (const listener of rooms.get(room) ?? []) listener(event)
    }
  })
  return socket
}

/**
 * Listens to a room (`entity:<key>` or `record:<key>:<id>`); events carry ids only, so the
 * screens refetch what changed. Returns the unsubscribe function.
 */
export function subscribe(room: string, listener: (event: RecordEvent) => void): () => void {
  const s = connection()
  let listeners = rooms.get(room)
  if (!listeners) {
    rooms.set(room, (listeners = new Set()))
    if (s.connected) s.emit('subscribe', room, () => {})
  }
  listeners.add(listener)
  return () => {
    listeners!.delete(listener)
    if (!listeners!.size) {
      rooms.delete(room)
      s.emit('unsubscribe', room)
    }
  }
}

/**
 * A newly published metadata revision, as every node announces it to its sockets; also called
 * with `null` on each (re)connect (an announcement may have been missed). Returns the unsubscribe.
 */
export function onMetadataRevision(listener: (revision: number | null) => void): () => void {
  const s = connection()
  const onMeta = (e: { revision: number }) => listener(e.revision)
  // every (re)connect, the first too: an announcement may have come between the bootstrap
  // and this socket, so the caller checks the revision again
  const onConnect = () => listener(null)
  s.on('meta', onMeta)
  s.on('connect', onConnect)
  if (s.connected) onConnect()
  return () => {
    s.off('meta', onMeta)
    s.off('connect', onConnect)
  }
}

/** After logout the socket's session is gone: drop it. */
export function disconnectRealtime() {
  socket?.close()
  socket = undefined
  rooms.clear()
}

/**
 * Listens to a module event sent to this user's own room or role (e.g. telephony's `call` pop,
 * `presence` for supervisors): small payloads of ids. Returns the unsubscribe function.
 */
export function listen<T = unknown>(event: string, listener: (payload: T) => void): () => void {
  const s = connection() as unknown as Socket
  s.on(event, listener as (...args: any[]) => void)
  return () => void s.off(event, listener as (...args: any[]) => void)
}
