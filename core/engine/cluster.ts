import pg from 'pg'
import { engine } from './engine.js'

const CHANNEL = 'vikno_meta'
let listener: pg.Client | undefined

/**
 * Tells every node that a new metadata revision is published (PostgreSQL NOTIFY; with the
 * embedded database there is one process, so reloading locally is all there is to do).
 */
export async function announceRevision(revision: number) {
  if (engine.embedded) return
  await engine.knex.raw('SELECT pg_notify(?, ?)', [CHANNEL, String(revision)])
}

/** Server mode: a dedicated connection LISTENs and reloads the engine on each notice. */
export async function listenForRevisions(connectionString: string) {
  if (engine.embedded || listener) return
  listener = new pg.Client({ connectionString, application_name: 'vikno-listen' })
  await listener.connect()
  listener.on('notification', (msg) => {
    if (msg.channel !== CHANNEL) return
    engine.reload().catch((error) => engine.emit('error', error))
  })
  listener.on('error', (error) => engine.emit('listen-error', error))
  await listener.query(`LISTEN ${CHANNEL}`)
}

export async function stopListening() {
  const client = listener
  listener = undefined
  await client?.end().catch(() => {})
}
