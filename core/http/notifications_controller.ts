import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import { notFound } from '#core/errors/problem'

/** The caller's in-app notifications: GET newest first (`?unread=true`), POST :id/read. */
export default class NotificationsController {
  async index(ctx: HttpContext) {
    const qb = engine.knex('sys_notifications').where({ user_id: ctx.actor.id }).orderBy('id', 'desc').limit(100)
    if (ctx.request.qs().unread === 'true') qb.whereNull('read_at')
    return { data: await qb }
  }

  async read(ctx: HttpContext) {
    const id = Number(ctx.params.id)
    if (!Number.isInteger(id)) throw notFound()
    const n = await engine.knex('sys_notifications').where({ id, user_id: ctx.actor.id }).whereNull('read_at').update({ read_at: engine.knex.fn.now() })
    if (!n) throw notFound()
    ctx.response.status(204)
  }
}
