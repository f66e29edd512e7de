import type { CallEventPayload } from '#core/connectors/types'
import { registerInboundHandler } from '#core/connectors/inbound'
import { asIntake } from './access.js'
import { applyCallEvent, type CallEvent } from './calls.js'
import { serialised } from './serial.js'
import { integrationOp } from '#core/connectors/integration_actor'
import { isUrlReference, localPath } from './recordings/storage.js'

/**
 * A connector's event as the HTTP intake takes it: a recording is a link to the PBX or a file
 * name under the recordings folder (recordings/storage.ts); any other reference is left out.
 */
export function callEventOf(p: CallEventPayload): CallEvent {
  const e: CallEvent = { event: p.event, callId: p.callId, caller: p.caller }
  for (const k of ['dialed', 'extension', 'queue', 'at', 'direction'] as const) if (p[k] !== undefined) (e as any)[k] = p[k]
  if (p.recording && (isUrlReference(p.recording) || localPath(p.recording))) e.recording = p.recording
  return e
}

/**
 * `call_event` from the PBX connectors (asterisk-ami...): applied by the same path as POST
 * /api/v1/telephony/events — one call at a time, as the instance's integration user with the
 * intake's grant.
 */
registerInboundHandler<CallEventPayload>('call_event', async (event, source) => {
  const op = asIntake(await integrationOp(source.instance))
  const e = callEventOf(event.payload)
  await serialised(`call:${e.callId}`, () => applyCallEvent(op, e))
})
