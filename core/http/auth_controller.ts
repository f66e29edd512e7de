import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import { verifyLogin, createSession, destroySession, createApiToken, revokeApiToken, changePassword, authenticate, CSRF_HEADER, SESSION_COOKIE, SESSION_HOURS } from '#core/auth/identity'
import { parseCookies } from '#core/auth/tokens'
import { writeAudit } from '#core/audit/audit'
import { expandRoles } from '#core/permissions/policy'
import { beginEnrolment, confirmEnrolment, disableTwoFactor, secondFactorRequired } from '#core/auth/two_factor'
import { badRequest, notFound } from '#core/errors/problem'

/** Login, logout, the current user and personal API tokens. */
export default class AuthController {
  async login(ctx: HttpContext) {
    const { login, password, code } = ctx.request.body() as Record<string, unknown>
    const errors = []
    if (typeof login !== 'string' || !login) errors.push({ pointer: '/login', message: 'required', code: 'required' })
    if (typeof password !== 'string' || !password) errors.push({ pointer: '/password', message: 'required', code: 'required' })
    if (code !== undefined && (typeof code !== 'string' || code.length > 32)) errors.push({ pointer: '/code', message: 'a string', code: 'type' })
    if (errors.length) throw badRequest('login and password are required', errors)
    const { user, secondFactor } = await verifyLogin(engine.knex, login as string, password as string, ctx.request.ip(), { code: code as string | undefined })
    const { secret, csrf } = await createSession(engine.knex, user.id, ctx.request.ip(), ctx.request.header('user-agent') ?? '', secondFactor)
    ctx.response.append('set-cookie', `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_HOURS * 3600}${ctx.request.secure() ? '; Secure' : ''}`)
    await writeAudit(engine.knex, { id: user.id, roles: [], attributes: {}, locale: 'uk', requestId: ctx.request.id() }, { entity: 'sys_session', recordId: user.id, action: 'login' })
    return { user: publicUser(user), csrfToken: csrf }
  }

  /** Needs the CSRF token like every write: a forged cross-site logout is refused. */
  async logout(ctx: HttpContext) {
    const secret = parseCookies(ctx.request.header('cookie'))[SESSION_COOKIE]
    if (secret) {
      const found = await authenticate(engine.knex, { cookie: ctx.request.header('cookie'), csrf: ctx.request.header(CSRF_HEADER), unsafe: true })
      if (found) await destroySession(engine.knex, secret, found.user.id)
    }
    ctx.response.append('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`)
    ctx.response.status(204)
  }

  async me(ctx: HttpContext) {
    const user = await engine.knex('sys_users').where({ id: ctx.actor.id }).first()
    const session = await engine
      .knex('sys_sessions')
      .where({ id: (await import('#core/auth/tokens')).sha256(parseCookies(ctx.request.header('cookie'))[SESSION_COOKIE] ?? '') })
      .first('csrf_token')
    const roles = expandRoles(engine.set, ctx.actor.roles).map((r) => ({ key: r.key, label: r.label, admin: r.admin === true }))
    const twoFactor = { enabled: !!user.totp_enabled_at, required: secondFactorRequired(engine.set, ctx.actor.roles), verified: ctx.credential.secondFactor }
    return { user: publicUser(user), roles, csrfToken: session?.csrf_token ?? null, twoFactor }
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
    const { credential } = ctx
    const parent = credential.via === 'token' ? { id: credential.credential.slice('token:'.length), expiresAt: credential.expiresAt ?? null } : undefined
    return createApiToken(engine.knex, ctx.actor.id!, name.trim(), expires, { parent, secondFactor: credential.secondFactor })
  }

  /** POST /api/v1/auth/2fa/enrol: a new TOTP secret for the caller (text, otpauth URI, QR). */
  async enrolSecondFactor(ctx: HttpContext) {
    return beginEnrolment(engine.knex, await currentUser(ctx))
  }

  /** POST /api/v1/auth/2fa/confirm `{ code }`: turns it on; answers the recovery codes once. */
  async confirmSecondFactor(ctx: HttpContext) {
    const result = await confirmEnrolment(engine.knex, await currentUser(ctx), (ctx.request.body() as Record<string, unknown>).code)
    // this session proved the second factor just now
    await engine
      .knex('sys_sessions')
      .where({ id: ctx.credential.credential.replace(/^session:/, '') })
      .update({ second_factor: true })
    await writeAudit(engine.knex, ctx.actor, { entity: 'sys_user', recordId: ctx.actor.id!, action: 'second_factor_on' })
    return result
  }

  /** POST /api/v1/auth/2fa/disable `{ code }`: turns it off (not while a role requires it). */
  async disableSecondFactor(ctx: HttpContext) {
    await disableTwoFactor(engine.knex, engine.set, await currentUser(ctx), (ctx.request.body() as Record<string, unknown>).code)
    await writeAudit(engine.knex, ctx.actor, { entity: 'sys_user', recordId: ctx.actor.id!, action: 'second_factor_off' })
    ctx.response.status(204)
  }
}

/** GET /api/v1/auth/tokens: the caller's tokens (never the secret). */
export async function listTokens(ctx: HttpContext) {
  const data = await engine
    .knex('sys_api_tokens')
    .where({ user_id: ctx.actor.id })
    .orderBy('created_at', 'desc')
    .select('id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at')
  return { data }
}

/** DELETE /api/v1/auth/tokens/:id: revokes one of the caller's tokens. */
export async function revokeToken(ctx: HttpContext) {
  const id = String(ctx.params.id)
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound()
  if (!(await revokeApiToken(engine.knex, ctx.actor.id!, id))) throw notFound()
  ctx.response.status(204)
}

function publicUser(user: any) {
  return { id: user.id, login: user.login, name: user.name, email: user.email, roles: user.roles, attributes: user.attributes, locale: user.locale }
}

async function currentUser(ctx: HttpContext) {
  return engine.knex('sys_users').where({ id: ctx.actor.id }).first()
}
