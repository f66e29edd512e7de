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
 *
 * This file is the dispatcher; each benchmark is its own file over bench/lib.ts: options.ts
 * (options, constants, helpers), insert.ts, list.ts, tickets.ts (with the SLA clock), profile.ts
 * (--profile), summary.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { seedUser } from './seed_user.js'
import { api, recreateDatabase, tokenFor, type Server } from './lib.js'
import { COUNTERPARTIES, DB_URL, OPTS, fmt, int, log, startBenchServer, state } from './options.js'
import { insertBenchmark } from './insert.js'
import { listBenchmark } from './list.js'
import { slaBenchmark, ticketBenchmark, type SlaRow } from './tickets.js'
import { printProfile } from './profile.js'
import { summary } from './summary.js'

// ---------------------------------------------------------------------------------------------
// main

async function main() {
  const when = new Date().toISOString().slice(0, 10)
  const started = performance.now()
  const load = loadavg()[0].toFixed(2)
  log(
    `Vikno benchmark: ${[OPTS.insert && 'insert', OPTS.list && `list over ${int(OPTS.rows)} rows`, OPTS.tickets && 'tickets + SLA clock'].filter(Boolean).join(' + ')} (load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${cpus().length} cores)`
  )
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
      log(
        `\nserver stopped (load average now ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')})`
      )
      sla = await slaBenchmark()
    }
    info.loadAfter = loadavg()[0].toFixed(2)

    log(`\n== Summary (Markdown), total run ${fmt((performance.now() - started) / 1000, 0)} s\n`)
    log(summary(info, insert, list, tickets, sla))
    ok = true
  } catch (e) {
    state.broken = true
    console.error(e instanceof Error ? (e.stack ?? e.message) : e)
    if (server) console.error(`server log: ${server.logFile}`)
  } finally {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
    await server?.stop()
    await db.end()
    if (OPTS.profile && server) await printProfile(join(dataDir, 'profile'))
    if (ok && !state.broken && !OPTS.profile) await rm(dataDir, { recursive: true, force: true })
  }
  if (state.broken) process.exitCode = 1
}

await main()
