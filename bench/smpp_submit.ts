/**
 * SMPP submit throughput over one transceiver bind: the smpp connector sends single-part SMS
 * (`perform('send_message')`, --concurrency at a time) to the local SMSC emulator
 * (connectors/smpp/testing/smsc.ts, real SMPP over TCP) for --duration seconds, paced by the
 * gateway's --rate and --window. Prints messages/s and the p50/p99/max submit_sm → submit_sm_resp
 * latency (from the connector's log lines); no database, asserts no timing.
 *
 *   npm run bench:smpp -- [--duration 10] [--rate 1000] [--window 10] [--concurrency 50] [--cyrillic]
 */
import { parseArgs } from 'node:util'
import { recordingContext } from '#core/testing/connector_context'
import { SmppConnector } from '../connectors/smpp/connector.js'
import { SmscEmulator } from '../connectors/smpp/testing/smsc.js'
import { percentile, sleep } from './lib.js'

const { values: argv } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rate: { type: 'string', default: '1000' },
    window: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '50' },
    cyrillic: { type: 'boolean', default: false },
  },
  strict: true,
})
const DURATION_MS = Number(argv.duration) * 1000
const text = argv.cyrillic ? 'Вашу заявку прийнято, дякуємо!' : 'Your request is registered. Thank you!'

const smsc = new SmscEmulator({ systemId: 'bench', password: 'bench-pw' })
await smsc.start()
const ctx = recordingContext(
  {
    gateways: [{ key: 'gsm1', host: '127.0.0.1', port: smsc.port, systemId: 'bench', password: 'bench-pw', sourceAddr: 'Vikno', ratePerSecond: Number(argv.rate), windowSize: Number(argv.window) }],
    deliveryReceipts: false,
  },
  { key: 'bench_sms' }
)
const connector = new SmppConnector()
await connector.start(ctx)
while (connector.health().status !== 'up') await sleep(20)

let sent = 0
let failed = 0
const t0 = Date.now()
async function worker(id: number) {
  for (let i = 0; Date.now() - t0 < DURATION_MS; i++) {
    try {
      await connector.perform('send_message', { to: '+380501234567', text, idempotencyKey: `bench-${id}-${i}` })
      sent++
    } catch {
      failed++
    }
  }
}
await Promise.all(Array.from({ length: Number(argv.concurrency) }, (_, i) => worker(i)))
const elapsed = (Date.now() - t0) / 1000
await connector.stop()
await smsc.stop()

const latencies = ctx.logs.filter((l) => l.operation === 'submit_sm:gsm1' && l.status === 'ok').map((l) => l.latencyMs ?? 0)
console.log(`smpp submit over one bind: rate limit ${argv.rate}/s, window ${argv.window}, ${argv.concurrency} senders, ${argv.cyrillic ? 'UCS-2' : 'GSM 7-bit'} single-part SMS`)
console.log(`  sent ${sent} (${failed} failed) in ${elapsed.toFixed(1)} s: ${(sent / elapsed).toFixed(0)} messages/s; SMSC recorded ${smsc.submits.length}`)
console.log(`  submit_sm_resp latency ms: p50 ${percentile(latencies, 50)}  p99 ${percentile(latencies, 99)}  max ${Math.max(...latencies)}`)
process.exit(failed || smsc.submits.length !== sent ? 1 : 0)
