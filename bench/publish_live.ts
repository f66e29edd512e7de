/**
 * How fast a published metadata change reaches open screens on every node:
 *   node --import=ts-node-maintained/register/esm bench/publish_live.ts [--clients 40] [--publishes 20]
 *
 * 1. drops and creates BENCH_PUBLISH_DATABASE_URL (default
 *    postgres://postgres@127.0.0.1:5432/vikno_bench_publish, the name must contain "bench"),
 *    starts two server nodes (bin/server.ts, like bench/lib.ts) on that one database, one after
 *    the other, seeds an administrator and --clients operators straight into sys_users;
 * 2. connects one Socket.IO client per operator (session cookie), alternately to node A and B;
 * 3. --publishes times: the administrator adds a field to a test entity through node A's API
 *    (draft → put → publish: validation, DDL and the revision in one transaction) and each client
 *    records the time from just before the publish call to the `meta` event carrying that revision
 *    (node A emits after its reload; node B after PostgreSQL's NOTIFY and its own reload);
 * 4. prints p50/p95/max over all clients and per node, and the publish call's own duration.
 * It prints figures and asserts no timing (target p95 ≤ 1000 ms); exit code 1 when something is
 * broken (a failed publish, an event that never came within 5 s).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { io as connect, type Socket } from 'socket.io-client'
import { seedUser } from './seed_user.js'
import { api, login, percentile, recreateDatabase, sleep, startServer, type Server } from './lib.js'

const DB_URL = process.env.BENCH_PUBLISH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vikno_bench_publish'
const TARGET_P95_MS = 1000
const EVENT_TIMEOUT_MS = 5000
const ENTITY = 'bench_live'

const { values: argv } = parseArgs({
  options: {
    clients: { type: 'string', default: '40' },
    publishes: { type: 'string', default: '20' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
})
if (argv.help) {
  console.log(`node --import=ts-node-maintained/register/esm bench/publish_live.ts [--clients 40] [--publishes 20]\nenv BENCH_PUBLISH_DATABASE_URL (dropped and created; default ${DB_URL})`)
  process.exit(0)
}
const CLIENTS = Number(argv.clients)
const PUBLISHES = Number(argv.publishes)
if (!(CLIENTS >= 2) || !(PUBLISHES >= 1)) {
  console.error('--clients must be ≥ 2 and --publishes ≥ 1')
  process.exit(2)
}

let broken = false
function problem(message: string) {
  broken = true
  console.error(`BROKEN: ${message}`)
}

interface Client {
  node: 'A' | 'B'
  socket: Socket
  /** Revision → when its `meta` event arrived (performance.now()). */
  seen: Map<number, number>
}

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(1) : '—')

