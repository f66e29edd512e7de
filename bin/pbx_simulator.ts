/**
 * A PBX for demos: posts one call's events to the telephony intake, with realistic pauses.
 *
 *   node --import=ts-node-maintained/register/esm bin/pbx_simulator.ts \
 *     --url http://localhost:3333 --token vkn_... --caller +380671112233 --extension 101 [--missed]
 *
 * ringing → (answered → ended | missed). The token is an API token of a user with the
 * `integration` role (POST /api/v1/auth/tokens while logged in as that user).
 * Options: --dialed 1551, --queue main, --call-id <id>, --ring <s> (default 4), --talk <s>
 * (default 20), --pace <factor> (pauses × factor; 0 for none), --recording <url>.
 */
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'

const usage = `usage: bin/pbx_simulator.ts --url <server> --token <vkn_...> --caller <number> --extension <ext> [--missed]
  [--dialed 1551] [--queue main] [--call-id <id>] [--ring 4] [--talk 20] [--pace 1] [--recording <url>]`

function options() {
  try {
    const { values } = parseArgs({
      options: {
        url: { type: 'string', default: 'http://localhost:3333' },
        token: { type: 'string' },
        caller: { type: 'string' },
        extension: { type: 'string' },
        dialed: { type: 'string', default: '1551' },
        queue: { type: 'string', default: 'main' },
        'call-id': { type: 'string' },
        missed: { type: 'boolean', default: false },
        ring: { type: 'string', default: '4' },
        talk: { type: 'string', default: '20' },
        pace: { type: 'string', default: '1' },
        recording: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    })
    if (values.help) {
      console.log(usage)
      process.exit(0)
    }
    if (!values.token || !values.caller || !values.extension) throw new Error('--token, --caller and --extension are required')
    const num = (name: string, v: string) => {
      const n = Number(v)
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number of seconds`)
      return n
    }
    return {
      url: values.url!.replace(/\/$/, ''),
      token: values.token,
      caller: values.caller,
      extension: values.extension,
      dialed: values.dialed!,
      queue: values.queue!,
      callId: values['call-id'] ?? `sim-${randomUUID()}`,
      missed: values.missed!,
      ringMs: num('ring', values.ring!) * 1000,
      talkMs: num('talk', values.talk!) * 1000,
      pace: num('pace', values.pace!),
      recording: values.recording,
    }
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : e}\n${usage}`)
    process.exit(2)
  }
}

const o = options()
/** A pause around `ms` (±25 %), scaled by --pace. */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms * o.pace * (0.75 + Math.random() * 0.5)))

async function send(event: 'ringing' | 'answered' | 'ended' | 'missed', extra: Record<string, unknown> = {}) {
  const body = { event, callId: o.callId, caller: o.caller, dialed: o.dialed, extension: o.extension, queue: o.queue, at: new Date().toISOString(), direction: 'inbound', ...extra }
  const started = performance.now()
  const res = await fetch(`${o.url}/api/v1/telephony/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  const ms = (performance.now() - started).toFixed(0)
  if (!res.ok) {
    console.error(`${event}: HTTP ${res.status} (${ms} ms) ${text}`)
    process.exit(1)
  }
  const data = JSON.parse(text).data
  console.log(
    `${new Date().toISOString()} ${event.padEnd(8)} call ${data.id} ${data.changed ? 'applied' : 'unchanged'}, ${data.disposition}, operator ${data.operator ?? '—'}, resident ${data.contact ?? (data.matches > 1 ? `${data.matches} matches` : '—')} (${ms} ms)`
  )
  return data
}

console.log(`PBX simulator: ${o.caller} → extension ${o.extension}, call ${o.callId}`)
await send('ringing')
if (o.missed) {
  await pause(o.ringMs * 2)
  await send('missed')
} else {
  await pause(o.ringMs)
  await send('answered')
  await pause(o.talkMs)
  await send('ended', { recording: o.recording ?? `https://pbx.example/recordings/${o.callId}.mp3` })
}
