import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import type { OpContext } from '#core/records/context'
import { createSavedFilter, deleteSavedFilter, listSavedFilters, updateSavedFilter } from '#core/records/saved_filters'
import { invalid } from '#core/errors/problem'

const body = (ctx: HttpContext) => {
  const b = ctx.request.body()
  return (b && typeof b === 'object' && !Array.isArray(b) ? b : {}) as Record<string, unknown>
}

/** `/api/v1/ui/saved-filters`: the caller's own named list states; nobody sees another's. */
export default class SavedFiltersController {
  #ctx(ctx: HttpContext): OpContext {
    return { set: engine.set, actor: ctx.actor, db: engine.knex }
  }

  /** GET ?entity=ticket[&view=ticket_default] */
  async index(ctx: HttpContext) {
    const { entity, view } = ctx.request.qs()
    if (typeof entity !== 'string' || !entity) throw invalid([{ pointer: '/entity', message: 'required', code: 'required' }])
    return { data: await listSavedFilters(this.#ctx(ctx), entity, typeof view === 'string' && view ? view : undefined) }
  }

  /** POST {entity, view, name, filter?, sort?, q?, columns?} */
  async store(ctx: HttpContext) {
    const data = await createSavedFilter(this.#ctx(ctx), body(ctx))
    ctx.response.status(201)
    return { data }
  }

  /** PATCH /:id {name?, filter?, sort?, q?, columns?} */
  async update(ctx: HttpContext) {
    return { data: await updateSavedFilter(this.#ctx(ctx), ctx.params.id, body(ctx)) }
  }

  async destroy(ctx: HttpContext) {
    await deleteSavedFilter(this.#ctx(ctx), ctx.params.id)
    ctx.response.status(204)
  }
}
