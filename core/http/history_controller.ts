import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import { recordHistory } from '#core/records/history'
import { badRequest } from '#core/errors/problem'

/** GET /api/v1/records/:entity/:id/history?before=<audit id> — a record's audit trail for its readers. */
export default class HistoryController {
  async show(ctx: HttpContext) {
    const { before } = ctx.request.qs()
    if (before !== undefined && !/^\d{1,18}$/.test(String(before))) {
      throw badRequest('before must be an audit row id', [{ pointer: '/before', message: 'not a positive integer', code: 'invalid' }])
    }
    return recordHistory({ set: engine.set, actor: ctx.actor, db: engine.knex }, String(ctx.params.entity), String(ctx.params.id), { before: before ? Number(before) : undefined })
  }
}
