/**
 * `npm run bench [-- --only insert|list|tickets] [--rows N] [--duration S] [--requests N] [--sla-inputs N]`
 *
 * End-to-end figures of the real server on a PostgreSQL server; it prints numbers and never
 * asserts timing (exit code 1 only when something is broken: failed requests, wrong rows...).
 *
 * 1. drops and creates BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/vikno_bench,
 *    the name must contain "bench"), starts bin/server.ts on it as a child process with the test
 *    entities (tests/fixtures/work_orders), seeds users straight into sys_users (bench/seed_user.ts)
 *    and logs in through the API to get Bearer tokens;
 * 2. insert: POST /api/v1/records/work_order with autocannon at 1 and 8 connections, against a
 *    parameterised single-row INSERT through a pg.Pool at 1 and 8 clients, same table and columns;
 * 3. list: bulk-loads --rows work orders with INSERT ... SELECT generate_series, then times
 *    GET /api/v1/records/work_order (status filter; and the default sort -created_at unfiltered)
 *    as an admin and as a `test_contractor` whose scope is {contractor: {eq: $user.counterparty}},
 *    with EXPLAIN ANALYZE of the SQL the server ran when a target is missed;
 * 4. tickets: sets up through the API a water company, a street → building → apartments and the
 *    street's water responsibility, then times POST /api/v1/records/ticket (request type
 *    spec_no_water: type validation, routing up the object tree, number, SLA due dates and timer
 *    job, audit, event) with autocannon at 1 and 8 connections against raw parameterised INSERTs
 *    of equivalent ticket rows at 1 and 8 clients, with the server's CPU per ticket from /proc; when
 *    API/raw is below 25 % (or with --profile), the round-trip floor and the API's own 10
 *    statements replayed through pg show the database's share; then, in this process with the server stopped,
 *    SLA computations per second: computeSla over --sla-inputs varied inputs and
 *    addBusinessDuration('P3D' / 'PT4H') alone (modules/servicedesk/sla imported directly);
 * 5. prints a Markdown summary.
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import pg from 'pg'
import { seedUser } from './seed_user.js'
import { api, ident, percentile, recreateDatabase, startServer, tokenFor, type Server } from './lib.js'
import type { CalendarDoc, Priority, SlaDoc } from '../modules/servicedesk/sla/types.js'
import type { SlaClockInput, StateChange } from '../modules/servicedesk/sla/sla_clock.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const FIXTURES = join(ROOT, 'tests/fixtures/work_orders')
const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vikno_bench'
const COUNTERPARTIES = 50
const TARGET_SCOPED_P95_MS = 50
const TARGET_SCOPED_VS_ADMIN = 1.2
const TARGET_API_VS_RAW_AT_8 = 0.5

// ---------------------------------------------------------------------------------------------
// options

function usageError(e: unknown): never {
  console.error(`${e instanceof Error ? e.message : e}\n(npm run bench -- --help)`)
  process.exit(2)
}

const { values: argv } = (() => {
  try {
    return parseArgs({
      options: {
        only: { type: 'string' },
        rows: { type: 'string', default: '1000000' },
        duration: { type: 'string', default: '10' },
        requests: { type: 'string', default: '300' },
        'sla-inputs': { type: 'string', default: '100000' },
        warmup: { type: 'string', default: '30' },
        'series-budget': { type: 'string', default: '15' },
        'no-whatif': { type: 'boolean', default: false },
        profile: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    })
  } catch (e) {
    usageError(e)
  }
})()
if (argv.help) {
  console.log(`npm run bench -- [--only insert|list|tickets] [--rows N] [--duration S] [--requests N] [--warmup N] [--series-budget S] [--sla-inputs N] [--no-whatif] [--profile]
  --only           run one benchmark (default: all three, in this order)
  --rows           work_order rows for the list benchmark (default 1000000)
  --duration       seconds per insert measurement, work orders and tickets (default 10)
  --requests       timed GETs per list series (default 300), after --warmup untimed ones (default 30)
  --series-budget  a list series stops after this many seconds even before --requests (default 15)
  --sla-inputs     computeSla inputs per timed pass of the SLA clock benchmark (default 100000)
  --no-whatif      skip re-measuring the list with candidate indexes when a target is missed
  --profile        run the server with --cpu-prof and print where its CPU time went (and profile the
                   in-process computeSla pass; the ticket diagnosis always runs)
env BENCH_DATABASE_URL (default ${DB_URL}); the database is dropped and created.`)
  process.exit(0)
}
const intArg = (name: string, v: string | undefined) => {
  const n = Number(String(v).replace(/[_,]/g, ''))
  if (!Number.isFinite(n) || n < 0) usageError(`--${name} must be a number, got ${v}`)
  return Math.round(n)
}
if (argv.only !== undefined && !['insert', 'list', 'tickets'].includes(argv.only)) usageError('--only takes insert, list or tickets')
const OPTS = {
  insert: argv.only === undefined || argv.only === 'insert',
  list: argv.only === undefined || argv.only === 'list',
  tickets: argv.only === undefined || argv.only === 'tickets',
  slaInputs: Math.max(1000, intArg('sla-inputs', argv['sla-inputs'])),
  rows: intArg('rows', argv.rows),
  duration: intArg('duration', argv.duration),
  requests: intArg('requests', argv.requests),
  warmup: intArg('warmup', argv.warmup),
  seriesBudgetMs: intArg('series-budget', argv['series-budget']) * 1000,
  whatIf: !argv['no-whatif'],
  profile: argv.profile,
}

// ---------------------------------------------------------------------------------------------
// small helpers

const log = (...a: unknown[]) => console.log(...a)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a')
const pct = (n: number) => (Number.isFinite(n) ? `${Math.round(n * 100)} %` : 'n/a')
let broken = false
/** Phases on the monotonic clock in µs (the clock V8 stamps CPU profile samples with). */
const marks: Array<{ label: string; from: number; to: number }> = []
const monoUs = () => Number(process.hrtime.bigint() / 1000n)
async function marked<T>(label: string, work: () => Promise<T>): Promise<T> {
  const from = monoUs()
  try {
    return await work()
  } finally {
    marks.push({ label, from, to: monoUs() })
  }
}
function problem(msg: string) {
  broken = true
  console.error(`!! ${msg}`)
}

function startBenchServer(dataDir: string): Promise<Server> {
  return startServer({ dataDir, databaseUrl: DB_URL, env: { VIKNO_EXTRA_MODULES: FIXTURES }, profile: OPTS.profile, onUnexpectedExit: problem })
}

// ---------------------------------------------------------------------------------------------
// API access


// ---------------------------------------------------------------------------------------------
// insert benchmark

