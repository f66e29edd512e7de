import type { Server as HttpServer } from 'node:http'
import { Server, type Socket } from 'socket.io'
import pg from 'pg'
import env from '#start/env'
import type { ClientToServerEvents, ServerToClientEvents } from '#core/shared/events'
import type { Actor } from '#core/permissions/actor'
import { engine } from '#core/engine/engine'
import { changes, type CommittedChange } from '#core/events/bus'
import { authenticate, actorOf } from '#core/auth/identity'
import { pickLocale } from '#core/validation/messages'
import { accessFor, isAdmin } from '#core/permissions/policy'
import { get } from '#core/records/read'
import { canSee, scopeSignature } from './visibility.js'
import { watchRevocations } from './revocation.js'
import { roomKind } from './rooms.js'

type VSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, any>, { actor: Actor }>

let io: Server<ClientToServerEvents, ServerToClientEvents> | undefined
const cleanup: Array<() => unknown> = []

/** How long a user may have no socket (a reload, a network blip) before they count as gone. */
const GONE_AFTER_MS = Number(process.env.VIKNO_SOCKET_GONE_MS ?? 5000)
const goneHandlers: Array<(userId: string) => unknown> = []

/**
 * Runs `fn` when a signed-in user's last socket has been closed for a few seconds (on every
 * node): the telephony module sets the operator's presence to offline, so a closed single
 * window gets no pops and the supervisor's board does not show a stale "available".
 */
export function onUserGone(fn: (userId: string) => unknown) {
  goneHandlers.push(fn)
}

async function checkGone(userId: string) {
  const server = io
  if (!server) return
  // other nodes' sockets count too; an adapter that cannot tell falls back to this node's
  const left = await server
    .in(`user:${userId}`)
    .fetchSockets()
    .catch(() => server.local.in(`user:${userId}`).fetchSockets())
  if (left.length) return
  for (const fn of goneHandlers) await Promise.resolve(fn(userId)).catch(() => {})
}

/**
 * Socket.IO on the application's HTTP server. Sockets authenticate like HTTP requests
 * (session cookie or `auth: { token }`), join `user:<id>`, and may subscribe to
 * `entity:<key>` and `record:<key>:<id>` rooms after a read-permission check, and to rooms of
 * the kinds modules register (core/realtime/rooms.ts) after the module's check. Each committed
 * change is sent only to sockets whose actor may see the record, on every node.
 */
export async function startRealtime(httpServer: HttpServer) {
  io = new Server(httpServer, { path: '/socket.io', serveClient: false })
  engine.realtime = await attachAdapter(io)

  io.use(async (socket, next) => {
    try {
      const headers = socket.handshake.headers
      const token = socket.handshake.auth?.token
      const found = await authenticate(engine.knex, {
        cookie: token ? undefined : headers.cookie,
        authorization: token ? `Bearer ${token}` : undefined,
        unsafe: false,
      })
      if (!found) return next(new Error('unauthorized'))
      if (found.via === 'session' && headers.origin && new URL(headers.origin).host !== headers.host) {
        return next(new Error('cross-origin socket refused'))
      }
      socket.data.actor = actorOf(found.user, pickLocale(headers['accept-language']))
      // what a revocation names, and when: core/realtime/revocation.ts
      const userVersion = (found.user as { updated_at?: Date }).updated_at?.getTime()
      Object.assign(socket.data, { credential: found.credential, userVersion })
      next()
    } catch {
      next(new Error('unauthorized'))
    }
  })

  io.on('connection', (socket: VSocket) => {
    socket.join(`user:${socket.data.actor.id}`)
    socket.on('disconnect', () => {
      const id = socket.data.actor.id
      if (id && goneHandlers.length) setTimeout(() => void checkGone(id).catch(() => {}), GONE_AFTER_MS).unref()
    })
    socket.on('subscribe', async (room, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {}
      const ok = await mayJoin(socket.data.actor, String(room)).catch(() => false)
      if (ok) socket.join(String(room))
      reply(ok ? { ok } : { ok, error: 'not allowed' })
    })
    socket.on('unsubscribe', (room, ack) => {
      socket.leave(String(room))
      if (typeof ack === 'function') ack({ ok: true })
    })
  })

  // changes made on this node go to local sockets and to the other nodes
  cleanup.push(
    changes.onChange((change) => {
      deliver(change).catch(() => {})
      if (engine.realtime !== 'memory') forward(change).catch(() => {})
    })
  )
  io.on('vikno:change' as any, (change: CommittedChange) => {
    deliver(change).catch(() => {})
    // caches of figures derived from records (reports) hear other nodes' changes too
    changes.publishRemote(change)
  })
  // a user's own notifications: to their room, on whichever node they are connected
  // module events for one user, or for every user of a role (e.g. a call popping on an
  // operator's screen, presence changes for supervisors): ids and small facts only. Local
  // sockets get them at once; other nodes, when there are any, through the adapter.
  const toUser = (e: { user: string; event: string; payload: unknown }) => io?.local.to(`user:${e.user}`).emit(e.event as any, e.payload as any)
  const toRole = (e: { role: string; event: string; payload: unknown }) => {
    for (const socket of io?.of('/').sockets.values() ?? []) {
      const actor = (socket as VSocket).data.actor
      if (actor && (actor.roles.includes(e.role) || isAdmin(engine.set, actor))) socket.emit(e.event as any, e.payload as any)
    }
  }
  const relay = (kind: 'user' | 'role', e: unknown) => {
    if (engine.realtime !== 'memory') forwardEvent(kind, e).catch(() => {})
  }
  const onNotification = (n: { user: string; entity: string; id: string }) => {
    const e = { user: n.user, event: 'notification', payload: { entity: n.entity, id: n.id } }
    toUser(e)
    relay('user', e)
  }
  const onUserEvent = (e: { user: string; event: string; payload: unknown }) => (toUser(e), relay('user', e))
  // rooms of a module's kind (core/realtime/rooms.ts): every node emits to its own sockets
  const onRoomEvent = (e: { room: string; event: string; payload: unknown }) => io?.local.to(e.room).emit(e.event as any, e.payload as any)
  changes.on('room_event', onRoomEvent)
  cleanup.push(() => changes.off('room_event', onRoomEvent))
  const onRoleEvent = (e: { role: string; event: string; payload: unknown }) => (toRole(e), relay('role', e))
  io.on('vikno:user_event' as any, toUser)
  io.on('vikno:role_event' as any, toRole)
  changes.on('notification', onNotification)
  changes.on('user_event', onUserEvent)
  changes.on('role_event', onRoleEvent)
  cleanup.push(
    () => changes.off('notification', onNotification),
    () => changes.off('user_event', onUserEvent),
    () => changes.off('role_event', onRoleEvent)
  )
  cleanup.push(watchRevocations(io, () => engine.realtime !== 'memory'))
  const onReload = (revision: number) => io?.local.emit('meta', { revision })
  engine.on('reloaded', onReload)
  cleanup.push(() => engine.off('reloaded', onReload))
  return io
}