async function main() {
  const started = performance.now()
  await recreateDatabase(DB_URL)
  const dirs = [await mkdtemp(join(tmpdir(), 'vikno-bench-pub-a-')), await mkdtemp(join(tmpdir(), 'vikno-bench-pub-b-'))]
  const servers: Server[] = []
  const clients: Client[] = []
  try {
    // one after the other: the first boot creates the tables and the first revision
    for (const dataDir of dirs) servers.push(await startServer({ dataDir, databaseUrl: DB_URL, env: { VIKNO_EXTRA_MODULES: undefined }, onUnexpectedExit: problem }))
    const [a, b] = servers
    const password = 'bench-publish-1'
    const db = new pg.Client({ connectionString: DB_URL })
    await db.connect()
    await seedUser(db, { login: 'bench_admin', password, roles: ['admin'] })
    for (let k = 0; k < CLIENTS; k++) await seedUser(db, { login: `bench_live_${k}`, password, roles: ['operator'] })
    await db.end()
    const admin = await login(a.url, 'bench_admin', password)

    for (let k = 0; k < CLIENTS; k++) {
      const node = k % 2 === 0 ? 'A' : 'B'
      const base = node === 'A' ? a.url : b.url
      const session = await login(base, `bench_live_${k}`, password)
      const socket = connect(base, { transports: ['websocket'], extraHeaders: { cookie: session.cookie }, reconnection: false })
      const client: Client = { node, socket, seen: new Map() }
      socket.on('meta', (e: { revision: number }) => client.seen.set(e.revision, performance.now()))
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve())
        socket.once('connect_error', reject)
      })
      clients.push(client)
    }

    const fields: Record<string, unknown> = { name: { type: 'string', label: { uk: 'Назва', en: 'Name' } } }
    async function publishOnce(i: number) {
      const call = (method: string, path: string, body?: unknown) => api(a.url, method, path, { ...admin, body })
      const draft = await call('POST', '/api/v1/meta/drafts')
      if (i > 0) fields[`f_${i}`] = { type: 'string', label: { uk: `Поле ${i}`, en: `Field ${i}` } }
      const document = { kind: 'entity', key: ENTITY, label: { uk: 'Бенчмарк', en: 'Benchmark' }, fields }
      const put = await call('PUT', `/api/v1/meta/drafts/${draft.body.id}/documents/entity/${ENTITY}`, { document, version: draft.body.version })
      if (put.status !== 200 || put.body.problems?.length) throw new Error(`put: ${put.status} ${put.text}`)
      const t0 = performance.now()
      const res = await call('POST', `/api/v1/meta/drafts/${draft.body.id}/publish`, { message: `bench ${i}` })
      const callMs = performance.now() - t0
      if (res.status !== 200 || typeof res.body.revision !== 'number') throw new Error(`publish: ${res.status} ${res.text}`)
      return { t0, callMs, revision: res.body.revision as number }
    }

    await publishOnce(0) // the entity itself: not timed
    const latencies: Record<'A' | 'B' | 'all', number[]> = { A: [], B: [], all: [] }
    const calls: number[] = []
    let missing = 0
    for (let i = 1; i <= PUBLISHES; i++) {
      const { t0, callMs, revision } = await publishOnce(i)
      calls.push(callMs)
      const deadline = performance.now() + EVENT_TIMEOUT_MS
      while (clients.some((c) => !c.seen.has(revision)) && performance.now() < deadline) await sleep(5)
      for (const c of clients) {
        const at = c.seen.get(revision)
        if (at === undefined) {
          missing++
          continue
        }
        latencies[c.node].push(at - t0)
        latencies.all.push(at - t0)
      }
    }
    if (missing) problem(`${missing} client(s) never got the meta event within ${EVENT_TIMEOUT_MS} ms`)

    const row = (name: string, s: number[]) => `| ${name} | ${s.length} | ${fmt(percentile(s, 50))} | ${fmt(percentile(s, 95))} | ${fmt(Math.max(...s))} |`
    const p95 = percentile(latencies.all, 95)
    console.log(`\n## Publish → open screens (${PUBLISHES} publishes, ${CLIENTS} Socket.IO clients on 2 nodes, ${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)})\n`)
    console.log('| measured | samples | p50 ms | p95 ms | max ms |')
    console.log('|---|---|---|---|---|')
    console.log(row('publish call → meta event, all clients', latencies.all))
    console.log(row('… clients on node A (publishing node)', latencies.A))
    console.log(row('… clients on node B (NOTIFY → reload)', latencies.B))
    console.log(row('publish call itself (validate, DDL, revision)', calls))
    console.log(`\ntarget p95 ≤ ${TARGET_P95_MS} ms: ${p95 <= TARGET_P95_MS ? 'met' : 'MISSED'} · run took ${((performance.now() - started) / 1000).toFixed(1)} s`)
  } finally {
    for (const c of clients) c.socket.close()
    for (const s of servers) await s.stop().catch(() => {})
    for (const d of dirs) await rm(d, { recursive: true, force: true }).catch(() => {})
  }
}

main()
  .then(() => process.exit(broken ? 1 : 0))
  .catch((e) => {
    console.error(e)
    process.exit(1)
  })
