import type { HttpContext } from '@adonisjs/core/http'
import env from '#start/env'
import { engine } from '#core/engine/engine'
import { authenticate, actorOf } from '#core/auth/identity'
import { safeEqual } from '#core/auth/tokens'
import { isAdmin } from '#core/permissions/policy'
import { allInstanceHealth } from '#core/connectors/health'

/**
 * GET /health: 200 `{ ok: true }` or 503 `{ ok: false }` for anyone (load balancers). The
 * details (node, database mode and version, metadata revision, realtime adapter) only for an
 * administrator's session or token (connector instances' health too), or with `Authorization: Bearer <HEALTH_TOKEN>`: they help
 * an attacker fingerprint the server.
 */
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
    if (!(await mayReadDetails(ctx))) return { ok }
    // connectors' health is shown, never counted: a PBX down must not take the node out of the balancer
    return { ok, node: engine.node, database, metadata: { revision: engine.revision }, realtime: { adapter: engine.realtime }, connectors: allInstanceHealth() }
  }
}

async function mayReadDetails(ctx: HttpContext): Promise<boolean> {
  const authorization = ctx.request.header('authorization') ?? ''
  const healthToken = env.get('HEALTH_TOKEN')
  if (healthToken && safeEqual(authorization, `Bearer ${healthToken}`)) return true
  try {
    const found = await authenticate(engine.knex, { cookie: ctx.request.header('cookie'), authorization, unsafe: false })
    return !!found && isAdmin(engine.set, actorOf(found.user, 'uk'))
  } catch {
    return false // a bad token or a database that is down: the short answer
  }
}