/** To the other nodes, when there are any (the adapter's heartbeat knows them). */
async function forward(change: CommittedChange) {
  if (!io) return
  if ((await io.of('/').adapter.serverCount()) <= 1) return
  io.serverSideEmit('vikno:change' as any, change)
}

async function forwardEvent(kind: 'user' | 'role', e: unknown) {
  if (!io || (await io.of('/').adapter.serverCount()) <= 1) return
  io.serverSideEmit(`vikno:${kind}_event` as any, e)
}

async function mayJoin(actor: Actor, room: string): Promise<boolean> {
  const [kind, entity, id] = room.split(':')
  if (kind === 'entity' && entity && id === undefined) {
    return !!engine.set.entity(entity) && accessFor(engine.set, actor, entity).can('read')
  }
  if (kind === 'record' && entity && id) {
    await get({ set: engine.set, actor: { ...actor, system: false }, db: engine.knex }, entity, id)
    return true
  }
  const check = roomKind(kind)
  const rest = room.slice(kind.length + 1)
  if (check && rest) return await check({ ...actor, system: false }, rest)
  return false
}

/** Sends a change to this node's sockets that may see it (ids and version only). */
async function deliver(change: CommittedChange) {
  if (!io) return
  const { entity, id } = change.event
  const rooms = [`entity:${entity}`, `record:${entity}:${id}`]
  const socketIds = new Set<string>()
  for (const room of rooms) for (const sid of io.of('/').adapter.rooms.get(room) ?? []) socketIds.add(sid)
  const verdicts = new Map<string, Promise<boolean>>()
  for (const sid of socketIds) {
    const socket = io.of('/').sockets.get(sid) as VSocket | undefined
    if (!socket) continue
    const actor = socket.data.actor
    const key = scopeSignature(actor)
    if (!verdicts.has(key))
      verdicts.set(
        key,
        canSee(actor, change).catch(() => false)
      )
    if (await verdicts.get(key)) socket.emit('record', change.event)
  }
}

async function attachAdapter(server: Server): Promise<'memory' | 'postgres' | 'redis'> {
  const redisUrl = env.get('REDIS_URL')
  if (redisUrl) {
    const { createAdapter } = await import('@socket.io/redis-adapter')
    const { Redis } = await import('ioredis')
    const pub = new Redis(redisUrl)
    const sub = pub.duplicate()
    server.adapter(createAdapter(pub, sub))
    cleanup.push(
      () => pub.quit(),
      () => sub.quit()
    )
    return 'redis'
  }
  if (engine.embedded) return 'memory' // one process; NOTIFY does not cross the PGlite socket
  const { createAdapter } = await import('@socket.io/postgres-adapter')
  const pool = new pg.Pool({ connectionString: env.get('DATABASE_URL'), max: 2, application_name: 'vikno-socket' })
  server.adapter(createAdapter(pool, { tableName: 'sys_socket_io_attachments', heartbeatInterval: 2000, heartbeatTimeout: 6000 }))
  cleanup.push(() => pool.end())
  return 'postgres'
}

export async function stopRealtime() {
  const server = io
  io = undefined
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  for (const fn of cleanup.splice(0)) await Promise.resolve(fn()).catch(() => {})
  engine.realtime = 'off'
}

/** Test and tool access to the running server. */
export function realtimeServer() {
  return io
}
