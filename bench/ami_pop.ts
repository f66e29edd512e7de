/**
 * Pop latency through Asterisk's manager interface: the AMI emulator plays the recorded queue
 * call (connectors/asterisk-ami/testing/transcripts/queue_answered.ami) for --rate calls per
 * second over real TCP to the asterisk-ami connector, whose deliveries run the telephony
 * module's `call_event` handler; it measures from the emulator writing the call's AgentCalled
 * to the `call` event on the ringing operator's Socket.IO client.
 *
 * The instance is published as metadata and run by the connector host inside the application
 * (testApp: real HTTP and Socket.IO, a throwaway PostgreSQL database): deliveries go through
 * `sys_connector_inbox` and every exchange to `sys_connector_log`, as on the leader node; the
 * sockets and the emulator share this process. Also prints the log's cost: its rows per
 * delivered call event, bytes per row and the table's growth.
 * Each call: AgentCalled/DialBegin, answered after --answer-ms, hung up --talk-ms later.
 * Prints p50/p90/p99/max and counts; asserts no timing; exit code 1 when pops are lost or
 * misdirected or call rows are wrong.
 *
 *   npm run bench:ami -- [--operators 50] [--rate 50] [--duration 10]
 *   env BENCH_AMI_DATABASE_URL (dropped and created; default postgres://postgres@127.0.0.1:5432/vikno_bench_ami)
 */
import { performance } from 'node:perf_hooks'
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { io as connect, type Socket } from 'socket.io-client'
import { percentile, recreateDatabase, sleep } from './lib.js'

const DB_URL = process.env.BENCH_AMI_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vikno_bench_ami'
const { values: argv } = parseArgs({
  options: {
    operators: { type: 'string', default: '50' },
    rate: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    'answer-ms': { type: 'string', default: '300' },
    'talk-ms': { type: 'string', default: '1000' },
  },
  strict: true,
})
const OPERATORS = Number(argv.operators)
const RATE = Number(argv.rate)
const DURATION_S = Number(argv.duration)
const ANSWER_MS = Number(argv['answer-ms'])
const TALK_MS = Number(argv['talk-ms'])
const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a')
const log = (...a: unknown[]) => console.log(...a)

process.env.NODE_ENV = 'test'
process.env.TZ ??= 'UTC'
await recreateDatabase(DB_URL)
process.env.DATABASE_URL = DB_URL

// after the environment is set: the application reads it when it boots
const { testApp } = await import('#core/testing/app')
const { userClient } = await import('#core/testing/client')
const { engine } = await import('#core/engine/engine')
const { startConnectorHost, stopConnectorHost } = await import('#core/connectors/host')
const { instanceHealth } = await import('#core/connectors/health')
const { flushConnectorLog } = await import('#core/connectors/log')
const { publishConnector } = await import('#core/testing/connector_helpers')
const { AmiEmulator } = await import('../connectors/asterisk-ami/testing/ami_emulator.js')
const { loadTranscript, messagesOf } = await import('../connectors/asterisk-ami/testing/transcript.js')

/** Rows and payload bytes in the connector log, and its on-disk size with indexes. */
async function logStats() {
  const { rows } = await engine.knex.raw(
    `select count(*)::int as rows, coalesce(sum(pg_column_size(t.*)), 0)::bigint as bytes, pg_total_relation_size('sys_connector_log') as size from sys_connector_log t`
  )
  return { rows: Number(rows[0].rows), bytes: Number(rows[0].bytes), size: Number(rows[0].size) }
}

async function inboxCount() {
  return Number((await engine.knex('sys_connector_inbox').where({ instance: 'bench_pbx' }).count({ n: '*' }))[0].n)
}

let broken = false
const problem = (m: string) => ((broken = true), console.error(`!! ${m}`))

