/**
 * `npm run bench:reports [-- --tickets N --calls N --rounds N]`
 *
 * The Mayor's dashboard (seeds/vyshhorod/dashboards/mayor.dashboard.json, 9 panels) over
 * 1,000,000 requests and 200,000 calls on the local PostgreSQL server, through the real API
 * (`reports.run`), as the mayor and as a contractor's dispatcher (row scope: one company).
 * Prints figures; asserts nothing (exit 1 only when a call fails).
 *
 * 1. recreates BENCH_DATABASE_URL (default .../vikno_bench_reports), starts the server with the
 *    city pack and its demo data, and bulk-loads requests (two years, spread over the city's
 *    companies, addresses and types; ~70 % resolved, 15 % of those late, half rated) and calls
 *    (one year) with INSERT ... SELECT generate_series, then ANALYZE;
 * 2. restarts the server (empty caches) and runs each panel once: "first after restart";
 * 3. `--rounds` times: one request is filed through the API, which invalidates every request
 *    panel, then each panel runs again: "uncached" (what a live dashboard pays after a change);
 * 4. each panel 50 more times with nothing changed: "cached".
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir, loadavg, cpus } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { api, percentile, recreateDatabase, startServer, tokenFor, type Server } from './lib.js'
import { seedUser } from './seed_user.js'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const TICKETS = arg('tickets', 1_000_000)
const CALLS = arg('calls', 200_000)
const ROUNDS = arg('rounds', 20)
const URL_ = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vikno_bench_reports'
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a')

interface Panel {
  report: string
  params?: Record<string, unknown>
}

async function load(db: pg.Pool) {
  const ids = async (sql: string) => (await db.query(sql)).rows.map((r) => r.id as string)
  const companies = await ids(`SELECT id FROM counterparty ORDER BY code`)
  const places = await ids(`SELECT id FROM object WHERE level IN ('building', 'apartment') ORDER BY id`)
  const types = (await db.query(`SELECT DISTINCT request_type AS id FROM ticket WHERE request_type IS NOT NULL`)).rows.map((r) => r.id as string)
  console.log(`city: ${companies.length} companies, ${places.length} addresses, ${types.length} request types in use`)
  const started = Date.now()
  const chunk = 100_000
  for (let from = 1; from <= TICKETS; from += chunk) {
    const to = Math.min(TICKETS, from + chunk - 1)
    await db.query(
      `INSERT INTO ticket (number, channel, request_type, category, priority, object, contractor, status, created_at, updated_at,
                           resolution_due, resolved_at, closed_at, resolution_minutes, response_breached, resolution_breached,
                           feedback_rating, feedback_solved, description, version)
       SELECT 'B-' || g, (ARRAY['phone','phone','phone','bot','portal','email','telegram','viber'])[1 + g % 8],
              ($3::text[])[1 + g % cardinality($3::text[])], (ARRAY['water','heating','housing','roads','lighting','waste'])[1 + g % 6],
              CASE WHEN g % 50 = 0 THEN 'emergency' ELSE 'normal' END,
              ($4::uuid[])[(1 + (g::bigint * 7919) % cardinality($4::uuid[]))::int], ($5::uuid[])[(1 + (g::bigint * 31) % cardinality($5::uuid[]))::int],
              CASE WHEN r < 0.7 THEN 'closed' ELSE 'in_progress' END, c, c,
              c + interval '3 days',
              CASE WHEN r < 0.7 THEN c + (r * 100) * interval '1 hour' END,
              CASE WHEN r < 0.7 THEN c + (r * 100 + 24) * interval '1 hour' END,
              CASE WHEN r < 0.7 THEN (r * 3000)::int END,
              r < 0.05, r < 0.7 AND r > 0.6,
              CASE WHEN r < 0.35 THEN 1 + (g % 5) END, CASE WHEN r < 0.35 THEN g % 7 <> 0 END,
              'Звернення ' || g, 1
         FROM generate_series($1::int, $2::int) g,
              LATERAL (SELECT now() - ((g::bigint * 7907) % (730 * 1440)) * interval '1 minute' AS c, ((g * 2654435761::bigint) % 1000) / 1000.0 AS r) x`,
      [from, to, types, places, companies]
    )
    process.stdout.write(`\r${to.toLocaleString('en-US')} requests`)
  }
  console.log(` in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  const callsStarted = Date.now()
  await db.query(
    `INSERT INTO call (call_id, direction, caller, queue, started_at, answered_at, ended_at, disposition, created_at, updated_at, version)
     SELECT 'bench-' || g, 'inbound', '+38044' || lpad((g % 10000000)::text, 7, '0'), (ARRAY['operators','water','heating'])[1 + g % 3],
            s, CASE WHEN g % 8 <> 0 THEN s + (g % 90) * interval '1 second' END,
            s + (g % 90 + 60 + g % 400) * interval '1 second', CASE WHEN g % 8 = 0 THEN 'missed' ELSE 'ended' END, s, s, 1
       FROM generate_series(1, $1::int) g, LATERAL (SELECT now() - ((g::bigint * 7907) % (365 * 1440)) * interval '1 minute' AS s) x`,
    [CALLS]
  )
  console.log(`${CALLS.toLocaleString('en-US')} calls in ${((Date.now() - callsStarted) / 1000).toFixed(0)} s`)
  await db.query('ANALYZE ticket; ANALYZE call; ANALYZE object; ANALYZE counterparty')
  return companies
}

async function main() {
  console.log(`Mayor's dashboard benchmark: ${TICKETS.toLocaleString('en-US')} requests, ${CALLS.toLocaleString('en-US')} calls (load average ${loadavg()[0].toFixed(2)} on ${cpus().length} cores)`)
  await recreateDatabase(URL_)
  const dataDir = mkdtempSync(join(tmpdir(), 'vikno-reports-'))
  const env = { VIKNO_DEMO: 'true', VIKNO_DEMO_ACCOUNTS: '200' }
  let server: Server = await startServer({ dataDir, databaseUrl: URL_, env })
  const db = new pg.Pool({ connectionString: URL_, max: 2 })
  try {
    const companies = await load(db)
    const busiest = (await db.query(`SELECT contractor AS id FROM ticket GROUP BY contractor ORDER BY count(*) DESC LIMIT 1`)).rows[0].id as string
    await seedUser(db, { login: 'bench_mayor', password: 'bench-pass-1', roles: ['mayor'] })
    await seedUser(db, { login: 'bench_dispatcher', password: 'bench-pass-1', roles: ['contractor_dispatcher'], attributes: { counterparty: busiest } })
    console.log(
      `the dispatcher's company has ${(await db.query(`SELECT count(*)::int AS n FROM ticket WHERE contractor = $1`, [busiest])).rows[0].n.toLocaleString('en-US')} of the requests (${companies.length} companies)`
    )

    await server.stop()
    server = await startServer({ dataDir, databaseUrl: URL_, env })
    const tokens = { mayor: await tokenFor(server.url, 'bench_mayor', 'bench-pass-1'), dispatcher: await tokenFor(server.url, 'bench_dispatcher', 'bench-pass-1') }
    const board = JSON.parse(readFileSync(new URL('../seeds/vyshhorod/dashboards/mayor.dashboard.json', import.meta.url), 'utf8'))
    const panels: Panel[] = board.panels
    const entityOf = new Map<string, string>()
    for (const p of panels) entityOf.set(p.report, JSON.parse(readFileSync(new URL(`../seeds/vyshhorod/reports/${p.report}.report.json`, import.meta.url), 'utf8')).entity)
    const dispatcherPanels = panels.filter((p) => entityOf.get(p.report) === 'ticket')

    const run = async (who: 'mayor' | 'dispatcher', p: Panel) => {
      const t0 = performance.now()
      const res = await api(server.url, 'POST', '/api/v1/actions/reports.run', { token: tokens[who], body: { report: p.report, params: p.params ?? {} } })
      const took = performance.now() - t0
      if (res.status !== 200) throw new Error(`${p.report} as ${who}: ${res.status} ${res.text}`)
      return { took, cached: res.body.cached as boolean, rows: res.body.rows.length as number }
    }
    type Who = 'mayor' | 'dispatcher'
    const figures = new Map<string, { first?: number; rows?: number; uncached: number[]; cached: number[] }>()
    const slot = (who: Who, p: Panel) => {
      const key = `${who} ${p.report}`
      if (!figures.has(key)) figures.set(key, { uncached: [], cached: [] })
      return figures.get(key)!
    }
    const sets: Array<[Who, Panel[]]> = [
      ['mayor', panels],
      ['dispatcher', dispatcherPanels],
    ]
    for (const [who, list] of sets)
      for (const p of list) {
        const r = await run(who, p)
        Object.assign(slot(who, p), { first: r.took, rows: r.rows })
      }
    for (let round = 0; round < ROUNDS; round++) {
      // one request filed through the records API: every request panel is stale
      await fileRequest(server.url, db)
      for (const [who, list] of sets)
        for (const p of list) {
          const r = await run(who, p)
          if (!r.cached || entityOf.get(p.report) !== 'ticket') slot(who, p).uncached.push(r.took)
        }
    }
    for (const [who, list] of sets)
      for (const p of list)
        for (let i = 0; i < 50; i++) {
          const r = await run(who, p)
          if (r.cached) slot(who, p).cached.push(r.took)
        }

    console.log('\n| viewer | panel | rows | first after restart | uncached p50 | uncached p95 | cached p50 | cached p95 |')
    console.log('|---|---|---:|---:|---:|---:|---:|---:|')
    for (const [key, f] of figures) {
      const [who, report] = key.split(' ')
      console.log(
        `| ${who} | ${report} | ${f.rows} | ${ms(f.first!)} | ${ms(percentile(f.uncached, 50))} | ${ms(percentile(f.uncached, 95))} | ${ms(percentile(f.cached, 50))} | ${ms(percentile(f.cached, 95))} |`
      )
    }
    const all = (pick: (f: { uncached: number[]; cached: number[] }) => number[]) => [...figures.values()].flatMap(pick)
    console.log(
      `\nall panels: first after restart max ${ms(Math.max(...[...figures.values()].map((f) => f.first!)))}, uncached p95 ${ms(
        percentile(
          all((f) => f.uncached),
          95
        )
      )}, cached p95 ${ms(
        percentile(
          all((f) => f.cached),
          95
        )
      )}`
    )
    console.log('targets: p95 ≤ 300 ms cold per panel, ≤ 50 ms warm')
  } finally {
    await db.end()
    await server.stop()
  }
}

/** Files one request through the API as an administrator seeded for the benchmark. */
let adminToken: string | undefined
async function fileRequest(base: string, db: pg.Pool) {
  if (!adminToken) {
    await seedUser(db, { login: 'bench_admin', password: 'bench-pass-1', roles: ['admin'] })
    adminToken = await tokenFor(base, 'bench_admin', 'bench-pass-1')
  }
  // a demo request's type and extra fields, which that type accepts
  const demo = (await db.query(`SELECT request_type, extra FROM ticket WHERE demo AND request_type IS NOT NULL LIMIT 1`)).rows[0]
  const res = await api(base, 'POST', '/api/v1/records/ticket', {
    token: adminToken,
    body: { request_type: demo.request_type, extra: demo.extra ?? {}, description: 'Бенчмарк: нове звернення', channel: 'phone' },
  })
  if (res.status !== 201) throw new Error(`filing a request: ${res.status} ${res.text}`)
}

await main()
