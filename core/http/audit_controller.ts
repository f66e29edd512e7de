import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import { accessFor, isAdmin } from '#core/permissions/policy'
import { get } from '#core/records/read'
import { visibleChanges } from '#core/records/history'
import { maskErased } from '#core/audit/audit'
import { badRequest } from '#core/errors/problem'

/**
 * GET /api/v1/audit?entity=&record=&actor=&cursor= — the audit trail, newest first.
 * Administrators query anything (per record or per actor); other users only the history of
 * a record they may read, without the changes of fields hidden from them (as /history).
 */
export default class AuditController {
  async index(ctx: HttpContext) {
    const { entity, record, actor, before } = ctx.request.qs()
    const admin = isAdmin(engine.set, ctx.actor)
    if (!admin) {
      if (!entity || !record) throw badRequest('entity and record are required', [{ pointer: '/record', message: 'required', code: 'required' }])
      await get({ set: engine.set, actor: ctx.actor, db: engine.knex }, String(entity), String(record)) // 404 when not readable
    }
    const qb = engine.knex('sys_audit').orderBy('id', 'desc').limit(200)
    if (entity) qb.where('entity', String(entity))
    if (record) qb.where('record_id', String(record))
    if (actor && admin) qb.where('actor_id', String(actor))
    if (before && /^\d+$/.test(String(before))) qb.where('id', '<', Number(before))
    // values a person's erasure removed read [erased] in the rows before it
    const rows = await maskErased(engine.knex, await qb)
    if (admin) return { data: rows }
    const entityDoc = engine.set.entity(String(entity))!
    const hidden = accessFor(engine.set, ctx.actor, entityDoc.key).hidden
    return { data: rows.map((row: Record<string, unknown>) => ({ ...row, changes: visibleChanges(entityDoc, hidden, row.changes) })) }
  }
}
