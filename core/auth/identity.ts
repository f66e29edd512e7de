import type { Knex } from 'knex'
import type { Actor } from '#core/permissions/actor'
import type { Locale } from '#core/validation/messages'
import { Problem } from '#core/errors/problem'
import { CSRF_HEADER, parseCookies, randomSecret, safeEqual, sha256, SESSION_COOKIE, TOKEN_PREFIX } from './tokens.js'

export const SESSION_HOURS = 12
/** Login throttling: failed attempts per hour. */
export const MAX_FAILS_PER_ACCOUNT = 100
export const MAX_FAILS_PER_IP = 300

/** The hash service, loaded once the application has booted (it is a container binding). */
async function hasher() {
  return (await import('@adonisjs/core/services/hash')).default
}

interface UserRow {
  id: string
  login: string
  name: string
  roles: string[]
  attributes: Record<string, unknown>
  locale: string
  active: boolean
  password_hash: string | null
}

export function actorOf(user: UserRow, locale: Locale, requestId?: string): Actor {
  return { id: user.id, login: user.login, name: user.name, roles: user.roles ?? [], attributes: user.attributes ?? {}, locale, requestId }
}

/**
 * Checks a login and password with throttling: at most MAX_FAILS_PER_ACCOUNT failures per
 * account and MAX_FAILS_PER_IP per address in the last hour (counted in PostgreSQL, so every
 * node agrees). The same answer for an unknown login and a wrong password.
 */
export async function verifyLogin(db: Knex, login: string, password: string, ip: string): Promise<UserRow> {
  const since = new Date(Date.now() - 3600_000)
  const [byAccount, byIp] = await Promise.all([
    db('sys_login_attempts').where({ login, success: false }).where('at', '>', since).count({ n: '*' }).first(),
    db('sys_login_attempts').where({ ip, success: false }).where('at', '>', since).count({ n: '*' }).first(),
  ])
  if (Number(byAccount?.n) >= MAX_FAILS_PER_ACCOUNT || Number(byIp?.n) >= MAX_FAILS_PER_IP) {
    throw new Problem('too-many-requests')
  }
  const user: UserRow | undefined = await db('sys_users').where({ login }).first()
  const ok = !!user && user.active && !!user.password_hash && (await (await hasher()).verify(user.password_hash, password))
  await db('sys_login_attempts').insert({ login, ip, success: ok })
  if (!ok) throw new Problem('unauthorized', [{ pointer: '/password', message: 'wrong login or password', code: 'bad_credentials' }])
  return user!
}

export async function createSession(db: Knex, userId: string, ip: string, userAgent: string) {
  const secret = randomSecret()
  const csrf = randomSecret(24)
  await db('sys_sessions').insert({
    id: sha256(secret),
    user_id: userId,
    csrf_token: csrf,
    ip,
    user_agent: userAgent.slice(0, 255),
    expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000),
  })
  return { secret, csrf }
}

export async function destroySession(db: Knex, secret: string) {
  await db('sys_sessions').where({ id: sha256(secret) }).delete()
}

/**
 * Changes a user's password after checking the current one (throttled like a login). The new
 * one needs at least 10 characters and must differ; the user's other sessions end.
 */
export async function changePassword(db: Knex, user: { id: string; login: string }, current: unknown, next: unknown, ip: string, keepSession: string) {
  if (typeof current !== 'string' || !current) throw new Problem('validation', [{ pointer: '/currentPassword', message: 'required', code: 'required' }])
  if (typeof next !== 'string' || next.length < 10 || next.length > 200) {
    throw new Problem('validation', [{ pointer: '/newPassword', message: 'at least 10 characters', code: 'minLength' }])
  }
  if (next === current) throw new Problem('validation', [{ pointer: '/newPassword', message: 'must differ from the current one', code: 'same' }])
  try {
    await verifyLogin(db, user.login, current, ip)
  } catch (e) {
    if (e instanceof Problem && e.status === 401) {
      throw new Problem('validation', [{ pointer: '/currentPassword', message: 'wrong password', code: 'bad_credentials' }])
    }
    throw e
  }
  await db.transaction(async (trx) => {
    await trx('sys_users').where({ id: user.id }).update({ password_hash: await (await hasher()).make(next) })
    await trx('sys_sessions').where({ user_id: user.id }).whereNot({ id: sha256(keepSession) }).delete()
  })
}

