/**
 * Pop latency of the single window:
 *   node --import=ts-node-maintained/register/esm bench/pop_latency.ts [--operators 100] [--rate 50]
 *     [--duration 10] [--contacts 2000] [--ringing-only]
 *
 * 1. drops and creates BENCH_POP_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/vikno_bench_pop,
 *    the name must contain "bench"), starts bin/server.ts on it as a child process (like
 *    bench/run.ts), seeds an administrator, an `integration` user and --operators operators,
 *    each with its own extension (bench/seed_user.ts), imports --contacts residents through the
 *    API (half the simulated callers are known residents), logs everyone in;
 * 2. connects one Socket.IO client per operator (session cookie);
 * 3. posts --rate calls per second for --duration seconds to POST /api/v1/telephony/events with
 *    the integration's API token, round-robin over the operators (each call: ringing, then
 *    answered after 0.3 s and ended after 1 s more, unless --ringing-only), and measures from
 *    just before each ringing POST is sent to the `call` event arriving on that operator's
 *    socket; a pop on any other socket is counted as wrong;
 * 4. prints p50/p90/p99/max of the pop and of the ringing POST's response, with counts.
 * It prints figures and asserts no timing; exit code 1 when something is broken (lost or
 * misdirected pops, failed requests, wrong rows).
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { io as connect, type Socket } from 'socket.io-client'
import { seedUser } from './seed_user.js'
import { api, login, percentile, recreateDatabase, startServer, tokenFor } from './lib.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const DB_URL = process.env.BENCH_POP_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vikno_bench_pop'
const TARGET_P99_MS = 150

const { values: argv } = parseArgs({
  options: {
    operators: { type: 'string', default: '100' },
    rate: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    contacts: { type: 'string', default: '2000' },
    'ringing-only': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'via-actions': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
})
if (argv.help) {
  console.log(
    'node --import=ts-node-maintained/register/esm bench/pop_latency.ts [--operators 100] [--rate 50] [--duration 10] [--contacts 2000] [--ringing-only] [--profile] [--via-actions]\nenv BENCH_POP_DATABASE_URL (dropped and created; default ' +
      DB_URL +
      ')'
  )
  process.exit(0)
}
const OPERATORS = Number(argv.operators)
const RATE = Number(argv.rate)
const DURATION_S = Number(argv.duration)
const CONTACTS = Number(argv.contacts)
const LIFECYCLE = !argv['ringing-only']
const PROFILE = argv.profile
/** The intake's own route, or the generic module-action route of the same handler (--via-actions). */
const INTAKE = argv['via-actions'] ? '/api/v1/actions/telephony.events' : '/api/v1/telephony/events'

const log = (...a: unknown[]) => console.log(...a)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a')
let broken = false
const problem = (msg: string) => {
  broken = true
  console.error(`!! ${msg}`)
}

function startBenchServer(dataDir: string) {
  return startServer({ dataDir, databaseUrl: DB_URL, env: { VIKNO_EXTRA_MODULES: undefined }, profile: PROFILE, onUnexpectedExit: problem })
}

/** Runs `work` over `items` with at most `n` at a time. */
async function pool<T, R>(items: T[], n: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await work(items[i], i)
      }
    })
  )
  return out
}

/** utime + stime of a process, from /proc (Linux). */
function cpuSeconds(pid: number) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return NaN
  }
}

const phoneOf = (i: number) => `+38067${String(1_000_000 + i).padStart(7, '0')}`
const extensionOf = (k: number) => String(5000 + k)

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

/** --profile: where the server's CPU went (self time by package and function, inclusive time of the project's functions). */
const monoUs = () => Number(process.hrtime.bigint() / 1000n)
/** The measured window on the monotonic clock V8 stamps profile samples with. */
const window = { from: -Infinity, to: Infinity }

