import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'

/** GET /health: database, metadata revision and realtime status. 503 when the database is down. */
export default class HealthController {
  async show(ctx: HttpContext) {
    let database: Record<string, unknown>
    try {
      const started = Date.now()
      const { rows } = await engine.knex.raw('select version() as v')
      database = { ok: true, mode: engine.embedded ? 'embedded' : 'server', version: String(rows[0].v).split(' ').slice(0, 2).join(' '), latencyMs: Date.now() - started }
    } catch (error: any) {
      database = { ok: false, mode: engine.embedded ? 'embedded' : 'server', error: error.message }
    }
    const ok = database.ok === true && engine.revision > 0
    ctx.response.status(ok ? 200 : 503)
    return { ok, node: engine.node, database, metadata: { revision: engine.revision }, realtime: { adapter: engine.realtime } }
  }
}
