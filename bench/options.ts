/** The benchmark's options (`npm run bench -- --help`), constants and small helpers shared by its parts. */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startServer, type Server } from './lib.js'

export const ROOT = fileURLToPath(new URL('../', import.meta.url))
export const FIXTURES = join(ROOT, 'tests/fixtures/work_orders')
export const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vikno_bench'
export const COUNTERPARTIES = 50
export const TARGET_SCOPED_P95_MS = 50
export const TARGET_SCOPED_VS_ADMIN = 1.2
export const TARGET_API_VS_RAW_AT_8 = 0.5

// ---------------------------------------------------------------------------------------------
// options

export function usageError(e: unknown): never {
  console.error(`${e instanceof Error ? e.message : e}\n(npm run bench -- --help)`)
  process.exit(2)
}

export const { values: argv } = (() => {
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
export const intArg = (name: string, v: string | undefined) => {
  const n = Number(String(v).replace(/[_,]/g, ''))
  if (!Number.isFinite(n) || n < 0) usageError(`--${name} must be a number, got ${v}`)
  return Math.round(n)
}
if (argv.only !== undefined && !['insert', 'list', 'tickets'].includes(argv.only)) usageError('--only takes insert, list or tickets')
export const OPTS = {
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

export const log = (...a: unknown[]) => console.log(...a)
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
export const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a')
export const pct = (n: number) => (Number.isFinite(n) ? `${Math.round(n * 100)} %` : 'n/a')
export const state = { broken: false }
/** Phases on the monotonic clock in µs (the clock V8 stamps CPU profile samples with). */
export const marks: Array<{ label: string; from: number; to: number }> = []
export const monoUs = () => Number(process.hrtime.bigint() / 1000n)
export async function marked<T>(label: string, work: () => Promise<T>): Promise<T> {
  const from = monoUs()
  try {
    return await work()
  } finally {
    marks.push({ label, from, to: monoUs() })
  }
}
export function problem(msg: string) {
  state.broken = true
  console.error(`!! ${msg}`)
}

export function startBenchServer(dataDir: string): Promise<Server> {
  return startServer({ dataDir, databaseUrl: DB_URL, env: { VIKNO_EXTRA_MODULES: FIXTURES }, profile: OPTS.profile, onUnexpectedExit: problem })
}
