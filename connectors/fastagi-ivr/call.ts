import type { ConnectorContext } from '#core/connectors/types'
import { connectorRequest } from '#core/connectors/requests'
import { AgiChannel, quote, type AgiReply } from './agi.js'

/** What the engine answers for one step (POST /api/v1/telephony/ivr's `data`). */
interface Turn {
  say: Array<{ text: string; en?: string; file?: string }>
  then: { gather: { maxDigits: number; timeoutSeconds: number; terminator?: '#' } } | { dial: { queue: string; category?: string } } | { hangup: true }
  token: string
}

const MAX_STEPS = 60
const DIGITS = '0123456789*#'

/**
 * One call handed over by Asterisk: reads the AGI header, answers, then asks the engine
 * (`ivr_step`) for each step and plays it: every text as `SET VARIABLE VIKNO_SAY "<text>"` and
 * `VERBOSE "<text>" 3` (no speech until a TTS exists), every sound file with `STREAM FILE`
 * (a digit pressed during it is kept), digits with `GET DATA` (ends on `#`, at the maximum or
 * on the timeout). A queue ends the script with `VIKNO_QUEUE` (and `VIKNO_CATEGORY`) set, for
 * the dialplan's `Queue(${VIKNO_QUEUE})`; a hangup sends `HANGUP`. Resolves when the call is done.
 */
export async function serveCall(agi: AgiChannel, ctx: ConnectorContext, source: { instance: string; type: string }): Promise<{ steps: number; outcome: string }> {
  const headers = await agi.headers()
  const session = headers.agi_uniqueid || `agi-${Date.now()}`
  const caller = headers.agi_callerid && headers.agi_callerid !== 'unknown' ? headers.agi_callerid : 'anonymous'
  const script = (headers.agi_network_script ?? '').replace(/\?.*$/, '').replace(/^\/+|\/+$/g, '')
  const ivr = script || ctx.config.ivr || undefined
  const silence = String(ctx.config.silenceFile ?? 'silence/1')
  const ok = (r: AgiReply | null) => r !== null && r.code === 200 && !(r.result < 0)

  if (!ok(await agi.command('ANSWER'))) return { steps: 0, outcome: 'hangup' }
  let token: string | undefined
  let digits = ''
  for (let steps = 1; steps <= MAX_STEPS; steps++) {
    const turn = await connectorRequest<Turn>('ivr_step', { session, caller, ivr, digits, ...(token ? { token } : {}) }, source)
    token = turn.token
    const gather = 'gather' in turn.then ? turn.then.gather : undefined
    let pressed = ''
    for (const item of turn.say) {
      if (!ok(await agi.command(`SET VARIABLE VIKNO_SAY ${quote(item.text)}`))) return { steps, outcome: 'hangup' }
      await agi.command(`VERBOSE ${quote(item.text)} 3`)
      if (item.file) {
        const r = await agi.command(`STREAM FILE ${item.file} ${quote(gather ? DIGITS : '')}`)
        if (!ok(r)) return { steps, outcome: 'hangup' }
        if (r!.result > 0) {
          pressed = String.fromCharCode(r!.result) // the caller did not wait for the end
          break
        }
      }
    }
    if (gather) {
      if (pressed && (pressed === '#' || pressed.length >= gather.maxDigits)) digits = pressed.replace('#', '')
      else {
        const r = await agi.command(`GET DATA ${silence} ${gather.timeoutSeconds * 1000} ${gather.maxDigits - pressed.length}`)
        if (!ok(r)) return { steps, outcome: 'hangup' }
        digits = pressed + r!.value.replace(/[^0-9*#]/g, '')
      }
      continue
    }
    if ('dial' in turn.then) {
      await agi.command(`SET VARIABLE VIKNO_QUEUE ${quote(turn.then.dial.queue)}`)
      if (turn.then.dial.category) await agi.command(`SET VARIABLE VIKNO_CATEGORY ${quote(turn.then.dial.category)}`)
      return { steps, outcome: `queue:${turn.then.dial.queue}` }
    }
    await agi.command('HANGUP')
    return { steps, outcome: 'hangup' }
  }
  await agi.command('HANGUP')
  return { steps: MAX_STEPS, outcome: 'too_many_steps' }
}