async function main() {
  log(
    `== AMI → pop: ${OPERATORS} operators, ${RATE} calls/s for ${DURATION_S} s; ${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`
  )
  const { url } = await testApp()
  const extensionOf = (k: number) => String(6000 + k)
  const operators = []
  for (let k = 0; k < OPERATORS; k++) operators.push(await userClient(url, ['operator'], { extension: extensionOf(k) }))
  const pending = new Map<string, { t0: number; k: number }>()
  const popMs: number[] = []
  const popped = new Set<string>()
  let wrong = 0
  const sockets: Socket[] = []
  for (let k = 0; k < OPERATORS; k++) {
    const s = connect(url, { transports: ['websocket'], extraHeaders: { cookie: operators[k].cookie! }, reconnection: false })
    s.on('call', (e: { callId: string; event: string }) => {
      const p = pending.get(e.callId)
      if (!p || e.event !== 'ringing' || popped.has(e.callId)) return
      if (p.k !== k) return void wrong++
      popped.add(e.callId)
      popMs.push(performance.now() - p.t0)
    })
    sockets.push(s)
  }
  await Promise.all(sockets.map((s) => new Promise((resolve, reject) => (s.once('connect', () => resolve(null)), s.once('connect_error', reject)))))

  const pbx = new AmiEmulator({ username: 'bench', secret: 'bench-secret' })
  await pbx.start()
  process.env.BENCH_PBX_SECRET = 'bench-secret'
  const admin = await userClient(url, ['admin'])
  await startConnectorHost()
  await publishConnector(admin, 'bench_pbx', {
    type: 'asterisk-ami',
    config: { host: '127.0.0.1', port: pbx.port, username: 'bench', secret: { $env: 'BENCH_PBX_SECRET' }, settleMs: 100, recordingTemplate: 'https://pbx.example/rec/{name}' },
  })
  for (let i = 0; i < 100 && instanceHealth('bench_pbx')?.status !== 'up'; i++) await sleep(100)
  if (instanceHealth('bench_pbx')?.status !== 'up') throw new Error(`connector not up: ${instanceHealth('bench_pbx')?.detail}`)
  log(`   ${OPERATORS} sockets connected, connector ${instanceHealth('bench_pbx')?.detail}`)

  const base = 1_700_000_000
  const timers = new Set<Promise<unknown>>()
  const call = (i: number, measured: boolean) => {
    const k = i % OPERATORS
    const id = String(base + i + (measured ? 100_000 : 0))
    const messages = messagesOf(loadTranscript('queue_answered', { id, agent: extensionOf(k), caller: `+38067${String(1_000_000 + i).padStart(7, '0')}` })).filter((x) => x.Event !== 'FullyBooted')
    const ring = messages.findIndex((m) => m.Event === 'AgentCalled')
    const answer = messages.findIndex((m) => m.Event === 'Newstate' && m.ChannelStateDesc === 'Up' && m.Uniqueid !== m.Linkedid)
    const hangup = messages.findIndex((m) => m.Event === 'BridgeLeave')
    messages.slice(0, ring).forEach((m) => pbx.emit(m))
    if (measured) pending.set(`${id}.41`, { t0: performance.now(), k })
    messages.slice(ring, answer).forEach((m) => pbx.emit(m))
    const rest = (async () => {
      await sleep(ANSWER_MS)
      messages.slice(answer, hangup).forEach((m) => pbx.emit(m))
      await sleep(TALK_MS)
      messages.slice(hangup).forEach((m) => pbx.emit(m))
    })()
    timers.add(rest)
    rest.finally(() => timers.delete(rest))
  }
  const run = async (count: number, measured: boolean) => {
    const start = performance.now()
    for (let i = 0; i < count; i++) {
      const wait = start + (i * 1000) / RATE - performance.now()
      if (wait > 0) await sleep(wait)
      call(i, measured)
    }
  }
  await run(Math.min(RATE, 50), false) // warm-up
  await Promise.all([...timers])
  await sleep(1000)
  const total = Math.round(RATE * DURATION_S)
  await flushConnectorLog()
  const logBefore = await logStats()
  const inboxBefore = await inboxCount()
  const started = performance.now()
  await run(total, true)
  const sendS = (performance.now() - started) / 1000
  await Promise.all([...timers])
  const deadline = Date.now() + 10_000
  const ended = async () =>
    Number(
      (
        await engine
          .knex('call')
          .where('call_id', '>=', `${base + 100_000}`)
          .where({ disposition: 'ended' })
          .count({ n: '*' })
      )[0].n
    )
  while ((popped.size < total || (await ended()) < total) && Date.now() < deadline) await sleep(100)

  const rows = await ended()
  const missing = total - popped.size
  if (missing) problem(`${missing} of ${total} pops never arrived`)
  if (wrong) problem(`${wrong} pops reached the wrong operator`)
  if (rows !== total) problem(`${total} calls played but ${rows} ended call rows`)
  await flushConnectorLog()
  const logAfter = await logStats()
  const events = (await inboxCount()) - inboxBefore
  const logRows = logAfter.rows - logBefore.rows
  const logBytes = logAfter.bytes - logBefore.bytes
  log(`\n| measure | n | p50 | p90 | p99 | max |`)
  log(`|---|---:|---:|---:|---:|---:|`)
  log(
    `| AgentCalled written → \`call\` on the operator's socket | ${popMs.length} | ${fmt(percentile(popMs, 50))} ms | ${fmt(percentile(popMs, 90))} ms | **${fmt(percentile(popMs, 99))} ms** | ${fmt(Math.max(...popMs))} ms |`
  )
  log(`\n${total} calls in ${fmt(sendS)} s (${fmt(total / sendS)} calls/s, ${events} call events delivered once each through the inbox); ${rows} ended rows; ${missing} missing, ${wrong} misdirected`)
  log(
    `connector log: ${logRows} rows, ${fmt(logRows / Math.max(1, events))} per delivered event, ${fmt(logBytes / Math.max(1, logRows))} bytes per row (table + index growth ${fmt((logAfter.size - logBefore.size) / 1024)} KiB)`
  )
  for (const s of sockets) s.close()
  await stopConnectorHost()
  await pbx.stop()
}

try {
  await main()
} catch (error) {
  problem((error as Error).stack ?? String(error))
}
process.exit(broken ? 1 : 0)
