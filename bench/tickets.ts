/** Benchmark `tickets`: service-desk requests through the API against raw INSERTs, then the SLA clock (bench/run.ts). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { api, percentile } from './lib.js'
import type { CalendarDoc, Priority, SlaDoc } from '../modules/servicedesk/sla/types.js'
import type { SlaClockInput, StateChange } from '../modules/servicedesk/sla/sla_clock.js'
import { DB_URL, OPTS, ROOT, fmt, int, log, marked, pct, problem } from './options.js'
import { apiCreate, settledCount, type InsertFigures } from './insert.js'
import { profileReport, startInProcessProfile } from './profile.js'

// ---------------------------------------------------------------------------------------------
// tickets benchmark: service-desk requests through the API vs raw INSERTs, then the SLA clock

export const TICKET_APARTMENTS = 6
export const TICKET_FLOOR = 3

export interface TicketSetup {
  water: string
  fallback: string
  street: string
  apartments: string[]
  /** Due dates and state history of the first API ticket, reused by the raw rows. */
  responseDue: string
  resolutionDue: string
}

export function ticketBody(i: number, apartments: string[]) {
  return {
    request_type: 'spec_no_water',
    object: apartments[i % apartments.length],
    description: `API ${i}: немає холодної води з ранку у всьому підʼїзді`,
    extra: { floor: TICKET_FLOOR },
  }
}