async function printProfile(dir: string) {
  const { readdir } = await import('node:fs/promises')
  const file = (await readdir(dir).catch(() => [] as string[])).find((f) => f.endsWith('.cpuprofile'))
  if (!file) return log(`(no CPU profile in ${dir})`)
  const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const where = (n: ProfileNode) => {
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(ROOT, '')
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
    const fn = n.callFrame.functionName || '(anonymous)'
    return {
      group: pkg ?? (!url ? fn : url.startsWith('node:') ? 'node internals' : url.split('/').slice(0, 2).join('/')),
      fn: `${fn}${url ? ` ${url}:${n.callFrame.lineNumber + 1}` : ''}`,
      own: !!url && !pkg && !url.startsWith('node:'),
    }
  }
  const self = new Map<string, number>()
  const groups = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let busy = 0
  let total = 0
  let t = prof.startTime
  prof.samples.forEach((id, i) => {
    t += prof.timeDeltas[i]
    const dt = prof.timeDeltas[i + 1] ?? 0
    if (t < window.from || t > window.to) return
    total += dt
    const n = nodes.get(id)!
    if (n.callFrame.functionName === '(idle)') return
    busy += dt
    const w = where(n)
    self.set(w.fn, (self.get(w.fn) ?? 0) + dt)
    groups.set(w.group, (groups.get(w.group) ?? 0) + dt)
    const seen = new Set<string>()
    for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) {
      const f = where(nodes.get(p)!)
      if (f.own && !seen.has(f.fn)) (seen.add(f.fn), inclusive.set(f.fn, (inclusive.get(f.fn) ?? 0) + dt))
    }
  })
  const pct = (us: number) => `${Math.round((us / busy) * 100)} %`
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k)
  log(`\n== Server CPU during the measured calls: ${fmt(total / 1e6)} s sampled, busy ${Math.round((busy / total) * 100)} %`)
  log(
    `  by package/folder: ${top(groups, 12)
      .map(([g, us]) => `${g} ${pct(us)}`)
      .join(', ')}`
  )
  log('  top functions (self):')
  for (const [f, us] of top(self, 15)) log(`    ${pct(us).padStart(5)}  ${f}`)
  log('  project functions (inclusive):')
  for (const [f, us] of top(inclusive, 25)) log(`    ${pct(us).padStart(5)}  ${f}`)
}

