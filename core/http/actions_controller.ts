import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import { moduleAction } from './module_actions.js'
import { Problem, notFound } from '#core/errors/problem'

/** `/api/v1/actions/:name`: the module actions of core/http/module_actions.ts. */
export default class ActionsController {
  /** POST /api/v1/telephony/events: the telephony module's intake under its documented path. */
  async telephonyEvents(ctx: HttpContext) {
    ctx.params.name = 'telephony.events'
    return this.handle(ctx)
  }

  async handle(ctx: HttpContext) {
    const action = moduleAction(String(ctx.params.name))
    if (!action) throw notFound()
    if (action.method !== ctx.request.method()) throw new Problem('bad-request', [], {}, `use ${action.method}`)
    const input = action.method === 'GET' ? ctx.request.qs() : (ctx.request.body() as Record<string, any>)
    return action.handle({ set: engine.set, actor: ctx.actor, db: engine.knex }, input ?? {}, ctx)
  }
}