export async function createApiToken(db: Knex, userId: string, name: string, expiresAt?: Date) {
  const prefix = randomSecret(6)
  const token = `${TOKEN_PREFIX}${prefix}_${randomSecret()}`
  const [row] = await db('sys_api_tokens')
    .insert({ user_id: userId, name, prefix, token_hash: sha256(token), expires_at: expiresAt ?? null })
    .returning(['id', 'name', 'prefix', 'created_at', 'expires_at'])
  return { ...row, token }
}

/**
 * Integrations call in bursts with one token: its lookup is remembered for a few seconds per
 * node. A revoked token, or a deactivated user, is refused within TOKEN_CACHE_MS everywhere,
 * and at once on the node that revoked it (forgetToken).
 */
export const TOKEN_CACHE_MS = 3_000
const tokenCache = new Map<string, { user: UserRow; until: number }>()

export function forgetTokens() {
  tokenCache.clear()
}

export interface Credentials {
  cookie?: string
  authorization?: string
  csrf?: string
  /** true for methods that change state: cookie sessions then need the CSRF header. */
  unsafe: boolean
}

/**
 * The user behind a request or a socket: a Bearer API token, or the session cookie. Cookie
 * sessions must send the session's CSRF token in X-CSRF-Token on state-changing requests.
 * Returns undefined for anonymous callers.
 */
export async function authenticate(db: Knex, creds: Credentials): Promise<{ user: UserRow; via: 'token' | 'session'; csrf?: string } | undefined> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(creds.authorization ?? '')?.[1]
  if (bearer) {
    const hashed = sha256(bearer)
    const cached = tokenCache.get(hashed)
    if (cached && cached.until > Date.now()) return { user: cached.user, via: 'token' }
    // one round trip: the token with its (active) user
    const row = await db('sys_api_tokens as k')
      .join('sys_users as u', 'u.id', 'k.user_id')
      .where({ 'k.token_hash': hashed, 'u.active': true })
      .whereNull('k.revoked_at')
      .first('u.*', { token_id: 'k.id', token_expires_at: 'k.expires_at', token_last_used_at: 'k.last_used_at' })
    if (!row || (row.token_expires_at && row.token_expires_at < new Date())) throw new Problem('unauthorized', [], {}, 'invalid API token')
    const { token_id, token_expires_at, token_last_used_at, ...user } = row
    if (!token_last_used_at || Date.now() - token_last_used_at.getTime() > 60_000) {
      await db('sys_api_tokens').where({ id: token_id }).update({ last_used_at: db.fn.now() })
    }
    const until = Math.min(Date.now() + TOKEN_CACHE_MS, token_expires_at ? token_expires_at.getTime() : Infinity)
    if (tokenCache.size > 10_000) tokenCache.clear()
    tokenCache.set(hashed, { user: user as UserRow, until })
    return { user: user as UserRow, via: 'token' }
  }
  const secret = parseCookies(creds.cookie)[SESSION_COOKIE]
  if (!secret) return undefined
  const row = await db('sys_sessions as s')
    .join('sys_users as u', 'u.id', 's.user_id')
    .where({ 's.id': sha256(secret), 'u.active': true })
    .where('s.expires_at', '>', new Date())
    .first('u.*', { session_csrf: 's.csrf_token' })
  if (!row) return undefined
  const { session_csrf, ...user } = row
  if (creds.unsafe && !(creds.csrf && safeEqual(creds.csrf, session_csrf))) {
    throw new Problem('forbidden', [], {}, 'missing or wrong CSRF token (send X-CSRF-Token)')
  }
  return { user: user as UserRow, via: 'session', csrf: session_csrf }
}

export { CSRF_HEADER, SESSION_COOKIE }

/** Creates or updates a user with a password (seeds, tests, the admin CLI). */
export async function upsertUser(db: Knex, user: { login: string; name: string; password?: string; roles: string[]; attributes?: Record<string, unknown>; email?: string; locale?: string }) {
  const values: Record<string, unknown> = {
    login: user.login,
    name: user.name,
    email: user.email ?? null,
    roles: JSON.stringify(user.roles),
    attributes: JSON.stringify(user.attributes ?? {}),
    locale: user.locale ?? 'uk',
  }
  if (user.password) values.password_hash = await (await hasher()).make(user.password)
  const [row] = await db('sys_users').insert(values).onConflict('login').merge().returning('*')
  return row as UserRow
}
