import { mkdirSync, openSync, writeSync, closeSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createServer } from 'node:net'
import { installUkDictionary } from './uk_dictionary.js'

/**
 * The embedded PostgreSQL: PGlite persisted in a data folder, served on a loopback port by
 * pglite-socket so the ordinary `pg` driver (through Lucid and knex) speaks one SQL dialect
 * in both modes.
 *
 * PGlite has no cross-process lock: two processes opening one folder both succeed and lose
 * writes. The first process takes `pg.lock` (pid and port); a second process (e.g. an `ace`
 * command while the server runs) connects to the holder's socket instead. A lock left by a
 * killed process is detected by its dead pid and taken over.
 */
export interface EmbeddedDatabase {
  url: string
  /** true when this process owns the database; false when it connected to another process's. */
  owner: boolean
  stop(): Promise<void>
}

interface LockInfo {
  pid: number
  port: number
}

let running: Promise<EmbeddedDatabase> | undefined

/** Starts (once per process) or joins the embedded database in `dataDir`. */
export function startEmbedded(dataDir: string): Promise<EmbeddedDatabase> {
  running ??= open(resolve(dataDir))
  return running
}

async function open(dataDir: string): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true })
  const lockPath = join(dataDir, 'pg.lock')
  for (let attempt = 0; attempt < 50; attempt++) {
    const held = readLock(lockPath)
    if (held && held.pid !== process.pid && isAlive(held.pid)) {
      if (held.port > 0) return { url: urlFor(held.port), owner: false, stop: async () => {} }
      await sleep(100) // the holder is still starting
      continue
    }
    if (held) rmSync(lockPath, { force: true }) // stale: its process is gone
    const fd = tryCreate(lockPath)
    if (fd === undefined) continue // another process won the race; read its lock again
    try {
      return await serve(dataDir, lockPath, fd)
    } catch (error) {
      rmSync(lockPath, { force: true })
      throw error
    }
  }
  throw new Error(`Could not lock the embedded database in ${dataDir}`)
}

async function serve(dataDir: string, lockPath: string, fd: number): Promise<EmbeddedDatabase> {
  writeSync(fd, JSON.stringify({ pid: process.pid, port: 0 }))
  closeSync(fd)
  const { PGlite } = await import('@electric-sql/pglite')
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket')
  const pgDir = join(dataDir, 'pg')
  mkdirSync(pgDir, { recursive: true })
  const db = await PGlite.create(pgDir, { extensions: { pg_trgm } })
  // inflected Ukrainian in both modes: the hunspell files before any session uses them
  if (!(await installUkDictionary(db))) console.warn('embedded database: no file system for the Ukrainian dictionary; search uses exact forms')
  const port = await freePort()
  // The pool is sized to 1 connection in embedded mode (see core/config/database.ts), other
  // processes may join: leave room for them.
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 16 })
  await server.start()
  const tmp = `${lockPath}.${process.pid}`
  const tfd = openSync(tmp, 'w')
  writeSync(tfd, JSON.stringify({ pid: process.pid, port }))
  closeSync(tfd)
  const { renameSync } = await import('node:fs')
  renameSync(tmp, lockPath)
  let stopped = false
  return {
    url: urlFor(port),
    owner: true,
    async stop() {
      if (stopped) return
      stopped = true
      await server.stop()
      await db.close()
      rmSync(lockPath, { force: true })
      running = undefined
    },
  }
}

/** Stops this process's embedded database, if it started one (used on a failed boot). */
export async function stopEmbedded() {
  const current = running
  if (current) await (await current).stop()
}

function urlFor(port: number) {
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`
}

function readLock(path: string): LockInfo | undefined {
  if (!existsSync(path)) return undefined
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo
    return typeof info.pid === 'number' ? info : undefined
  } catch {
    return { pid: -1, port: 0 } // half-written or garbage: treat as stale
  }
}

function tryCreate(path: string): number | undefined {
  try {
    return openSync(path, 'wx')
  } catch (error: any) {
    if (error.code === 'EEXIST') return undefined
    throw error
  }
}

function isAlive(pid: number) {
  if (pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error: any) {
    return error.code === 'EPERM'
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer()
    probe.once('error', fail)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => ok(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms))
}