/** The water company, the fallback one, a street → 2 buildings → apartments, the street's water responsibility. */
export async function ticketSetup(base: string, token: string): Promise<Omit<TicketSetup, 'responseDue' | 'resolutionDue'>> {
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

export const RAW_TICKET_INSERT = `INSERT INTO ticket (number, channel, request_type, category, priority, object, description, extra, contractor, status,
    response_due, resolution_due, paused_minutes, sla_warning, response_breached, resolution_breached, escalation_level, state_history, created_by, updated_by)
  VALUES ($1 || lpad(nextval('ticket_number_seq')::text, 6, '0'), 'phone', 'spec_no_water', 'water', 'normal', $2, $3, $4::jsonb, $5, 'new',
    $6, $7, 0, false, false, false, -1, $8::jsonb, $9, $9) RETURNING id`

/** Raw baseline: one parameterised INSERT per ticket on a pooled connection, same columns the API writes. */
export async function rawTicketInsert(pool: pg.Pool, adminId: string, setup: TicketSetup, clients: number, seconds: number, seq: { i: number }) {
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

export const TARGET_TICKET_API_VS_RAW = 0.25

/** CPU time (ms) and context switches of a process and of its main thread, from /proc (Linux; zeros elsewhere). */
export function procCpu(pid: number | undefined) {
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

export interface ServerCpu {
  clients: number
  /** Per created ticket: the server process's CPU ms, its main thread's user and sys ms, the main thread's context switches. */
  procMs: number
  mainUserMs: number
  mainSysMs: number
  voluntary: number
  involuntary: number
}

export function cpuPerRow(clients: number, a: ReturnType<typeof procCpu>, b: ReturnType<typeof procCpu>, rows: number): ServerCpu {
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
export async function replayTicket(client: pg.PoolClient, i: number, setup: TicketSetup, adminId: string) {
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
    const row = (
      await client.query(RAW_TICKET_INSERT.replace("$1 || lpad(nextval('ticket_number_seq')::text, 6, '0')", "$1 || lpad($10::text, 6, '0')").replace('RETURNING id', 'RETURNING *'), [
        `REP-${new Date().getFullYear()}-`,
        line[0],
        `REPLAY ${i}: немає холодної води з ранку у всьому підʼїзді`,
        JSON.stringify({ floor: TICKET_FLOOR }),
        setup.water,
        setup.responseDue,
        setup.resolutionDue,
        JSON.stringify([{ state: 'new', at: new Date().toISOString() }]),
        adminId,
        n,
      ])
    ).rows[0]
    await client.query('insert into "sys_jobs" ("dedupe_key", "payload", "queue", "run_at") values ($1, $2, $3, $4) on conflict ("dedupe_key") do nothing returning "id"', [
      `sla:${row.id}:${setup.responseDue}`,
      JSON.stringify({ ticket: row.id }),
      'servicedesk.sla',
      setup.responseDue,
    ])
    await client.query('insert into "sys_audit" ("action", "actor_id", "changes", "entity", "record_id", "request_id") values ($1, $2, $3, $4, $5, $6)', [
      'create',
      adminId,
      JSON.stringify(row),
      'ticket',
      row.id,
      null,
    ])
    await client.query('COMMIT')
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {})
    throw e
  }
}

export async function timedLoop(pool: pg.Pool, clients: number, seconds: number, one: (client: pg.PoolClient) => Promise<void>) {
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

export interface TicketDiagnosis {
  rttP50: number
  rttP99: number
  replay: Array<{ clients: number; rps: number; p50: number; p99: number }>
}

/** When the API/raw target is missed: the round-trip floor and the API's own statements replayed raw. */
export async function diagnoseTickets(pool: pg.Pool, setup: TicketSetup, adminId: string, figures: InsertFigures[], seq: { i: number }): Promise<TicketDiagnosis> {
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

export async function ticketBenchmark(base: string, db: pg.Pool, token: string, adminId: string, serverPid?: number) {
  log(`\n== Tickets: POST /api/v1/records/ticket (autocannon) vs raw parameterised INSERT INTO ticket (pg.Pool), ${OPTS.duration} s each`)
  const t0 = performance.now()
  const objects = await ticketSetup(base, token)
  log(
    `  set up through the API in ${fmt((performance.now() - t0) / 1000, 2)} s: counterparties bench_water and spec_fallback, street → 2 buildings → ${objects.apartments.length} apartments, water responsibility on the street`
  )
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

  // idle connections stay open: a new backend's first ticket insert loads the Ukrainian ispell
  // dictionary of the search columns (seconds on a busy machine), which pg.Pool's default 10 s
  // idle timeout made the raw series at 8 clients pay again (raw p99 of 5-6 s, raw rows/s halved)
  const rawPool = new pg.Pool({ connectionString: DB_URL, max: 8, application_name: 'vikno-bench-raw', idleTimeoutMillis: 0 })
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

export const SLA_DIR = join(ROOT, 'modules/servicedesk')
export const readJson = (rel: string) => JSON.parse(readFileSync(join(SLA_DIR, rel), 'utf8'))

/** The server's due dates of one ticket against computeSla in this process (created_at is the DB clock, the hook's is Node's). */
export async function checkTicketSla(t: any) {
  const { businessCalendar } = await import('../modules/servicedesk/sla/calendar.js')
  const { computeSla } = await import('../modules/servicedesk/sla/sla_clock.js')
  const createdAt = new Date(t.created_at)
  const s = computeSla({
    sla: readJson('slas/standard.sla.json'),
    calendar: businessCalendar(readJson('calendars/kyiv_office.calendar.json')),
    priority: 'normal',
    createdAt,
    history: [{ state: 'new', at: createdAt }],
    now: createdAt,
  })
  const off = Math.max(Math.abs(s.responseDue.getTime() - Date.parse(t.response_due)), Math.abs(s.resolutionDue.getTime() - Date.parse(t.resolution_due)))
  if (off > 60_000)
    problem(`the server's SLA due dates differ from computeSla by ${fmt(off / 1000)} s (${t.response_due}/${t.resolution_due} vs ${s.responseDue.toISOString()}/${s.resolutionDue.toISOString()})`)
}

/** mulberry32: a small seeded generator, so every run times the same inputs. */
export function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

export interface SlaRow {
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
export async function slaBenchmark(): Promise<SlaRow[]> {
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
    const history: StateChange[] = [
      { state: 'new', at: createdAt },
      { state: 'assigned', at: new Date(created + 0.5 * H) },
    ]
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