interface InsertFigures {
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

const PHONE_NATIONAL = '067 123 45 67'
const PHONE_E164 = '+380671234567'
const STATUSES = ['new', 'open', 'done']

function orderBody(i: number, counterparties: string[]) {
  return {
    title: `Наряд ${i}: прорив труби у підʼїзді`,
    contractor: counterparties[i % counterparties.length],
    priority: 1 + (i % 5),
    status: STATUSES[i % 3],
    phone: PHONE_NATIONAL,
  }
}

async function countOrders(db: pg.Pool) {
  return Number((await db.query('SELECT count(*) AS n FROM work_order')).rows[0].n)
}

/** The row count once requests still in flight when autocannon stopped have landed. */
async function settledCount(db: pg.Pool, table = 'work_order') {
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

async function apiInsert(base: string, token: string, counterparties: string[], connections: number, seconds: number, seq: { i: number }) {
  return apiCreate(base, token, '/api/v1/records/work_order', () => orderBody(seq.i++, counterparties), connections, seconds)
}

/** POSTs `bodyOf()` to `path` with autocannon for `seconds`; 2xx per second and their latencies. */
async function apiCreate(base: string, token: string, path: string, bodyOf: () => unknown, connections: number, seconds: number) {
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

const RAW_INSERT = `INSERT INTO work_order (title, contractor, priority, status, phone, urgent, created_by, updated_by)
  VALUES ($1, $2, $3, $4, $5, false, $6, $6) RETURNING id`

async function rawInsert(pool: pg.Pool, adminId: string, counterparties: string[], clients: number, seconds: number, seq: { i: number }) {
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

async function insertBenchmark(base: string, db: pg.Pool, token: string, adminId: string, counterparties: string[]): Promise<InsertFigures[]> {
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

// ---------------------------------------------------------------------------------------------
// list benchmark

async function bulkLoad(db: pg.Pool, rows: number, counterparties: string[], adminId: string) {
  log(`\n== List: bulk-loading ${int(rows)} work_order rows (INSERT ... SELECT generate_series, 2 sessions)`)
  const t0 = performance.now()
  await db.query('TRUNCATE work_order CASCADE') // the insert benchmark's rows: the list runs over exactly --rows
  const chunk = 50_000
  let next = 1
  let done = 0
  const superuser = (await db.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows[0]?.rolsuper === true
  const worker = async () => {
    const c = await db.connect()
    try {
      while (next <= rows) {
        const from = next
        const to = Math.min(rows, from + chunk - 1)
        next = to + 1
        await c.query('BEGIN')
        // the contractor ids are valid by construction: skip the per-row FK trigger when allowed
        if (superuser) await c.query('SET LOCAL session_replication_role = replica')
        await c.query(
          `INSERT INTO work_order (title, contractor, status, priority, phone, urgent, version, created_at, updated_at, created_by, updated_by)
           SELECT 'Наряд ' || g,
                  ($1::uuid[])[1 + g % $4],
                  (ARRAY['new', 'open', 'done'])[1 + g % 3],
                  1 + (g / 3) % 5,
                  '+38067' || lpad((g % 10000000)::text, 7, '0'),
                  false, 1,
                  now() - make_interval(mins => g),
                  now() - make_interval(mins => g),
                  $5::uuid, $5::uuid
           FROM generate_series($2::int, $3::int) AS g`,
          [counterparties, from, to, counterparties.length, adminId]
        )
        await c.query('COMMIT')
        done += to - from + 1
        if (done % 250_000 < chunk) process.stdout.write(`  ${int(done)} rows, ${fmt((performance.now() - t0) / 1000)} s\n`)
      }
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {})
      throw e
    } finally {
      c.release()
    }
  }
  await Promise.all([worker(), worker()])
  const t1 = performance.now()
  await db.query('VACUUM (ANALYZE) work_order')
  const n = await countOrders(db)
  if (n !== rows) problem(`bulk load: expected ${rows} rows, found ${n}`)
  const size = (await db.query(`SELECT pg_size_pretty(pg_total_relation_size('work_order')) AS s`)).rows[0].s
  log(`  loaded in ${fmt((t1 - t0) / 1000)} s, VACUUM ANALYZE ${fmt((performance.now() - t1) / 1000)} s; table with indexes ${size}`)
}

interface Series {
  variant: 'filter' | 'sorted'
  caller: 'admin' | 'scoped'
  n: number
  p50: number
  p95: number
  p99: number
  sql?: string
}

const VARIANTS = {
  filter: { label: 'filter status=open, limit 50 (default sort -created_at)', qs: `filter=${encodeURIComponent(JSON.stringify({ status: { eq: 'open' } }))}&limit=50` },
  sorted: { label: 'no filter, sort=-created_at, limit 50', qs: 'sort=-created_at&limit=50' },
} as const

async function timeSeries(base: string, db: pg.Pool, token: string, variant: keyof typeof VARIANTS, scoped: boolean, check: (data: any[]) => string | undefined) {
  const url = `${base}/api/v1/records/work_order?${VARIANTS[variant].qs}`
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' }
  const one = async () => {
    const t = performance.now()
    const res = await fetch(url, { headers })
    const body: any = await res.json()
    const ms = performance.now() - t
    if (res.status !== 200 || !Array.isArray(body?.data)) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`)
    return { ms, data: body.data as any[] }
  }
  const first = await one()
  const bad = check(first.data)
  if (bad) problem(`${variant}/${scoped ? 'scoped' : 'admin'}: ${bad}`)
  // warm-up, untimed: meanwhile pg_stat_activity is polled for the SQL the server runs
  const capture = new SqlCapture(db, variant, scoped)
  const warmEnd = performance.now() + 15_000
  for (let i = 1; i < OPTS.warmup || (!capture.sql && i < OPTS.warmup + 500 && performance.now() < warmEnd); i++) await one()
  const sql = await capture.stop()
  const samples: number[] = []
  const end = performance.now() + OPTS.seriesBudgetMs
  while (samples.length < OPTS.requests && (performance.now() < end || samples.length < 20)) samples.push((await one()).ms)
  return { n: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), sql }
}

/**
 * The SQL text the server runs for a list series, caught in pg_stat_activity while it is
 * active (the app's connections are named "vikno"; the list query is followed by others on
 * the same connection, so the idle "last query" is not it). Polls only during warm-up.
 */
class SqlCapture {
  sql?: { text: string; truncated: boolean }
  #running = true
  #done: Promise<void>

  constructor(db: pg.Pool, variant: 'filter' | 'sorted', scoped: boolean) {
    this.#done = (async () => {
      const c = await db.connect()
      try {
        const limit = Number((await c.query(`SELECT current_setting('track_activity_query_size') AS s`)).rows[0].s.replace(/kB$/, '')) * 1024
        while (this.#running && !this.sql) {
          const { rows } = await c.query(
            `SELECT query FROM pg_stat_activity
              WHERE datname = current_database() AND application_name = 'vikno'
                AND query ILIKE 'select %from "work_order" as "t"%order by%'`
          )
          const text = rows
            .map((r) => r.query as string)
            .find((q) => /"t"\."contractor"\s*=/.test(q) === scoped && /"t"\."status"\s*=/.test(q) === (variant === 'filter'))
          if (text) this.sql = { text, truncated: Buffer.byteLength(text) >= limit - 1 }
        }
      } finally {
        c.release()
      }
    })()
  }

  async stop() {
    this.#running = false
    await this.#done
    return this.sql
  }
}

/** Replaces $n by literals: contractor → the scoped counterparty, status → 'open', limit → 51. */
function bindLiterals(sql: string, contractor: string): string | undefined {
  const values = new Map<string, string>()
  for (const m of sql.matchAll(/"t"\."(\w+)"\s*=\s*\$(\d+)/g)) {
    if (m[1] === 'contractor') values.set(m[2], `'${contractor}'`)
    else if (m[1] === 'status') values.set(m[2], `'open'`)
    else return undefined
  }
  for (const m of sql.matchAll(/limit\s+\$(\d+)/gi)) values.set(m[1], '51')
  let missing = false
  const out = sql.replace(/\$(\d+)/g, (_, k) => values.get(k) ?? ((missing = true), '?'))
  return missing ? undefined : out
}

async function explain(db: pg.Pool, sql: string) {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`)
  return rows.map((r) => r['QUERY PLAN'] as string)
}

function planSummary(plan: string[]) {
  const text = plan.join('\n')
  const ms = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1])
  // plan nodes only (their detail lines read "Sort Key: …", "Filter: …")
  const nodes = plan
    .map((l) => l.trim().replace(/^->\s*/, ''))
    .filter((l) => /\(actual /.test(l) && !/^[\w ]+:/.test(l))
    .map((n) => n.replace(/\s*\(actual.*$/, '').replace(/ on work_order t$/, ''))
  return { ms, nodes }
}

type Expected = Record<'filter' | 'sorted', Record<'admin' | 'scoped', number>>

async function listRound(base: string, db: pg.Pool, tokens: { admin: string; scoped: string }, scopedCp: string, expected: Expected, heading: string) {
  log(`\n-- ${heading}`)
  const out: Series[] = []
  for (const variant of ['filter', 'sorted'] as const) {
    for (const caller of ['admin', 'scoped'] as const) {
      const check = (data: any[]) => {
        const want = Math.min(50, expected[variant][caller])
        if (data.length !== want) return `${caller} got ${data.length} rows, expected ${want}`
        if (caller === 'scoped' && data.some((r) => r.contractor !== scopedCp)) return 'scoped caller saw another contractor\'s rows'
        if (caller === 'scoped' && data.some((r) => 'internal_note' in r)) return 'scoped caller saw the hidden internal_note'
        if (variant === 'filter' && data.some((r) => r.status !== 'open')) return 'filter returned rows with status != open'
        for (let i = 1; i < data.length; i++) if (data[i - 1].created_at < data[i].created_at) return 'rows not sorted by -created_at'
        return undefined
      }
      const { sql: captured, ...s } = await timeSeries(base, db, caller === 'admin' ? tokens.admin : tokens.scoped, variant, caller === 'scoped', check)
      const series: Series = { variant, caller, ...s, sql: captured && !captured.truncated ? captured.text : undefined }
      out.push(series)
      log(`  ${VARIANTS[variant].label.padEnd(56)} ${caller.padEnd(6)}: p50 ${fmt(s.p50).padStart(6)} ms  p95 ${fmt(s.p95).padStart(6)} ms  p99 ${fmt(s.p99).padStart(6)} ms  (n=${s.n})`)
      if (!captured) log(`    (could not capture the SQL from pg_stat_activity)`)
      else if (captured.truncated) log(`    (captured SQL truncated by track_activity_query_size; no EXPLAIN)`)
    }
    const admin = out.find((s) => s.variant === variant && s.caller === 'admin')!
    const scoped = out.find((s) => s.variant === variant && s.caller === 'scoped')!
    log(`    scoped p95 / admin p95 = ${fmt(scoped.p95 / admin.p95, 2)}x`)
  }
  return out
}

function targetsMissed(series: Series[]) {
  const missed: string[] = []
  for (const variant of ['filter', 'sorted'] as const) {
    const a = series.find((s) => s.variant === variant && s.caller === 'admin')!
    const s = series.find((s) => s.variant === variant && s.caller === 'scoped')!
    if (s.p95 > TARGET_SCOPED_P95_MS) missed.push(`${variant}: scoped p95 ${fmt(s.p95)} ms > ${TARGET_SCOPED_P95_MS} ms`)
    if (s.p95 > TARGET_SCOPED_VS_ADMIN * a.p95) missed.push(`${variant}: scoped p95 ${fmt(s.p95 / a.p95, 2)}x admin > ${TARGET_SCOPED_VS_ADMIN}x`)
    if (a.p95 > TARGET_SCOPED_P95_MS) missed.push(`${variant}: admin p95 ${fmt(a.p95)} ms > ${TARGET_SCOPED_P95_MS} ms (no scope, still slow)`)
  }
  return missed
}

const CANDIDATE_INDEXES = [
  `CREATE INDEX bench_whatif_work_order_created_idx ON work_order (created_at DESC, id DESC)`,
  `CREATE INDEX bench_whatif_work_order_contractor_created_idx ON work_order (contractor, created_at DESC, id DESC)`,
  `CREATE INDEX bench_whatif_work_order_contractor_status_created_idx ON work_order (contractor, status, created_at DESC, id DESC)`,
]

async function explainAll(db: pg.Pool, series: Series[], scopedCp: string, heading: string) {
  log(`\n-- EXPLAIN (ANALYZE, BUFFERS) of the SQL the server ran ${heading}`)
  const summaries: Record<string, ReturnType<typeof planSummary>> = {}
  for (const s of series) {
    const key = `${s.variant}/${s.caller}`
    if (!s.sql) {
      log(`  ${key}: no SQL captured`)
      continue
    }
    const bound = bindLiterals(s.sql, scopedCp)
    if (!bound) {
      log(`  ${key}: could not bind the parameters of: ${s.sql}`)
      continue
    }
    const plan = await explain(db, bound)
    summaries[key] = planSummary(plan)
    log(`\n  [${key}] ${bound.replace(/^select .*? from /i, 'select … from ')}`)
    for (const line of plan) log(`    ${line}`)
  }
  return summaries
}

async function listBenchmark(base: string, db: pg.Pool, adminToken: string, adminId: string, counterparties: string[]) {
  await bulkLoad(db, OPTS.rows, counterparties, adminId)
  const scopedCp = counterparties[0]
  const perCp = (await db.query(`SELECT count(*) AS n, count(*) FILTER (WHERE status = 'open') AS open FROM work_order WHERE contractor = $1`, [scopedCp])).rows[0]
  const all = (await db.query(`SELECT count(*) AS n, count(*) FILTER (WHERE status = 'open') AS open FROM work_order`)).rows[0]
  const expected: Expected = { filter: { admin: Number(all.open), scoped: Number(perCp.open) }, sorted: { admin: Number(all.n), scoped: Number(perCp.n) } }
  const password = `bench-${Math.random().toString(36).slice(2)}`
  await seedUser(db, { login: 'bench_contractor', password, name: 'Bench contractor', roles: ['test_contractor'], attributes: { counterparty: scopedCp } })
  const scopedToken = await tokenFor(base, 'bench_contractor', password)
  log(`  scoped user: test_contractor of counterparty ${scopedCp} (${int(Number(perCp.n))} rows, ${int(Number(perCp.open))} open)`)
  log(`  each series: ${OPTS.warmup} warm-up GETs, then up to ${OPTS.requests} sequential timed GETs (at most ${OPTS.seriesBudgetMs / 1000} s)`)

  const tokens = { admin: adminToken, scoped: scopedToken }
  const series = await listRound(base, db, tokens, scopedCp, expected, `schema as declared (indexes: ${await indexList(db)})`)
  const missed = targetsMissed(series)
  let whatIf: Series[] | undefined
  let plans: Record<string, ReturnType<typeof planSummary>> = {}
  let plansAfter: Record<string, ReturnType<typeof planSummary>> = {}
  if (missed.length) {
    log(`\n  targets missed: ${missed.join('; ')}`)
    plans = await explainAll(db, series, scopedCp, 'with the declared indexes')
    if (OPTS.whatIf) {
      // only in the throw-away bench database, dropped again below: no schema or metadata changes
      log(`\n-- what-if: candidate indexes created in the bench database only, then the same GETs again`)
      const t = performance.now()
      for (const sql of CANDIDATE_INDEXES) await db.query(sql)
      await db.query('ANALYZE work_order')
      log(`  ${CANDIDATE_INDEXES.map((s) => s.replace(/^CREATE INDEX (\w+) ON /, '')).join('; ')} (built in ${fmt((performance.now() - t) / 1000)} s)`)
      whatIf = await listRound(base, db, tokens, scopedCp, expected, 'with candidate indexes')
      plansAfter = await explainAll(db, whatIf, scopedCp, 'with candidate indexes')
      const used = (await db.query(`SELECT indexrelname, idx_scan FROM pg_stat_user_indexes WHERE relname = 'work_order' AND idx_scan > 0 ORDER BY indexrelname`)).rows
      log(`\n  indexes used so far (pg_stat_user_indexes.idx_scan > 0): ${used.map((r) => `${r.indexrelname}=${r.idx_scan}`).join(', ')}`)
      for (const sql of CANDIDATE_INDEXES) await db.query(`DROP INDEX IF EXISTS ${/CREATE INDEX (\w+)/.exec(sql)![1]}`)
    }
  } else {
    log('\n  all list targets met')
  }
  return { series, whatIf, missed, plans, plansAfter, perCp }
}

async function indexList(db: pg.Pool) {
  const { rows } = await db.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'work_order' ORDER BY indexname`)
  return rows.map((r) => String(r.indexdef).replace(/^CREATE (UNIQUE )?INDEX \w+ ON public\.work_order USING /, '')).join(', ')
}

// ---------------------------------------------------------------------------------------------
// tickets benchmark: service-desk requests through the API vs raw INSERTs, then the SLA clock

const TICKET_APARTMENTS = 6
const TICKET_FLOOR = 3

interface TicketSetup {
  water: string
  fallback: string
  street: string
  apartments: string[]
  /** Due dates and state history of the first API ticket, reused by the raw rows. */
  responseDue: string
  resolutionDue: string
}

function ticketBody(i: number, apartments: string[]) {
  return {
    request_type: 'spec_no_water',
    object: apartments[i % apartments.length],
    description: `API ${i}: немає холодної води з ранку у всьому підʼїзді`,
    extra: { floor: TICKET_FLOOR },
  }
}

/** The water company, the fallback one, a street → 2 buildings → apartments, the street's water responsibility. */
async function ticketSetup(base: string, token: string): Promise<Omit<TicketSetup, 'responseDue' | 'resolutionDue'>> {
  const post = async (entity: string, body: Record<string, unknown>) => {
    const res = await api(base, 'POST', `/api/v1/records/${entity}`, { token, body })
    if (res.status !== 201) throw new Error(`POST ${entity} failed: ${res.status} ${res.text}`)
    return res.body.data
  }
  const water = (await post('counterparty', { name: 'Водоканал (bench)', code: 'bench_water', kind: 'utility' })).id
  const fallback = (await post('counterparty', { name: 'Запасний виконавець (bench)', code: 'spec_fallback', kind: 'contractor' })).id
  const street = (await post('object', { name: 'вул. Бенчмаркова', level: 'street' })).id
  const apartments: string[] = []
  for (const b of ['1', '3']) {
    const building = (await post('object', { name: b, level: 'building', parent: street })).id
    for (let a = 1; a <= TICKET_APARTMENTS / 2; a++) {
      const apt = await post('object', { name: `кв. ${a}`, level: 'apartment', parent: building })
      if (apt.street !== street || apt.building !== building) problem(`apartment ${apt.path}: street/building not derived (${apt.street}, ${apt.building})`)
      apartments.push(apt.id)
    }
  }
  await post('object_responsibility', { object: street, category: 'water', counterparty: water })
  return { water, fallback, street, apartments }
}

const RAW_TICKET_INSERT = `INSERT INTO ticket (number, channel, request_type, category, priority, object, description, extra, contractor, status,
    response_due, resolution_due, paused_minutes, sla_warning, response_breached, resolution_breached, escalation_level, state_history, created_by, updated_by)
  VALUES ($1 || lpad(nextval('ticket_number_seq')::text, 6, '0'), 'phone', 'spec_no_water', 'water', 'normal', $2, $3, $4::jsonb, $5, 'new',
    $6, $7, 0, false, false, false, -1, $8::jsonb, $9, $9) RETURNING id`

/** Raw baseline: one parameterised INSERT per ticket on a pooled connection, same columns the API writes. */
async function rawTicketInsert(pool: pg.Pool, adminId: string, setup: TicketSetup, clients: number, seconds: number, seq: { i: number }) {
  const prefix = `RAW-${new Date().getFullYear()}-`
  const extra = JSON.stringify({ floor: TICKET_FLOOR })
  return timedLoop(pool, clients, seconds, async (client) => {
    const i = seq.i++
    await client.query(RAW_TICKET_INSERT, [
      prefix,
      setup.apartments[i % setup.apartments.length],
      `RAW ${i}: немає холодної води з ранку у всьому підʼїзді`,
      extra,
      setup.water,
      setup.responseDue,
      setup.resolutionDue,
      JSON.stringify([{ state: 'new', at: new Date().toISOString() }]),
      adminId,
    ])
  })
}

const TARGET_TICKET_API_VS_RAW = 0.25

/** CPU time (ms) and context switches of a process and of its main thread, from /proc (Linux; zeros elsewhere). */
function procCpu(pid: number | undefined) {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8')
    } catch {
      return ''
    }
  }
  const ticks = (stat: string) => {
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ') // fields from 3 on: utime is 14, stime 15
    return { user: Number(f[11] ?? 0) * 10, sys: Number(f[12] ?? 0) * 10 } // USER_HZ = 100
  }
  const status = read(`/proc/${pid}/task/${pid}/status`)
  const num = (k: string) => Number(new RegExp(`^${k}:\\s*(\\d+)`, 'm').exec(status)?.[1] ?? 0)
  return { proc: ticks(read(`/proc/${pid}/stat`)), main: ticks(read(`/proc/${pid}/task/${pid}/stat`)), voluntary: num('voluntary_ctxt_switches'), involuntary: num('nonvoluntary_ctxt_switches') }
}

interface ServerCpu {
  clients: number
  /** Per created ticket: the server process's CPU ms, its main thread's user and sys ms, the main thread's context switches. */
  procMs: number
  mainUserMs: number
  mainSysMs: number
  voluntary: number
  involuntary: number
}

function cpuPerRow(clients: number, a: ReturnType<typeof procCpu>, b: ReturnType<typeof procCpu>, rows: number): ServerCpu {
  const per = (x: number) => x / Math.max(1, rows)
  return {
    clients,
    procMs: per(b.proc.user + b.proc.sys - a.proc.user - a.proc.sys),
    mainUserMs: per(b.main.user - a.main.user),
    mainSysMs: per(b.main.sys - a.main.sys),
    voluntary: per(b.voluntary - a.voluntary),
    involuntary: per(b.involuntary - a.involuntary),
  }
}

/**
 * The statements one API create runs (modules/servicedesk/hooks: routing walks the object up to
 * its street, the responsibilities of that line, the number; the insert; the SLA timer job; the
 * audit row), replayed through pg in one transaction per ticket: the database's share of an API
 * create without Node's HTTP, validation, knex and SLA work.
 */
async function replayTicket(client: pg.PoolClient, i: number, setup: TicketSetup, adminId: string) {
  await client.query('BEGIN')
  try {
    const line: string[] = []
    let cursor: string | null = setup.apartments[i % setup.apartments.length]
    while (cursor) {
      line.push(cursor)
      const r: pg.QueryResult = await client.query('select "parent" from "object" where "id" = $1 limit $2', [cursor, 1])
      cursor = r.rows[0]?.parent ?? null
    }
    const placeholders = line.map((_, k) => `$${k + 1}`).join(', ')
    await client.query(`select "object", "counterparty" from "object_responsibility" where "object" in (${placeholders}) and "category" = $${line.length + 1}`, [...line, 'water'])
    const n = (await client.query("SELECT nextval('ticket_number_seq') AS n")).rows[0].n
    const row = (await client.query(RAW_TICKET_INSERT.replace("$1 || lpad(nextval('ticket_number_seq')::text, 6, '0')", "$1 || lpad($10::text, 6, '0')").replace('RETURNING id', 'RETURNING *'), [
      `REP-${new Date().getFullYear()}-`, line[0], `REPLAY ${i}: немає холодної води з ранку у всьому підʼїзді`, JSON.stringify({ floor: TICKET_FLOOR }),
      setup.water, setup.responseDue, setup.resolutionDue, JSON.stringify([{ state: 'new', at: new Date().toISOString() }]), adminId, n,
    ])).rows[0]
    await client.query('insert into "sys_jobs" ("dedupe_key", "payload", "queue", "run_at") values ($1, $2, $3, $4) on conflict ("dedupe_key") do nothing returning "id"', [
      `sla:${row.id}:${setup.responseDue}`, JSON.stringify({ ticket: row.id }), 'servicedesk.sla', setup.responseDue,
    ])
    await client.query('insert into "sys_audit" ("action", "actor_id", "changes", "entity", "record_id", "request_id") values ($1, $2, $3, $4, $5, $6)', [
      'create', adminId, JSON.stringify(row), 'ticket', row.id, null,
    ])
    await client.query('COMMIT')
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {})
    throw e
  }
}

async function timedLoop(pool: pg.Pool, clients: number, seconds: number, one: (client: pg.PoolClient) => Promise<void>) {
  const latencies: number[] = []
  const started = performance.now()
  const end = started + seconds * 1000
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = await pool.connect()
      try {
        while (performance.now() < end) {
          const t = performance.now()
          await one(client)
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

interface TicketDiagnosis {
  rttP50: number
  rttP99: number
  replay: Array<{ clients: number; rps: number; p50: number; p99: number }>
}

/** When the API/raw target is missed: the round-trip floor and the API's own statements replayed raw. */
async function diagnoseTickets(pool: pg.Pool, setup: TicketSetup, adminId: string, figures: InsertFigures[], seq: { i: number }): Promise<TicketDiagnosis> {
  const seconds = Math.max(3, Math.round(OPTS.duration / 2))
  log(`\n-- diagnosis (API/raw below ${pct(TARGET_TICKET_API_VS_RAW)}${OPTS.profile ? ' or --profile' : ''}): where an API create's time goes, ${seconds} s per series`)
  const rtt = await timedLoop(pool, 1, 2, async (c) => void (await c.query('SELECT 1')))
  log(`  round trip floor, SELECT 1 at 1 client: p50 ${fmt(rtt.p50, 2)} ms, p99 ${fmt(rtt.p99, 2)} ms (${int(rtt.rps)}/s)`)
  const replay: TicketDiagnosis['replay'] = []
  for (const clients of [1, 8]) {
    const r = await timedLoop(pool, clients, seconds, (c) => replayTicket(c, seq.i++, setup, adminId))
    replay.push({ clients, rps: r.rps, p50: r.p50, p99: r.p99 })
    const f = figures.find((x) => x.clients === clients)
    log(
      `  ${clients} client${clients > 1 ? 's' : ' '}: the API's 10 statements replayed raw (BEGIN, 3 × object parent, responsibilities, nextval, INSERT ticket, INSERT sys_jobs, INSERT sys_audit, COMMIT): ` +
        `${fmt(r.rps, 0)} rows/s (p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms)${f ? ` | API = ${pct(f.apiRps / r.rps)} of the replay, p50 API − replay ${fmt(f.apiP50 - r.p50, 2)} ms` : ''}`
    )
  }
  return { rttP50: rtt.p50, rttP99: rtt.p99, replay }
}

async function ticketBenchmark(base: string, db: pg.Pool, token: string, adminId: string, serverPid?: number) {
  log(`\n== Tickets: POST /api/v1/records/ticket (autocannon) vs raw parameterised INSERT INTO ticket (pg.Pool), ${OPTS.duration} s each`)
  const t0 = performance.now()
  const objects = await ticketSetup(base, token)
  log(`  set up through the API in ${fmt((performance.now() - t0) / 1000, 2)} s: counterparties bench_water and spec_fallback, street → 2 buildings → ${objects.apartments.length} apartments, water responsibility on the street`)
  const seq = { i: 0 }
  const first = await api(base, 'POST', '/api/v1/records/ticket', { token, body: ticketBody(seq.i++, objects.apartments) })
  if (first.status !== 201) throw new Error(`POST ticket failed: ${first.status} ${first.text}`)
  const t = first.body.data
  if (t.contractor !== objects.water) problem(`routing: the ticket went to ${t.contractor}, not the street's water company ${objects.water}`)
  if (!/^\S+-\d{4}-\d{6}$/.test(t.number ?? '')) problem(`ticket number ${t.number}`)
  if (!t.response_due || !t.resolution_due || t.priority !== 'normal' || t.status !== 'new' || t.category !== 'water') {
    problem(`first ticket lacks SLA or defaults: ${JSON.stringify({ response_due: t.response_due, resolution_due: t.resolution_due, priority: t.priority, status: t.status, category: t.category })}`)
  }
  log(`  first ticket ${t.number}: contractor = street's water company, created ${t.created_at}, response due ${t.response_due}, resolution due ${t.resolution_due}`)
  const setup: TicketSetup = { ...objects, responseDue: t.response_due, resolutionDue: t.resolution_due }
  await checkTicketSla(t)

  const rawPool = new pg.Pool({ connectionString: DB_URL, max: 8, application_name: 'vikno-bench-raw' })
  const figures: InsertFigures[] = []
  const cpu: ServerCpu[] = []
  const body = () => ticketBody(seq.i++, setup.apartments)
  try {
    await apiCreate(base, token, '/api/v1/records/ticket', body, 8, 2)
    await rawTicketInsert(rawPool, adminId, setup, 8, 1, seq)
    for (const clients of [1, 8]) {
      const before = await settledCount(db, 'ticket')
      const cpu0 = procCpu(serverPid)
      const a = await marked(`API ticket, ${clients} connection${clients > 1 ? 's' : ''}`, () => apiCreate(base, token, '/api/v1/records/ticket', body, clients, OPTS.duration))
      const mid = await settledCount(db, 'ticket')
      const sc = cpuPerRow(clients, cpu0, procCpu(serverPid), mid - before)
      cpu.push(sc)
      if (mid - before < a.ok || mid - before > a.ok + clients) problem(`API tickets at ${clients}: ${a.ok} x 201 but ${mid - before} new rows`)
      const r = await rawTicketInsert(rawPool, adminId, setup, clients, OPTS.duration, seq)
      const after = await settledCount(db, 'ticket')
      if (after - mid !== r.ok) problem(`raw tickets at ${clients}: ${r.ok} inserts but ${after - mid} new rows`)
      const f: InsertFigures = { clients, apiRps: a.rps, apiP50: a.p50, apiP99: a.p99, apiRows: a.ok, rawRps: r.rps, rawP50: r.p50, rawP99: r.p99, rawRows: r.ok }
      figures.push(f)
      log(
        `  ${clients} client${clients > 1 ? 's' : ' '}: API ${fmt(f.apiRps, 0)} rows/s (p50 ${fmt(f.apiP50)} ms, p99 ${fmt(f.apiP99)} ms, ${f.apiRows} rows) | ` +
          `raw ${fmt(f.rawRps, 0)} rows/s (p50 ${fmt(f.rawP50, 2)} ms, p99 ${fmt(f.rawP99, 2)} ms, ${f.rawRows} rows) | API/raw ${pct(f.apiRps / f.rawRps)}`
      )
      log(
        `      server CPU per API ticket: ${fmt(sc.procMs, 2)} ms in all its threads; main thread ${fmt(sc.mainUserMs, 2)} ms user + ${fmt(sc.mainSysMs, 2)} ms sys, ` +
          `${fmt(sc.voluntary, 1)} voluntary and ${fmt(sc.involuntary, 1)} involuntary context switches (/proc, 10 ms ticks)`
      )
    }
    // what every API create did besides its row: routing, SLA, timer job, audit
    const { rows } = await db.query(
      `SELECT count(*) AS n,
              count(*) FILTER (WHERE contractor IS DISTINCT FROM $1) AS misrouted,
              count(*) FILTER (WHERE response_due IS NULL OR resolution_due IS NULL OR number IS NULL) AS no_sla,
              (SELECT count(*) FROM sys_audit WHERE entity = 'ticket' AND action = 'create') AS audit,
              (SELECT count(*) FROM sys_jobs WHERE queue = 'servicedesk.sla') AS jobs
         FROM ticket WHERE description LIKE 'API %'`,
      [setup.water]
    )
    const c = rows[0]
    log(`  API tickets: ${c.n}; misrouted ${c.misrouted}, without number/due dates ${c.no_sla}; ticket create audit rows ${c.audit}, SLA timer jobs ${c.jobs} (raw inserts write neither)`)
    if (Number(c.misrouted) || Number(c.no_sla)) problem(`${c.misrouted} API tickets misrouted, ${c.no_sla} without number or due dates`)
    if (Number(c.audit) !== Number(c.n)) problem(`${c.n} API tickets but ${c.audit} create audit rows`)
    const missed = figures.some((f) => f.apiRps / f.rawRps < TARGET_TICKET_API_VS_RAW)
    const diagnosis = missed || OPTS.profile ? await diagnoseTickets(rawPool, setup, adminId, figures, seq) : undefined
    return { figures, cpu, counts: { tickets: Number(c.n), audit: Number(c.audit), jobs: Number(c.jobs) }, diagnosis }
  } finally {
    await rawPool.end()
  }
}

const SLA_DIR = join(ROOT, 'modules/servicedesk')
const readJson = (rel: string) => JSON.parse(readFileSync(join(SLA_DIR, rel), 'utf8'))

/** The server's due dates of one ticket against computeSla in this process (created_at is the DB clock, the hook's is Node's). */
async function checkTicketSla(t: any) {
  const { businessCalendar } = await import('../modules/servicedesk/sla/calendar.js')
  const { computeSla } = await import('../modules/servicedesk/sla/sla_clock.js')
  const createdAt = new Date(t.created_at)
  const s = computeSla({ sla: readJson('slas/standard.sla.json'), calendar: businessCalendar(readJson('calendars/kyiv_office.calendar.json')), priority: 'normal', createdAt, history: [{ state: 'new', at: createdAt }], now: createdAt })
  const off = Math.max(Math.abs(s.responseDue.getTime() - Date.parse(t.response_due)), Math.abs(s.resolutionDue.getTime() - Date.parse(t.resolution_due)))
  if (off > 60_000) problem(`the server's SLA due dates differ from computeSla by ${fmt(off / 1000)} s (${t.response_due}/${t.resolution_due} vs ${s.responseDue.toISOString()}/${s.resolutionDue.toISOString()})`)
}

/** mulberry32: a small seeded generator, so every run times the same inputs. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

interface SlaRow {
  label: string
  n: number
  perSec: number
  usEach: number
  note?: string
}

/**
 * In-process SLA clock throughput (no server, no database): the office calendar and the
 * standard SLA, inputs created over 2026 at any minute (nights, weekends, holidays), the four
 * priorities in turn, about 40 % with pause history (25 % paused and resumed, 15 % still
 * paused), half responded, 20 % resolved; `now` 0–15 days after creation. First a cold pass
 * over the first 10 % on a fresh calendar (empty day cache, JIT warming up), then one pass over
 * all inputs per operation, timed in 10 chunks (the chunk rates show the noise). With --profile
 * the computeSla pass runs under the V8 CPU profiler of this process.
 */
async function slaBenchmark(): Promise<SlaRow[]> {
  const n = OPTS.slaInputs
  log(`\n== SLA clock in this process (modules/servicedesk/sla imported directly, server stopped): ${int(n)} inputs per pass`)
  const { BusinessCalendar } = await import('../modules/servicedesk/sla/calendar.js')
  const { computeSla } = await import('../modules/servicedesk/sla/sla_clock.js')
  const sla = readJson('slas/standard.sla.json') as SlaDoc
  const calendarDoc = readJson('calendars/kyiv_office.calendar.json') as CalendarDoc
  const calendar = new BusinessCalendar(calendarDoc) // its own day cache, empty: the first pass is cold
  const priorities: Priority[] = ['low', 'normal', 'high', 'emergency']
  const rnd = prng(20260101)
  const H = 3_600_000
  const yearStart = Date.parse('2025-12-31T22:00:00Z') // 2026-01-01 00:00 Kyiv
  const inputs: SlaClockInput[] = []
  let paused = 0
  for (let i = 0; i < n; i++) {
    const created = yearStart + Math.floor(rnd() * 365 * 24 * 60) * 60_000
    const createdAt = new Date(created)
    const history: StateChange[] = [{ state: 'new', at: createdAt }, { state: 'assigned', at: new Date(created + 0.5 * H) }]
    const kind = rnd()
    if (kind < 0.4) {
      paused++
      const p = created + (1 + rnd() * 48) * H
      history.push({ state: 'in_progress', at: new Date(p - 0.25 * H) }, { state: 'waiting_resident', at: new Date(p) })
      if (kind < 0.25) history.push({ state: 'in_progress', at: new Date(p + (1 + rnd() * 72) * H) }) // resumed
    }
    const now = new Date(created + rnd() * 15 * 24 * H)
    const resolved = rnd() < 0.2 ? new Date(created + rnd() * (now.getTime() - created)) : null
    inputs.push({ sla, calendar, priority: priorities[i % 4], createdAt, history, respondedAt: rnd() < 0.5 ? new Date(created + 0.5 * H) : null, resolvedAt: resolved, now })
  }
  let sink = 0
  const timed = (label: string, fn: (i: number) => number, count = n): SlaRow => {
    const chunk = Math.ceil(count / 10)
    const rates: number[] = []
    const t0 = performance.now()
    for (let from = 0; from < count; from += chunk) {
      const t = performance.now()
      const to = Math.min(count, from + chunk)
      for (let i = from; i < to; i++) sink += fn(i)
      rates.push((to - from) / ((performance.now() - t) / 1000))
    }
    const ms = performance.now() - t0
    const row = { label, n: count, perSec: count / (ms / 1000), usEach: (ms * 1000) / count, note: `chunks ${int(Math.min(...rates))}–${int(Math.max(...rates))}/s` }
    log(`  ${label.padEnd(60)} ${int(row.perSec).padStart(9)} /s  (${fmt(row.usEach, 2)} µs each, ${int(count)} in ${fmt(ms / 1000, 1)} s; ${row.note})`)
    return row
  }
  const rows: SlaRow[] = []
  const cold = new BusinessCalendar(calendarDoc)
  rows.push(timed(`computeSla, cold: fresh calendar, first ${int(n / 10)} inputs`, (i) => computeSla({ ...inputs[i], calendar: cold }).resolutionDue.getTime(), Math.ceil(n / 10)))
  const sla_ = (i: number) => computeSla(inputs[i]).resolutionDue.getTime()
  for (let i = 0; i < n; i += 10) sla_(i) // fills the day cache of `calendar` (a year of days) and warms up
  const profiler = OPTS.profile ? await startInProcessProfile() : undefined
  rows.push(timed('computeSla (all priorities, pauses, responses, resolutions)', sla_))
  const profile = await profiler?.stop()
  rows.push(timed("addBusinessDuration(createdAt, 'P3D')", (i) => calendar.addBusinessDuration(inputs[i].createdAt, 'P3D').getTime()))
  rows.push(timed("addBusinessDuration(createdAt, 'PT4H')", (i) => calendar.addBusinessDuration(inputs[i].createdAt, 'PT4H').getTime()))
  if (profile) {
    log(`\n  CPU profile of the computeSla pass (this process):`)
    profileReport(profile, [{ label: 'computeSla pass', from: -Infinity, to: Infinity }], '  ')
  }
  // the spot checks of sla_clock.spec.ts, so a broken import or calendar cannot pass silently
  const mon = new Date('2026-03-02T08:00:00Z') // Mon 10:00 Kyiv
  const wall = (d: Date) => d.toLocaleString('sv-SE', { timeZone: 'Europe/Kyiv' }).slice(0, 16)
  if (wall(calendar.addBusinessDuration(mon, 'P3D')) !== '2026-03-05 10:00' || wall(calendar.addBusinessDuration(mon, 'PT4H')) !== '2026-03-02 15:00') {
    problem(`SLA clock spot check: Mon 10:00 + P3D = ${wall(calendar.addBusinessDuration(mon, 'P3D'))}, + PT4H = ${wall(calendar.addBusinessDuration(mon, 'PT4H'))}`)
  }
  log(`  (${int(paused)} inputs with a pause; checksum ${sink % 1e9})`)
  return rows
}

// ---------------------------------------------------------------------------------------------
// server CPU profile (--profile)

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

/** The V8 CPU profiler on this process (node:inspector), for in-process benchmarks. */
async function startInProcessProfile() {
  const { Session } = await import('node:inspector/promises')
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 200 })
  await session.post('Profiler.start')
  return {
    async stop() {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile }
      session.disconnect()
      return profile
    },
  }
}

async function printProfile(dir: string) {
  const { readdir } = await import('node:fs/promises')
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.cpuprofile'))
  if (!files.length) return log(`\n(no CPU profile in ${dir})`)
  const file = join(dir, files[0])
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  log(`\n== Server CPU profile: ${file}`)
  profileReport(prof, [{ label: 'whole run', from: -Infinity, to: Infinity }, ...marks])
}

/** Self time by package/folder and by function, per time window, plus inclusive time of the project's own functions. */
function profileReport(prof: CpuProfile, windows: Array<{ label: string; from: number; to: number }>, indent = '') {
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]))
  const label = (n: ProfileNode) => {
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(ROOT, '')
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
    const fn = n.callFrame.functionName || '(anonymous)'
    const group = pkg ?? (!url ? (fn.startsWith('(') ? fn : `(native ${fn})`) : url.startsWith('node:') ? 'node internals' : url.split('/').slice(0, 2).join('/'))
    return { group, fn: `${fn}${url ? ` ${url}:${n.callFrame.lineNumber + 1}` : ''}` }
  }
  const parent = new Map<number, number>()
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  for (const w of windows) {
    const inclusive = new Map<string, number>()
    const byFn = new Map<string, number>()
    const byGroup = new Map<string, number>()
    let t = prof.startTime
    let total = 0
    let idle = 0
    for (let i = 0; i < prof.samples.length; i++) {
      t += prof.timeDeltas[i]
      const dt = prof.timeDeltas[i + 1] ?? 0
      if (t < w.from || t > w.to || dt <= 0) continue
      const n = nodes.get(prof.samples[i])!
      total += dt
      if (n.callFrame.functionName === '(idle)') {
        idle += dt
        continue
      }
      const l = label(n)
      byFn.set(l.fn, (byFn.get(l.fn) ?? 0) + dt)
      byGroup.set(l.group, (byGroup.get(l.group) ?? 0) + dt)
      // inclusive time of the project's own functions (core/, modules/, bench/), once per stack
      const seen = new Set<string>()
      for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
        const f = nodes.get(id)!
        const url = f.callFrame.url.replace(/^file:\/\//, '')
        if (!url.startsWith(ROOT) || url.includes('node_modules')) continue
        const key = label(f).fn
        if (!seen.has(key)) {
          seen.add(key)
          inclusive.set(key, (inclusive.get(key) ?? 0) + dt)
        }
      }
    }
    if (!total) {
      log(`  ${w.label}: no samples in this window`)
      continue
    }
    const busy = total - idle
    const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k)
    log(`\n${indent}  ${w.label}: ${fmt(total / 1e6)} s sampled, main thread busy ${pct(busy / total)}; share of busy time:`)
    log(`${indent}    by package/folder: ${top(byGroup, 12).map(([g, us]) => `${g} ${pct(us / busy)}`).join(', ')}`)
    log(`${indent}    top functions (self):`)
    for (const [f, us] of top(byFn, 12)) log(`${indent}      ${pct(us / busy).padStart(5)}  ${f}`)
    log(`${indent}    project functions (inclusive: with what they call):`)
    for (const [f, us] of top(inclusive, 14)) log(`${indent}      ${pct(us / busy).padStart(5)}  ${f}`)
  }
}

