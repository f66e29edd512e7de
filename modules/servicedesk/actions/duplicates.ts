import { Duration } from 'luxon'
import type { WorkflowDoc } from '#core/shared/metadata'
import { defineAction } from '#core/modules/define'
import { badRequest } from '#core/errors/problem'
import { list, isUuid } from '#core/records/read'
import { update } from '#core/records/write'
import { applyTransition } from '#core/workflow/engine'
import type { OpContext } from '#core/records/context'
import type { RequestTypeDoc } from '../kinds/request_type.js'

/** States of the ticket workflows that still count as open. */
function openStates(op: OpContext): string[] {
  const states = new Set<string>()
  for (const wf of op.set.list<WorkflowDoc>('workflow').filter((w) => w.entity === 'ticket')) {
    for (const [key, s] of Object.entries(wf.states)) if (['new', 'open', 'paused'].includes(s.category)) states.add(key)
  }
  return [...states]
}

/**
 * Open requests of the same type on the same building (or street) filed within the type's
 * duplicate window: the oldest one is suggested as the master the new request should join.
 */
export async function findDuplicates(op: OpContext, requestType: string, objectId: string) {
  const rt = op.set.get<RequestTypeDoc>('request_type', requestType)
  if (!rt) throw badRequest('unknown request type', [{ pointer: '/request_type', message: 'unknown request type', code: 'unknown_request_type' }])
  const object = await op.db('object').where({ id: objectId }).first('id', 'building', 'street', 'level')
  if (!object) return { data: [], master: null }
  const window = Duration.fromISO(rt.duplicateWindow ?? 'PT24H')
  const since = new Date(Date.now() - (window.isValid ? window.as('milliseconds') : 86_400_000))
  const place = object.building
    ? { or: [{ 'object.building': { eq: object.building } }, { object: { eq: object.building } }] }
    : object.street
      ? { or: [{ 'object.street': { eq: object.street } }, { object: { eq: object.street } }] }
      : { object: { eq: object.id } }
  const found = await list(op, 'ticket', {
    filter: { and: [{ request_type: { eq: requestType } }, { status: { in: openStates(op) } }, { created_at: { gte: since.toISOString() } }, { duplicate_of: { isNull: true } }, place] } as any,
    sort: [{ field: 'created_at', dir: 'asc' }],
    limit: 50,
  })
  const master = found.data.find((t) => !t.parent) ?? found.data[0] ?? null
  return { data: found.data, master }
}

/** GET /api/v1/actions/servicedesk.duplicates?request_type=&object= */
export const duplicates = defineAction({
  method: 'GET',
  summary: 'Open requests of the same type at the same place',
  input: { type: 'object', properties: { request_type: { type: 'string', maxLength: 63 }, object: { type: 'string' } } },
  async handle(op, input) {
    if (typeof input.request_type !== 'string') throw badRequest('request_type is required', [{ pointer: '/request_type', message: 'required', code: 'required' }])
    if (!isUuid(input.object)) throw badRequest('object is required', [{ pointer: '/object', message: 'required', code: 'required' }])
    return findDuplicates(op, input.request_type, input.object)
  },
})

/**
 * POST /api/v1/actions/servicedesk.merge {ticket, into}: the request becomes a duplicate of
 * another and is cancelled with a note; both must be visible and writable for the caller.
 */
export const merge = defineAction({
  method: 'POST',
  summary: 'Merges a request into another as its duplicate',
  input: { type: 'object', properties: { ticket: { type: 'string' }, into: { type: 'string' } } },
  async handle(op, input) {
    const { ticket, into } = input
    if (!isUuid(ticket) || !isUuid(into) || ticket === into) {
      throw badRequest('ticket and into must be two request ids', [{ pointer: '/into', message: 'two different request ids', code: 'invalid' }])
    }
    const target = await op.db('ticket').where({ id: into }).first('number')
    await update(op, 'ticket', into, {}) // 404 unless the caller may update the master
    await update(op, 'ticket', ticket, { duplicate_of: into })
    await applyTransition(op, 'ticket', ticket, 'cancel', { resolution: `Обʼєднано зі зверненням ${target?.number ?? into}` })
    return { ok: true, ticket, into }
  },
})
