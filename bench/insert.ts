/** Benchmark `insert`: POST work orders through the API against raw parameterised INSERTs (bench/run.ts). */
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import pg from 'pg'
import { api, ident, percentile } from './lib.js'
import { DB_URL, OPTS, fmt, log, marked, pct, problem, sleep } from './options.js'

// ---------------------------------------------------------------------------------------------
// insert benchmark

export interface InsertFigures {
  clients: number
  apiRps: number
  apiP50: number
  apiP99: number
  apiRows: number
  rawRps: number
  rawP50: number
  rawP99: number
  rawRows: number
}

export const PHONE_NATIONAL = '067 123 45 67'
export const PHONE_E164 = '+380671234567'
export const STATUSES = ['new', 'open', 'done']

export function orderBody(i: number, counterparties: string[]) {
  return {
    title: `Наряд ${i}: прорив труби у підʼїзді`,
    contractor: counterparties[i % counterparties.length],
    priority: 1 + (i % 5),
    status: STATUSES[i % 3],
    phone: PHONE_NATIONAL,
  }
}

export async function countOrders(db: pg.Pool) {
  return Number((await db.query('SELECT count(*) AS n FROM work_order')).rows[0].n)
}

/** The row count once requests still in flight when autocannon stopped have landed. */
export async function settledCount(db: pg.Pool, table = 'work_order') {
  const count = async () => Number((await db.query(`SELECT count(*) AS n FROM ${ident(table)}`)).rows[0].n)
  let last = await count()
  for (let i = 0; i < 50; i++) {
    await sleep(100)
    const n = await count()
    if (n === last) return n
    last = n
  }
  return last
}

export async function apiInsert(base: string, token: string, counterparties: string[], connections: number, seconds: number, seq: { i: number }) {
  return apiCreate(base, token, '/api/v1/records/work_order', () => orderBody(seq.i++, counterparties), connections, seconds)
}

/** POSTs `bodyOf()` to `path` with autocannon for `seconds`; 2xx per second and their latencies. */
export async function apiCreate(base: string, token: string, path: string, bodyOf: () => unknown, connections: number, seconds: number) {
  const latencies: number[] = []
  const started = performance.now()
  const instance = autocannon({
    url: base,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(bodyOf()) }),
      },
    ],
  })
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms)
  })
  const result = await instance
  const elapsed = (performance.now() - started) / 1000
  if (result.non2xx || result.errors || result.timeouts) {
    problem(`API POST ${path} at ${connections} connections: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts ${JSON.stringify(result.statusCodeStats)}`)
  }
  return { ok: result['2xx'], rps: result['2xx'] / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), elapsed }
}

export const RAW_INSERT = `INSERT INTO work_order (title, contractor, priority, status, phone, urgent, created_by, updated_by)
  VALUES ($1, $2, $3, $4, $5, false, $6, $6) RETURNING id`

export async function rawInsert(pool: pg.Pool, adminId: string, counterparties: string[], clients: number, seconds: number, seq: { i: number }) {
  const latencies: number[] = []
  const started = performance.now()
  const end = started + seconds * 1000
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = await pool.connect()
      try {
        while (performance.now() < end) {
          const b = orderBody(seq.i++, counterparties)
          const t = performance.now()
          await client.query(RAW_INSERT, [b.title, b.contractor, b.priority, b.status, PHONE_E164, adminId])
          latencies.push(performance.now() - t)
        }
      } finally {
        client.release()
      }
    })
  )
  const elapsed = (performance.now() - started) / 1000
  return { ok: latencies.length, rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) }
}

export async function insertBenchmark(base: string, db: pg.Pool, token: string, adminId: string, counterparties: string[]): Promise<InsertFigures[]> {
  log(`\n== Insert: POST /api/v1/records/work_order (autocannon) vs raw parameterised INSERT (pg.Pool), ${OPTS.duration} s each`)
  const seq = { i: 0 }
  // a first request checks the pipeline, then a short untimed warm-up of both paths
  const first = await api(base, 'POST', '/api/v1/records/work_order', { token, body: orderBody(seq.i++, counterparties) })
  if (first.status !== 201) throw new Error(`POST work_order failed: ${first.status} ${first.text}`)
  if (first.body.data.phone !== PHONE_E164) problem(`phone not normalised: ${first.body.data.phone}`)
  const rawPool = new pg.Pool({ connectionString: DB_URL, max: 8, application_name: 'vikno-bench-raw' })
  const figures: InsertFigures[] = []
  try {
    await apiInsert(base, token, counterparties, 8, 2, seq)
    await rawInsert(rawPool, adminId, counterparties, 8, 1, seq)
    for (const clients of [1, 8]) {
      const before = await countOrders(db)
      const a = await marked(`API insert, ${clients} connection${clients > 1 ? 's' : ''}`, () => apiInsert(base, token, counterparties, clients, OPTS.duration, seq))
      const mid = await settledCount(db)
      // autocannon stops counting at the deadline: up to one request per connection lands later
      if (mid - before < a.ok || mid - before > a.ok + clients) problem(`API at ${clients}: ${a.ok} x 201 but ${mid - before} new rows`)
      const r = await rawInsert(rawPool, adminId, counterparties, clients, OPTS.duration, seq)
      const after = await settledCount(db)
      if (after - mid !== r.ok) problem(`raw at ${clients}: ${r.ok} inserts but ${after - mid} new rows`)
      const f: InsertFigures = { clients, apiRps: a.rps, apiP50: a.p50, apiP99: a.p99, apiRows: a.ok, rawRps: r.rps, rawP50: r.p50, rawP99: r.p99, rawRows: r.ok }
      figures.push(f)
      log(
        `  ${clients} client${clients > 1 ? 's' : ' '}: API ${fmt(f.apiRps, 0)} rows/s (p50 ${fmt(f.apiP50)} ms, p99 ${fmt(f.apiP99)} ms, ${f.apiRows} rows) | ` +
          `raw ${fmt(f.rawRps, 0)} rows/s (p50 ${fmt(f.rawP50, 2)} ms, p99 ${fmt(f.rawP99, 2)} ms, ${f.rawRows} rows) | API/raw ${pct(f.apiRps / f.rawRps)}`
      )
    }
    const audit = await db.query(`SELECT count(*) AS n FROM sys_audit WHERE entity = 'work_order' AND action = 'create'`)
    log(`  (each API insert also wrote an audit row: ${audit.rows[0].n} work_order create audit rows; raw inserts write none)`)
  } finally {
    await rawPool.end()
  }
  return figures
}
