import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import { verifyLogin, createSession, destroySession, createApiToken, forgetTokens, changePassword, SESSION_COOKIE, SESSION_HOURS } from '#core/auth/identity'
import { parseCookies } from '#core/auth/tokens'
import { writeAudit } from '#core/audit/audit'
import { expandRoles } from '#core/permissions/policy'
import { badRequest, notFound } from '#core/errors/problem'

/** Login, logout, the current user and personal API tokens. */
export default class AuthController {
  async login(ctx: HttpContext) {
    const { login, password } = ctx.request.body() as Record<string, unknown>
    const errors = []
    if (typeof login !== 'string' || !login) errors.push({ pointer: '/login', message: 'required', code: 'required' })
    if (typeof password !== 'string' || !password) errors.push({ pointer: '/password', message: 'required', code: 'required' })
    if (errors.length) throw badRequest('login and password are required', errors)
    const user = await verifyLogin(engine.knex, login as string, password as string, ctx.request.ip())
    const { secret, csrf } = await createSession(engine.knex, user.id, ctx.request.ip(), ctx.request.header('user-agent') ?? '')
    ctx.response.append(
      'set-cookie',
      `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_HOURS * 3600}${ctx.request.secure() ? '; Secure' : ''}`
    )
    await writeAudit(engine.knex, { id: user.id, roles: [], attributes: {}, locale: 'uk', requestId: ctx.request.id() }, { entity: 'sys_session', recordId: user.id, action: 'login' })
    return { user: publicUser(user), csrfToken: csrf }
  }

  async logout(ctx: HttpContext) {
    const secret = parseCookies(ctx.request.header('cookie'))[SESSION_COOKIE]
    if (secret) await destroySession(engine.knex, secret)
    ctx.response.append('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`)
    ctx.response.status(204)
  }

  async me(ctx: HttpContext) {
    const user = await engine.knex('sys_users').where({ id: ctx.actor.id }).first()
    const session = await engine.knex('sys_sessions')
      .where({ id: (await import('#core/auth/tokens')).sha256(parseCookies(ctx.request.header('cookie'))[SESSION_COOKIE] ?? '') })
      .first('csrf_token')
    const roles = expandRoles(engine.set, ctx.actor.roles).map((r) => ({ key: r.key, label: r.label, admin: r.admin === true }))
    return { user: publicUser(user), roles, csrfToken: session?.csrf_token ?? null }
  }

  /** POST /api/v1/auth/password: the current password, then the new one; other sessions end. */
  async changePassword(ctx: HttpContext) {
    const { currentPassword, newPassword } = ctx.request.body() as Record<string, unknown>
    const secret = parseCookies(ctx.request.header('cookie'))[SESSION_COOKIE] ?? ''
    await changePassword(engine.knex, { id: ctx.actor.id!, login: ctx.actor.login! }, currentPassword, newPassword, ctx.request.ip(), secret)
    await writeAudit(engine.knex, ctx.actor, { entity: 'sys_user', recordId: ctx.actor.id!, action: 'password_changed' })
    ctx.response.status(204)
  }

  listTokens = listTokens
  revokeToken = revokeToken

  async createToken(ctx: HttpContext) {
    const { name, expiresAt } = ctx.request.body() as Record<string, unknown>
    if (typeof name !== 'string' || !name.trim() || name.length > 120) {
      throw badRequest('name is required', [{ pointer: '/name', message: 'required, at most 120 characters', code: 'required' }])
    }
    const expires = typeof expiresAt === 'string' ? new Date(expiresAt) : undefined
    if (expires && Number.isNaN(expires.getTime())) throw badRequest('bad expiresAt', [{ pointer: '/expiresAt', message: 'date-time', code: 'format' }])
    ctx.response.status(201)
    return createApiToken(engine.knex, ctx.actor.id!, name.trim(), expires)
  }
}

/** GET /api/v1/auth/tokens: the caller's tokens (never the secret). */
export async function listTokens(ctx: HttpContext) {
  const data = await engine.knex('sys_api_tokens')
    .where({ user_id: ctx.actor.id })
    .orderBy('created_at', 'desc')
    .select('id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at')
  return { data }
}

/** DELETE /api/v1/auth/tokens/:id: revokes one of the caller's tokens. */
export async function revokeToken(ctx: HttpContext) {
  const id = String(ctx.params.id)
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound()
  const n = await engine.knex('sys_api_tokens').where({ id, user_id: ctx.actor.id }).whereNull('revoked_at').update({ revoked_at: engine.knex.fn.now() })
  if (!n) throw notFound()
  forgetTokens()
  ctx.response.status(204)
}

function publicUser(user: any) {
  return { id: user.id, login: user.login, name: user.name, email: user.email, roles: user.roles, attributes: user.attributes, locale: user.locale }
}
