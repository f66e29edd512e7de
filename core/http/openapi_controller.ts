import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import { openApiFor } from '#core/openapi/generate'

/** GET /api/v1/openapi.json: the API as the calling user may use it. */
export default class OpenApiController {
  async show(ctx: HttpContext) {
    return openApiFor(engine.set, ctx.actor, engine.revision)
  }
}