// ---------------------------------------------------------------------------------------------
// summary

type TicketResult = Awaited<ReturnType<typeof ticketBenchmark>>

function summary(info: Record<string, string>, insert: InsertFigures[] | undefined, list: Awaited<ReturnType<typeof listBenchmark>> | undefined, tickets?: TicketResult, sla?: SlaRow[]) {
  const lines: string[] = []
  lines.push(`### Benchmarks (${info.when})`, '')
  lines.push(`Machine: ${info.cpu} × ${info.cores} cores, Node ${process.versions.node}, ${info.pg}; server, PostgreSQL and load generator on the same machine (load average before the run ${info.load}, after it ${info.loadAfter}).`, '')
  if (insert?.length) {
    lines.push(`**Create work orders** (${OPTS.duration} s per row; API = POST /api/v1/records/work_order with a Bearer token: auth, validation, reference check, insert, audit row, event, read-back; raw = one parameterised INSERT per row through pg.Pool)`, '')
    lines.push('| clients | API rows/s | raw rows/s | API / raw | API p50 | API p99 | raw p99 |', '|---:|---:|---:|---:|---:|---:|---:|')
    for (const f of insert) {
      lines.push(`| ${f.clients} | ${int(f.apiRps)} | ${int(f.rawRps)} | ${pct(f.apiRps / f.rawRps)} | ${fmt(f.apiP50)} ms | ${fmt(f.apiP99)} ms | ${fmt(f.rawP99, 2)} ms |`)
    }
    const at8 = insert.find((f) => f.clients === 8)
    if (at8) lines.push('', `Target API/raw ≥ ${pct(TARGET_API_VS_RAW_AT_8)} at 8 clients: ${at8.apiRps / at8.rawRps >= TARGET_API_VS_RAW_AT_8 ? 'met' : 'missed'} (${pct(at8.apiRps / at8.rawRps)}).`)
    lines.push('')
  }
  if (list) {
    const table = (series: Series[]) => {
      const t = ['| query | caller | p50 | p95 | p99 | n | scoped/admin p95 |', '|---|---|---:|---:|---:|---:|---:|']
      for (const s of series) {
        const admin = series.find((x) => x.variant === s.variant && x.caller === 'admin')!
        t.push(`| ${VARIANTS[s.variant].label} | ${s.caller === 'admin' ? 'admin' : 'test_contractor (scoped)'} | ${fmt(s.p50)} ms | ${fmt(s.p95)} ms | ${fmt(s.p99)} ms | ${s.n} | ${s.caller === 'scoped' ? `${fmt(s.p95 / admin.p95, 2)}×` : ''} |`)
      }
      return t
    }
    lines.push(`**List work orders** over ${int(OPTS.rows)} rows, ${COUNTERPARTIES} contractors (the scoped one owns ${int(Number(list.perCp.n))}); sequential GETs after warm-up, latency seen by the client`, '')
    lines.push(...table(list.series), '')
    lines.push(`Targets (scoped p95 ≤ ${TARGET_SCOPED_P95_MS} ms and ≤ ${TARGET_SCOPED_VS_ADMIN}× admin): ${list.missed.length ? `missed — ${list.missed.join('; ')}` : 'met'}.`, '')
    if (list.whatIf) {
      lines.push(`With candidate indexes (bench database only, not in the schema): ${CANDIDATE_INDEXES.map((s) => '`' + s.replace(/^CREATE INDEX \w+ ON work_order /, '') + '`').join(', ')}`, '')
      lines.push(...table(list.whatIf), '')
      const fmtPlan = (p?: ReturnType<typeof planSummary>) => (p ? `${p.nodes.join(' → ')} (${fmt(p.ms)} ms)` : 'n/a')
      lines.push('| query / caller | plan with declared indexes | plan with candidate indexes |', '|---|---|---|')
      for (const s of list.series) {
        const key = `${s.variant}/${s.caller}`
        lines.push(`| ${s.variant} / ${s.caller} | ${fmtPlan(list.plans[key])} | ${fmtPlan(list.plansAfter[key])} |`)
      }
      lines.push('')
    }
  }
  if (tickets) {
    lines.push(
      `**Create service-desk requests** (${OPTS.duration} s per row; API = POST /api/v1/records/ticket, type \`spec_no_water\` on an apartment whose street has the water responsibility: type and \`extra\` validation, routing up the object tree, number from a sequence, SLA due dates, SLA timer job, audit row, event, in one transaction; raw = one parameterised INSERT of an equivalent row — number from the same sequence, type, object, description, extra, contractor, status, priority, due dates — through pg.Pool)`,
      ''
    )
    lines.push('| clients | API rows/s | raw rows/s | API / raw | API p50 | API p99 | raw p50 | raw p99 | server CPU per API ticket (main thread user + sys) |', '|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    for (const f of tickets.figures) {
      const c = tickets.cpu.find((x) => x.clients === f.clients)
      const cpuText = c ? `${fmt(c.procMs, 2)} ms (${fmt(c.mainUserMs, 2)} + ${fmt(c.mainSysMs, 2)})` : ''
      lines.push(`| ${f.clients} | ${int(f.apiRps)} | ${int(f.rawRps)} | ${pct(f.apiRps / f.rawRps)} | ${fmt(f.apiP50)} ms | ${fmt(f.apiP99)} ms | ${fmt(f.rawP50, 2)} ms | ${fmt(f.rawP99, 2)} ms | ${cpuText} |`)
    }
    lines.push('', `Every API ticket routed to the street's water company with its due dates; ${int(tickets.counts.audit)} create audit rows and ${int(tickets.counts.jobs)} SLA timer jobs for ${int(tickets.counts.tickets)} API tickets.`, '')
    const d = tickets.diagnosis
    if (d) {
      const worst = Math.min(...tickets.figures.map((f) => f.apiRps / f.rawRps))
      lines.push(
        `Target API/raw ≥ ${pct(TARGET_TICKET_API_VS_RAW)}: ${worst >= TARGET_TICKET_API_VS_RAW ? 'met' : `missed (${pct(worst)})`}. The API's 10 statements (BEGIN, 3 × object parent, responsibilities, nextval, INSERT ticket, INSERT sys_jobs, INSERT sys_audit, COMMIT) replayed through pg: ` +
          d.replay.map((r) => { const f = tickets.figures.find((x) => x.clients === r.clients); return `${int(r.rps)} rows/s at ${r.clients} (p50 ${fmt(r.p50, 2)} ms${f ? `; the API reaches ${pct(f.apiRps / r.rps)} of it` : ''})` }).join(', ') +
          `; round trip floor (SELECT 1) p50 ${fmt(d.rttP50, 2)} ms.`,
        ''
      )
    }
  }
  if (sla?.length) {
    lines.push(`**SLA clock** in process (no server): calendar \`kyiv_office\` (Mon–Fri 08–12, 13–17, UA holidays, martial law), SLA \`standard\`; ${int(OPTS.slaInputs)} inputs created over 2026 at any minute, all four priorities, ~40 % with pause history; one pass per operation timed in 10 chunks`, '')
    lines.push('| operation | per second | µs each | noise |', '|---|---:|---:|---|')
    for (const r of sla) lines.push(`| ${r.label} | ${int(r.perSec)} | ${fmt(r.usEach, 2)} | ${r.note ?? ''} |`)
    lines.push('')
  }
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------
// main

async function main() {
  const when = new Date().toISOString().slice(0, 10)
  const started = performance.now()
  const load = loadavg()[0].toFixed(2)
  log(`Vikno benchmark: ${[OPTS.insert && 'insert', OPTS.list && `list over ${int(OPTS.rows)} rows`, OPTS.tickets && 'tickets + SLA clock'].filter(Boolean).join(' + ')} (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores)`)
  let name: string
  try {
    name = await recreateDatabase(DB_URL)
  } catch (e) {
    console.error(`!! ${e instanceof Error ? e.message : e}`)
    process.exitCode = 1
    return
  }
  log(`database ${name} recreated`)
  const dataDir = await mkdtemp(join(tmpdir(), 'vikno-bench-'))
  const db = new pg.Pool({ connectionString: DB_URL, max: 4, application_name: 'vikno-bench' })
  let server: Server | undefined
  const onSignal = () => {
    log('\ninterrupted: stopping the server')
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let ok = false
  try {
    const t = performance.now()
    server = await startBenchServer(dataDir)
    log(`server up at ${server.url} in ${fmt((performance.now() - t) / 1000)} s (pid ${server.proc.pid}, log ${server.logFile})`)
    const pgVersion = (await db.query('SHOW server_version')).rows[0].server_version
    const info: Record<string, string> = { load, when, cpu: cpus()[0]?.model?.trim() ?? 'cpu', cores: String(cpus().length), pg: `PostgreSQL ${pgVersion}` }

    const adminPassword = `bench-${Math.random().toString(36).slice(2)}`
    const adminId = await seedUser(db, { login: 'bench_admin', password: adminPassword, name: 'Bench admin', roles: ['admin'] })
    const adminToken = await tokenFor(server.url, 'bench_admin', adminPassword)
    log('admin seeded (scrypt PHC hash), logged in through the API, API token created')

    const counterparties: string[] = []
    for (let i = 1; i <= COUNTERPARTIES; i++) {
      const res = await api(server.url, 'POST', '/api/v1/records/counterparty', { token: adminToken, body: { name: `Підрядник ${i}`, kind: 'contractor' } })
      if (res.status !== 201) throw new Error(`POST counterparty failed: ${res.status} ${res.text}`)
      counterparties.push(res.body.data.id)
    }
    log(`${COUNTERPARTIES} counterparties created through the API`)

    const insert = OPTS.insert ? await insertBenchmark(server.url, db, adminToken, adminId, counterparties) : undefined
    const list = OPTS.list ? await listBenchmark(server.url, db, adminToken, adminId, counterparties) : undefined
    const tickets = OPTS.tickets ? await ticketBenchmark(server.url, db, adminToken, adminId, server.proc.pid) : undefined
    let sla: SlaRow[] | undefined
    if (OPTS.tickets) {
      await server.stop() // the SLA clock runs in this process: nothing else of ours on the cores
      log(`\nserver stopped (load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')})`)
      sla = await slaBenchmark()
    }
    info.loadAfter = loadavg()[0].toFixed(2)

    log(`\n== Summary (Markdown), total run ${fmt((performance.now() - started) / 1000, 0)} s\n`)
    log(summary(info, insert, list, tickets, sla))
    ok = true
  } catch (e) {
    broken = true
    console.error(e instanceof Error ? e.stack ?? e.message : e)
    if (server) console.error(`server log: ${server.logFile}`)
  } finally {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
    await server?.stop()
    await db.end()
    if (OPTS.profile && server) await printProfile(join(dataDir, 'profile'))
    if (ok && !broken && !OPTS.profile) await rm(dataDir, { recursive: true, force: true })
  }
  if (broken) process.exitCode = 1
}

await main()