async function main() {
  log(`== Pop latency: ${OPERATORS} operators, ${RATE} calls/s for ${DURATION_S} s${LIFECYCLE ? ' (ringing → answered → ended)' : ' (ringing only)'}`)
  log(
    `   intake ${INTAKE}; ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; database ${DB_URL}`
  )
  await recreateDatabase(DB_URL)
  const dataDir = await mkdtemp(join(tmpdir(), 'vikno-bench-pop-'))
  const server = await startBenchServer(dataDir)
  const db = new pg.Pool({ connectionString: DB_URL, max: 4 })
  const sockets: Socket[] = []
  process.once('SIGINT', () => void server.stop().finally(() => process.exit(130)))
  try {
    const base = server.url
    const password = 'bench-' + Math.random().toString(36).slice(2)
    await seedUser(db, { login: 'bench_admin', password, roles: ['admin'] })
    await seedUser(db, { login: 'bench_pbx', password, roles: ['integration'] })
    const operatorIds = await pool(
      Array.from({ length: OPERATORS }, (_, k) => k),
      8,
      (k) => seedUser(db, { login: `bench_op_${k}`, password, name: `Оператор ${k}`, roles: ['operator'], attributes: { extension: extensionOf(k) } })
    )
    const adminToken = await tokenFor(base, 'bench_admin', password)
    const pbxToken = await tokenFor(base, 'bench_pbx', password)

    // residents: every even caller is known
    for (let from = 0; from < CONTACTS; from += 500) {
      const rows = Array.from({ length: Math.min(500, CONTACTS - from) }, (_, j) => ({ full_name: `Мешканець ${from + j}`, phone: phoneOf(2 * (from + j)) }))
      const res = await api(base, 'POST', '/api/v1/records/contact/import', { token: adminToken, body: { rows } })
      if (res.status !== 201) throw new Error(`contact import: ${res.status} ${res.text.slice(0, 500)}`)
    }
    log(`   seeded ${OPERATORS} operators (extensions ${extensionOf(0)}–${extensionOf(OPERATORS - 1)}), ${CONTACTS} residents`)

    // one socket per operator; a pop is matched to the operator the call was sent to
    const pending = new Map<string, { t0: number; k: number }>()
    const popMs: number[] = []
    let wrong = 0
    let duplicate = 0
    const popped = new Set<string>()
    const sessions = await pool(
      Array.from({ length: OPERATORS }, (_, k) => k),
      8,
      (k) => login(base, `bench_op_${k}`, password)
    )
    for (let k = 0; k < OPERATORS; k++) {
      const socket = connect(base, { transports: ['websocket'], extraHeaders: { cookie: sessions[k].cookie }, reconnection: false })
      socket.on('call', (e: { callId: string; event: string }) => {
        if (e.event !== 'ringing') return
        const now = performance.now()
        const p = pending.get(e.callId)
        if (!p) return
        if (p.k !== k) return void wrong++
        if (popped.has(e.callId)) return void duplicate++
        popped.add(e.callId)
        popMs.push(now - p.t0)
      })
      sockets.push(socket)
    }
    await Promise.all(sockets.map((s) => (s.connected ? null : new Promise((resolve, reject) => (s.once('connect', () => resolve(null)), s.once('connect_error', reject))))))
    log(`   ${sockets.length} sockets connected`)

    const postMs: number[] = []
    const failures: string[] = []
    const inflight = new Set<Promise<unknown>>()
    const track = (p: Promise<unknown>) => {
      inflight.add(p)
      p.finally(() => inflight.delete(p))
    }
    const send = async (body: Record<string, unknown>) => {
      const res = await api(base, 'POST', INTAKE, { token: pbxToken, body })
      if (res.status !== 200) failures.push(`${body.event} ${res.status} ${res.text.slice(0, 200)}`)
      return res
    }
    const call = (i: number, measured: boolean) => {
      const k = i % OPERATORS
      const callId = `${measured ? 'b' : 'w'}-${i}`
      const body = { event: 'ringing', callId, caller: phoneOf(i % (2 * CONTACTS)), dialed: '1551', extension: extensionOf(k), queue: 'main' }
      const t0 = performance.now()
      if (measured) pending.set(callId, { t0, k })
      track(
        send(body).then(async (res) => {
          if (measured && res.status === 200) postMs.push(performance.now() - t0)
          if (!LIFECYCLE) return
          await sleep(300)
          await send({ ...body, event: 'answered' })
          await sleep(1000)
          await send({ ...body, event: 'ended' })
        })
      )
    }
    /** Open loop: calls start on schedule whatever the server's pace. */
    const run = async (count: number, measured: boolean) => {
      const interval = 1000 / RATE
      const start = performance.now()
      for (let i = 0; i < count; i++) {
        const wait = start + i * interval - performance.now()
        if (wait > 0) await sleep(wait)
        call(i, measured)
      }
    }
    await run(Math.min(RATE, 50), false) // warm-up, not measured
    await Promise.all([...inflight])
    const total = Math.round(RATE * DURATION_S)
    const cpu0 = cpuSeconds(server.proc.pid!)
    const own0 = process.cpuUsage()
    const started = performance.now()
    window.from = monoUs()
    await run(total, true)
    const sendSeconds = (performance.now() - started) / 1000
    await Promise.all([...inflight])
    window.to = monoUs()
    const wall = (performance.now() - started) / 1000
    const serverCpu = cpuSeconds(server.proc.pid!) - cpu0
    const own = process.cpuUsage(own0)
    const deadline = Date.now() + 3000
    while (popped.size < total && Date.now() < deadline) await sleep(20)

    const missing = total - popped.size
    if (failures.length) problem(`${failures.length} intake requests failed, e.g. ${failures[0]}`)
    if (missing) problem(`${missing} of ${total} pops never arrived`)
    if (wrong) problem(`${wrong} pops reached the wrong operator`)
    const calls = Number((await db.query(`SELECT count(*) AS n FROM call WHERE call_id LIKE 'b-%'`)).rows[0].n)
    if (calls !== total) problem(`${total} calls posted but ${calls} call rows`)
    const linked = Number((await db.query(`SELECT count(*) AS n FROM call WHERE call_id LIKE 'b-%' AND contact IS NOT NULL`)).rows[0].n)
    const busy = Number((await db.query(`SELECT count(*) AS n FROM operator_presence WHERE "user" = ANY($1::uuid[])`, [operatorIds])).rows[0].n)

    log(`\n| measure | n | p50 | p90 | p99 | max |`)
    log(`|---|---:|---:|---:|---:|---:|`)
    log(
      `| intake POST sent → \`call\` on the operator's socket | ${popMs.length} | ${fmt(percentile(popMs, 50))} ms | ${fmt(percentile(popMs, 90))} ms | **${fmt(percentile(popMs, 99))} ms** | ${fmt(Math.max(...popMs))} ms |`
    )
    log(`| ringing POST response | ${postMs.length} | ${fmt(percentile(postMs, 50))} ms | ${fmt(percentile(postMs, 90))} ms | ${fmt(percentile(postMs, 99))} ms | ${fmt(Math.max(...postMs))} ms |`)
    log(
      `\n${total} calls in ${fmt(sendSeconds)} s (${fmt(total / sendSeconds)} calls/s, ${LIFECYCLE ? 3 : 1} events each); ${linked} linked to a resident; ${busy} operators with a presence row; ` +
        `${missing} missing, ${wrong} misdirected, ${duplicate} duplicate pops; ${failures.length} failed requests`
    )
    log(
      `server CPU ${fmt(serverCpu)} s in ${fmt(wall)} s (${fmt((serverCpu / wall) * 100, 0)} % of one core, ${fmt((serverCpu * 1000) / total, 2)} ms per call); ` +
        `load generator ${fmt((own.user + own.system) / 1e6)} s; load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`
    )
    const p99 = percentile(popMs, 99)
    log(`target p99 ≤ ${TARGET_P99_MS} ms: ${p99 <= TARGET_P99_MS ? 'met' : 'MISSED'} (${fmt(p99)} ms)`)
  } finally {
    for (const s of sockets) s.close()
    await db.end().catch(() => {})
    await server.stop()
    if (PROFILE) await printProfile(join(dataDir, 'profile'))
    await rm(dataDir, { recursive: true, force: true }).catch(() => {})
  }
  process.exit(broken ? 1 : 0)
}

await main()
