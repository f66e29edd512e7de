/**
 * Inbound messaging latency: the Telegram Bot API emulator POSTs text updates (distinct chats)
 * to the city_telegram webhook at --rate updates/s for --duration seconds, through the real
 * route with the real secret header; each runs the whole inbound path (the connector, the
 * inbox, the messaging core's intake and identity, the city bot's answer queued). Measures
 * from the POST to the `message` row's creation (its created_at) and prints p50/p90/p99/max,
 * the HTTP answer times and the throughput. The application runs in this process (testApp:
 * real HTTP, a throwaway PostgreSQL database), as bench/ami_pop.ts does; no timing asserted,
 * exit code 1 when an update is refused or its message is missing or recorded twice.
 * A warm-up burst first (--warmup seconds at the same rate, not measured) grows the server's
 * connection pool: each new PostgreSQL connection loads the Ukrainian hunspell dictionary on its
 * first text search (≈ 3 s), which a cold run would measure instead of the path (--warmup 0 shows it).
 *
 *   npm run bench:messaging -- [--rate 100] [--duration 10] [--warmup 3]
 *   env BENCH_MSG_DATABASE_URL (dropped and created; default postgres://postgres@127.0.0.1:5432/vikno_bench_messaging)
 */
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { percentile, recreateDatabase, sleep } from './lib.js'

const DB_URL = process.env.BENCH_MSG_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vikno_bench_messaging'
const { values: argv } = parseArgs({ options: { rate: { type: 'string', default: '100' }, duration: { type: 'string', default: '10' }, warmup: { type: 'string', default: '3' } }, strict: true })
const RATE = Number(argv.rate)
const DURATION_S = Number(argv.duration)
const WARMUP_S = Number(argv.warmup)
const INSTANCE = 'city_telegram'
const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a')

process.env.NODE_ENV = 'test'
process.env.TZ ??= 'UTC'
process.env.BENCH_TG_TOKEN = '7000000001:AAbenchTokenForTheInboundPath_x'
process.env.BENCH_TG_HOOK = 'bench-hook-secret_7'
await recreateDatabase(DB_URL)
process.env.DATABASE_URL = DB_URL

// after the environment is set: the application reads it when it boots
const { testApp } = await import('#core/testing/app')
const { userClient } = await import('#core/testing/client')
const { engine } = await import('#core/engine/engine')
const { startConnectorHost, stopConnectorHost } = await import('#core/connectors/host')
const { publishConnector, waitFor } = await import('#core/testing/connector_helpers')
const { BotApiServer } = await import('../connectors/telegram/testing/bot_api_server.js')
const { textUpdate } = await import('../connectors/telegram/testing/updates.js')

const { url } = await testApp()
const admin = await userClient(url, ['admin'])
const tg = new BotApiServer(process.env.BENCH_TG_TOKEN)
await tg.start()
await startConnectorHost()
await publishConnector(admin, INSTANCE, {
  type: 'telegram',
  config: { token: { $env: 'BENCH_TG_TOKEN' }, mode: 'webhook', publicUrl: url, webhookSecret: { $env: 'BENCH_TG_HOOK' }, apiRoot: tg.apiRoot },
})
await waitFor(() => !!tg.webhook, 15_000)

// the warm-up: the same path, other chats, not measured; then every job and inbox row settles
if (WARMUP_S > 0) {
  const warm: Promise<unknown>[] = []
  const w0 = Date.now()
  for (let i = 0; i < RATE * WARMUP_S; i++) {
    const due = w0 + (i * 1000) / RATE
    if (due > Date.now()) await sleep(due - Date.now())
    warm.push(tg.postToWebhook(textUpdate(200_000_000 + i, 'привіт')).catch(() => undefined))
  }
  await Promise.all(warm)
  await waitFor(async () => !(await engine.knex('sys_connector_inbox').where({ instance: INSTANCE, status: 'pending' }).first()), 60_000)
}

const posted = new Map<string, number>() // external id → when posted (epoch ms)
const answers: number[] = []
let refused = 0
const total = RATE * DURATION_S
const t0 = Date.now()
const inFlight: Promise<void>[] = []
for (let i = 0; i < total; i++) {
  const due = t0 + (i * 1000) / RATE
  if (due > Date.now()) await sleep(due - Date.now())
  const chat = 300_000_000 + i
  const update = textUpdate(chat, 'привіт')
  const sentAt = Date.now()
  posted.set(`${chat}:${update.message!.message_id}`, sentAt)
  inFlight.push(
    tg.postToWebhook(update).then(
      (r) => {
        answers.push(Date.now() - sentAt)
        if (r.status !== 200) refused++
      },
      () => void refused++
    )
  )
}
await Promise.all(inFlight)
const sendS = (Date.now() - t0) / 1000
// the measured updates only (not the warm-up's)
const rows = async () => (await engine.knex('message').where({ connector: INSTANCE, direction: 'inbound' }).select('external_id', 'created_at')).filter((r) => posted.has(r.external_id))
await waitFor(async () => (await rows()).length >= total, 60_000).catch(() => undefined)
const recorded = await rows()
const lastAt = Math.max(...recorded.map((r) => +new Date(r.created_at)))
const latency = recorded.filter((r) => posted.has(r.external_id)).map((r) => +new Date(r.created_at) - posted.get(r.external_id)!)
const duplicates = recorded.length - new Set(recorded.map((r) => r.external_id)).size
const missing = total - new Set(recorded.map((r) => r.external_id)).size
const answered = Number(
  (await engine
    .knex('message')
    .where({ connector: INSTANCE, direction: 'outbound' })
    .whereIn(
      'address',
      [...posted.keys()].map((k) => k.split(':')[0])
    )
    .count({ n: '*' })
    .first())!.n
)

console.log(`Telegram webhook → message row: ${total} text updates from distinct chats at ${RATE}/s for ${DURATION_S} s after a ${WARMUP_S} s warm-up (in-process app, one PostgreSQL)`)
console.log(`| measure | n | p50 | p90 | p99 | max |`)
console.log(`|---|---:|---:|---:|---:|---:|`)
console.log(
  `| POST → \`message\` row created | ${latency.length} | ${fmt(percentile(latency, 50))} ms | ${fmt(percentile(latency, 90))} ms | **${fmt(percentile(latency, 99))} ms** | ${fmt(Math.max(...latency))} ms |`
)
console.log(
  `| POST → webhook answered | ${answers.length} | ${fmt(percentile(answers, 50))} ms | ${fmt(percentile(answers, 90))} ms | ${fmt(percentile(answers, 99))} ms | ${fmt(Math.max(...answers))} ms |`
)
console.log(
  `posted in ${fmt(sendS)} s (${fmt(total / sendS)} updates/s offered); recorded ${recorded.length} in ${fmt((lastAt - t0) / 1000)} s (${fmt(recorded.length / ((lastAt - t0) / 1000))} messages/s); bot answers queued ${answered}`
)
console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (the generator shares this process)`
)
console.log(`refused ${refused}, missing ${missing}, recorded twice ${duplicates}`)
await stopConnectorHost()
await tg.stop()
process.exit(refused || missing || duplicates ? 1 : 0)
