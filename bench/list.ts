/** Benchmark `list`: filtered and sorted GETs over a bulk-loaded table, admin and scoped (bench/run.ts). */
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { seedUser } from './seed_user.js'
import { percentile, tokenFor } from './lib.js'
import { OPTS, TARGET_SCOPED_P95_MS, TARGET_SCOPED_VS_ADMIN, fmt, int, log, problem } from './options.js'
import { countOrders } from './insert.js'

// ---------------------------------------------------------------------------------------------
// list benchmark

export async function bulkLoad(db: pg.Pool, rows: number, counterparties: string[], adminId: string) {
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

export interface Series {
  variant: 'filter' | 'sorted'
  caller: 'admin' | 'scoped'
  n: number
  p50: number
  p95: number
  p99: number
  sql?: string
}

export const VARIANTS = {
  filter: { label: 'filter status=open, limit 50 (default sort -created_at)', qs: `filter=${encodeURIComponent(JSON.stringify({ status: { eq: 'open' } }))}&limit=50` },
  sorted: { label: 'no filter, sort=-created_at, limit 50', qs: 'sort=-created_at&limit=50' },
} as const

export async function timeSeries(base: string, db: pg.Pool, token: string, variant: keyof typeof VARIANTS, scoped: boolean, check: (data: any[]) => string | undefined) {
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
export class SqlCapture {
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
          const text = rows.map((r) => r.query as string).find((q) => /"t"\."contractor"\s*=/.test(q) === scoped && /"t"\."status"\s*=/.test(q) === (variant === 'filter'))
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
export function bindLiterals(sql: string, contractor: string): string | undefined {
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

export async function explain(db: pg.Pool, sql: string) {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`)
  return rows.map((r) => r['QUERY PLAN'] as string)
}

export function planSummary(plan: string[]) {
  const text = plan.join('\n')
  const ms = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1])
  // plan nodes only (their detail lines read "Sort Key: …", "Filter: …")
  const nodes = plan
    .map((l) => l.trim().replace(/^->\s*/, ''))
    .filter((l) => /\(actual /.test(l) && !/^[\w ]+:/.test(l))
    .map((n) => n.replace(/\s*\(actual.*$/, '').replace(/ on work_order t$/, ''))
  return { ms, nodes }
}

export type Expected = Record<'filter' | 'sorted', Record<'admin' | 'scoped', number>>

export async function listRound(base: string, db: pg.Pool, tokens: { admin: string; scoped: string }, scopedCp: string, expected: Expected, heading: string) {
  log(`\n-- ${heading}`)
  const out: Series[] = []
  for (const variant of ['filter', 'sorted'] as const) {
    for (const caller of ['admin', 'scoped'] as const) {
      const check = (data: any[]) => {
        const want = Math.min(50, expected[variant][caller])
        if (data.length !== want) return `${caller} got ${data.length} rows, expected ${want}`
        if (caller === 'scoped' && data.some((r) => r.contractor !== scopedCp)) return "scoped caller saw another contractor's rows"
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

export function targetsMissed(series: Series[]) {
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

export const CANDIDATE_INDEXES = [
  `CREATE INDEX bench_whatif_work_order_created_idx ON work_order (created_at DESC, id DESC)`,
  `CREATE INDEX bench_whatif_work_order_contractor_created_idx ON work_order (contractor, created_at DESC, id DESC)`,
  `CREATE INDEX bench_whatif_work_order_contractor_status_created_idx ON work_order (contractor, status, created_at DESC, id DESC)`,
]

export async function explainAll(db: pg.Pool, series: Series[], scopedCp: string, heading: string) {
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

export async function listBenchmark(base: string, db: pg.Pool, adminToken: string, adminId: string, counterparties: string[]) {
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

export async function indexList(db: pg.Pool) {
  const { rows } = await db.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'work_order' ORDER BY indexname`)
  return rows.map((r) => String(r.indexdef).replace(/^CREATE (UNIQUE )?INDEX \w+ ON public\.work_order USING /, '')).join(', ')
}
