import { defineAction } from '#core/modules/define'
import { list, MAX_LIMIT } from '#core/records/read'
import { applyTransition } from '#core/workflow/engine'
import { AGENTS, asAgent, requireRole } from '../access.js'

const LIST_INPUT = {
  type: 'object',
  properties: {
    status: { enum: ['open', 'done', 'failed'] },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
    cursor: { type: 'string', maxLength: 2000 },
  },
  additionalProperties: false,
}

/**
 * GET /api/v1/actions/telephony.callbacks[?status=open|done|failed&limit=&cursor=] — the
 * callback list: open callbacks, the oldest deadline first, with their missed call and resident
 * (`included`); `overdue` marks those past their deadline.
 */
export const callbacks = defineAction({
  method: 'GET',
  summary: 'The callback list, oldest deadline first',
  input: LIST_INPUT,
  async handle(op, input) {
    requireRole(op, [...AGENTS, 'mayor'])
    const status = (input.status as string | undefined) ?? 'open'
    const result = await list(asAgent(op), 'callback', {
      filter: { status: { eq: status } },
      sort: status === 'open' ? [{ field: 'due_at', dir: 'asc' }] : [{ field: 'updated_at', dir: 'desc' }],
      limit: Math.min(Number(input.limit ?? 100) || 100, MAX_LIMIT),
      cursor: input.cursor,
      include: ['call', 'contact'],
    })
    const now = Date.now()
    return { ...result, data: result.data.map((c) => ({ ...c, overdue: c.status === 'open' && new Date(c.due_at as string).getTime() < now })) }
  },
})

const TRANSITION_INPUT = {
  type: 'object',
  properties: {
    callback: { type: 'string', format: 'uuid' },
    transition: { enum: ['done', 'failed'] },
    note: { type: 'string', minLength: 1, maxLength: 2000 },
    version: { type: 'integer' },
  },
  required: ['callback', 'transition'],
  additionalProperties: false,
}

/**
 * POST /api/v1/actions/telephony.callback `{callback, transition: done|failed, note?, version?}` —
 * closes a callback through its workflow (callback_flow: who and when are recorded; failing
 * needs a note).
 */
export const callback = defineAction({
  method: 'POST',
  summary: 'Closes a callback through its workflow',
  input: TRANSITION_INPUT,
  async handle(op, input) {
    requireRole(op, AGENTS)
    const { callback, transition, ...fields } = input as { callback: string; transition: string; note?: string; version?: number }
    return { data: await applyTransition(asAgent(op), 'callback', callback, transition, fields) }
  },
})
