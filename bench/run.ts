/**
 * `npm run bench [-- --only insert|list] [--rows N] [--duration S] [--requests N]`
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
 * 4. prints a Markdown summary.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import pg from 'pg'
import { seedUser } from './seed_user.js'

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
  console.log(`npm run bench -- [--only insert|list] [--rows N] [--duration S] [--requests N] [--warmup N] [--series-budget S] [--no-whatif] [--profile]
  --only           run one benchmark (default: both)
  --rows           work_order rows for the list benchmark (default 1000000)
  --duration       seconds per insert measurement (default 10)
  --requests       timed GETs per list series (default 300), after --warmup untimed ones (default 30)
  --series-budget  a list series stops after this many seconds even before --requests (default 15)
  --no-whatif      skip re-measuring the list with candidate indexes when a target is missed
  --profile        run the server with --cpu-prof and print where its CPU time went
env BENCH_DATABASE_URL (default ${DB_URL}); the database is dropped and created.`)
  process.exit(0)
}
const intArg = (name: string, v: string | undefined) => {
  const n = Number(String(v).replace(/[_,]/g, ''))
  if (!Number.isFinite(n) || n < 0) usageError(`--${name} must be a number, got ${v}`)
  return Math.round(n)
}
if (argv.only !== undefined && argv.only !== 'insert' && argv.only !== 'list') usageError('--only takes insert or list')
const OPTS = {
  insert: argv.only !== 'list',
  list: argv.only !== 'insert',
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
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`
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

function percentile(samples: number[], p: number) {
  if (!samples.length) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

// ---------------------------------------------------------------------------------------------
// database and server

async function recreateDatabase(url: string) {
  const u = new URL(url)
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''))
  if (!/bench/i.test(name)) throw new Error(`refusing to drop database "${name}": its name must contain "bench" (BENCH_DATABASE_URL)`)
  const maintenance = new URL(url)
  maintenance.pathname = '/postgres'
  const c = new pg.Client({ connectionString: maintenance.toString(), application_name: 'vikno-bench' })
  await c.connect()
  try {
    await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)
    await c.query(`CREATE DATABASE ${ident(name)}`)
  } finally {
    await c.end()
  }
  return name
}

interface Server {
  url: string
  proc: ChildProcess
  logFile: string
  stop(): Promise<void>
}

async function startServer(dataDir: string): Promise<Server> {
  const port = await freePort()
  const logFile = join(dataDir, 'server.log')
  const out = createWriteStream(logFile)
  const profileArgs = OPTS.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(dataDir, 'profile')}`] : []
  const proc = spawn(process.execPath, [...profileArgs, '--import=ts-node-maintained/register/esm', 'bin/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: DB_URL,
      PORT: String(port),
      HOST: '127.0.0.1',
      VIKNO_DATA_DIR: dataDir,
      VIKNO_EXTRA_MODULES: FIXTURES,
      VIKNO_DEMO: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  proc.stdout!.pipe(out)
  proc.stderr!.pipe(out)
  let exited = false
  let stopping = false
  const exit = new Promise<void>((resolve) =>
    proc.once('exit', (code, signal) => {
      exited = true
      if (!stopping) problem(`the server exited unexpectedly (code ${code}, signal ${signal}); log: ${logFile}`)
      resolve()
    })
  )
  const url = `http://127.0.0.1:${port}`
  const tail = () => readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n')
  const deadline = Date.now() + 120_000
  for (;;) {
    if (exited) throw new Error(`the server exited during start:\n${tail()}`)
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error(`the server did not become healthy in 120 s:\n${tail()}`)
    }
    try {
      const res = await fetch(`${url}/health`)
      const body: any = await res.json()
      if (res.ok && body?.ok === true) break
    } catch {}
    await sleep(250)
  }
  return {
    url,
    proc,
    logFile,
    async stop() {
      if (exited) return
      stopping = true
      proc.kill('SIGINT')
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000)
      await exit
      clearTimeout(timer)
    },
  }
}

// ---------------------------------------------------------------------------------------------
// API access

async function api(base: string, method: string, path: string, opts: { token?: string; body?: unknown; cookie?: string; csrf?: string } = {}) {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  if (opts.cookie) headers.cookie = opts.cookie
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf
  const res = await fetch(base + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) })
  const text = await res.text()
  let body: any
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = text
  }
  return { status: res.status, headers: res.headers, body, text }
}

/** Logs in through the API (cookie + CSRF) and creates a personal API token with them. */
async function tokenFor(base: string, login: string, password: string) {
  const res = await api(base, 'POST', '/api/v1/auth/login', { body: { login, password } })
  if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status} ${res.text}`)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('vikno_sid='))?.split(';')[0]
  if (!cookie) throw new Error('login returned no vikno_sid cookie')
  const tok = await api(base, 'POST', '/api/v1/auth/tokens', { body: { name: 'bench' }, cookie, csrf: res.body.csrfToken })
  if (tok.status !== 201 || typeof tok.body?.token !== 'string') throw new Error(`token for ${login} failed: ${tok.status} ${tok.text}`)
  return tok.body.token as string
}

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
async function settledCount(db: pg.Pool) {
  let last = await countOrders(db)
  for (let i = 0; i < 50; i++) {
    await sleep(100)
    const n = await countOrders(db)
    if (n === last) return n
    last = n
  }
  return last
}

async function apiInsert(base: string, token: string, counterparties: string[], connections: number, seconds: number, seq: { i: number }) {
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
        path: '/api/v1/records/work_order',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(orderBody(seq.i++, counterparties)) }),
      },
    ],
  })
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms)
  })
  const result = await instance
  const elapsed = (performance.now() - started) / 1000
  if (result.non2xx || result.errors || result.timeouts) {
    problem(`API insert at ${connections} connections: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts ${JSON.stringify(result.statusCodeStats)}`)
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
// server CPU profile (--profile)

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

async function printProfile(dir: string) {
  const { readdir } = await import('node:fs/promises')
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.cpuprofile'))
  if (!files.length) return log(`\n(no CPU profile in ${dir})`)
  const file = join(dir, files[0])
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]))
  const label = (n: ProfileNode) => {
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(ROOT, '')
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
    const fn = n.callFrame.functionName || '(anonymous)'
    const group = pkg ?? (!url ? (fn.startsWith('(') ? fn : `(native ${fn})`) : url.startsWith('node:') ? 'node internals' : url.split('/').slice(0, 2).join('/'))
    return { group, fn: `${fn}${url ? ` ${url}:${n.callFrame.lineNumber + 1}` : ''}` }
  }
  const windows = [{ label: 'whole run', from: -Infinity, to: Infinity }, ...marks]
  log(`\n== Server CPU profile: ${file}`)
  for (const w of windows) {
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
    }
    if (!total) {
      log(`  ${w.label}: no samples in this window`)
      continue
    }
    const busy = total - idle
    const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k)
    log(`\n  ${w.label}: ${fmt(total / 1e6)} s sampled, main thread busy ${pct(busy / total)}; share of busy time:`)
    log(`    by package/folder: ${top(byGroup, 12).map(([g, us]) => `${g} ${pct(us / busy)}`).join(', ')}`)
    log('    top functions (self):')
    for (const [f, us] of top(byFn, 12)) log(`      ${pct(us / busy).padStart(5)}  ${f}`)
  }
}

// ---------------------------------------------------------------------------------------------
// summary

function summary(info: Record<string, string>, insert: InsertFigures[] | undefined, list: Awaited<ReturnType<typeof listBenchmark>> | undefined) {
  const lines: string[] = []
  lines.push(`### Benchmarks (${info.when})`, '')
  lines.push(`Machine: ${info.cpu} × ${info.cores} cores, Node ${process.versions.node}, ${info.pg}; server, PostgreSQL and load generator on the same machine (load average before the run ${info.load}).`, '')
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
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------
// main

async function main() {
  const when = new Date().toISOString().slice(0, 10)
  const started = performance.now()
  const load = loadavg()[0].toFixed(2)
  log(`Vikno benchmark: ${[OPTS.insert && 'insert', OPTS.list && `list over ${int(OPTS.rows)} rows`].filter(Boolean).join(' + ')} (load average ${load} on ${cpus().length} cores)`)
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
    server = await startServer(dataDir)
    log(`server up at ${server.url} in ${fmt((performance.now() - t) / 1000)} s (pid ${server.proc.pid}, log ${server.logFile})`)
    const pgVersion = (await db.query('SHOW server_version')).rows[0].server_version
    const info = { load, when, cpu: cpus()[0]?.model?.trim() ?? 'cpu', cores: String(cpus().length), pg: `PostgreSQL ${pgVersion}` }

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

    log(`\n== Summary (Markdown), total run ${fmt((performance.now() - started) / 1000, 0)} s\n`)
    log(summary(info, insert, list))
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
