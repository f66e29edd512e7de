import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import { checkActionInput, moduleAction } from '#core/modules/actions'
import { Problem, notFound } from '#core/errors/problem'

/** `/api/v1/actions/:name`: the declared actions of the modules (core/modules/define.ts). */
export default class ActionsController {
  async handle(ctx: HttpContext) {
    const action = moduleAction(String(ctx.params.name))
    if (!action) throw notFound()
    if (action.method !== ctx.request.method()) throw new Problem('bad-request', [], {}, `use ${action.method}`)
    const input = (action.method === 'GET' ? ctx.request.qs() : ctx.request.body()) ?? {}
    // a body that is not an object is a malformed request, not invalid data
    if (typeof input !== 'object' || Array.isArray(input)) throw new Problem('bad-request', [], {}, 'a JSON object is expected')
    checkActionInput(action, input, ctx.actor.locale)
    return action.handle({ set: engine.set, actor: ctx.actor, db: engine.knex }, input, ctx)
  }
}
