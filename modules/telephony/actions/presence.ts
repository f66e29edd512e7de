import { defineAction } from '#core/modules/define'
import { badRequest } from '#core/errors/problem'
import { list } from '#core/records/read'
import { AGENTS, SUPERVISORS, asAgent, hasRole, requireRole } from '../access.js'
import { PRESENCE_STATES, presenceOf, setPresence, type PresenceState } from '../presence.js'
import { autodialFor } from '../autodial.js'

const STATE_INPUT = {
  type: 'object',
  properties: { state: { enum: [...PRESENCE_STATES] } },
  required: ['state'],
  additionalProperties: false,
}

/**
 * POST /api/v1/actions/telephony.presence `{state}` — the caller's own presence (available,
 * busy, after_call, break, offline); supervisors get a `presence` event `{user, state, since}`.
 * Becoming available may start a callback (`autodial`: `{callback, call}`, or `{error}` when the
 * PBX refused; see autodial.ts).
 */
export const presence = defineAction({
  method: 'POST',
  summary: "Sets the caller's own presence",
  input: STATE_INPUT,
  async handle(op, input) {
    requireRole(op, AGENTS)
    if (!op.actor.id) throw badRequest('a user is required')
    const agent = asAgent(op)
    const { changed, record } = await setPresence(agent, op.actor.id, input.state as PresenceState)
    // free again: a missed call of an auto-dialled queue is called back through them
    // (the presence stands even when the PBX refuses: the reason is in the answer)
    const autodial = changed && input.state === 'available' ? await autodialFor(op).catch((error: Error) => ({ error: error.message })) : null
    return { data: record ?? (await presenceOf(agent, op.actor.id)), changed, autodial }
  },
})

/**
 * GET /api/v1/actions/telephony.presences — every operator's presence for supervisors,
 * administrators and the mayor (with the users in `included`); an operator gets their own.
 * (A module action answers one method, so reading is a second name.)
 */
export const presences = defineAction({
  method: 'GET',
  summary: "Every operator's presence",
  input: { type: 'object' },
  async handle(op) {
    requireRole(op, [...AGENTS, ...SUPERVISORS, 'mayor'])
    const all = hasRole(op, [...SUPERVISORS, 'mayor'])
    return list(asAgent(op), 'operator_presence', {
      ...(all ? {} : { filter: { user: { eq: op.actor.id } } }),
      sort: [{ field: 'since', dir: 'desc' }],
      limit: 500,
      include: ['user'],
    })
  },
})
