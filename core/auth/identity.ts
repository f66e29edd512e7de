import type { Knex } from 'knex'
import type { Actor } from '#core/permissions/actor'
import type { Locale } from '#core/validation/messages'
import { Problem } from '#core/errors/problem'
import { changes } from '#core/events/bus'
import { checkLoginAllowed, recordLoginFailure, recordLoginSuccess } from './throttle.js'
import { checkSecondFactor } from './two_factor.js'
import { CSRF_HEADER, parseCookies, randomSecret, safeEqual, sha256, SESSION_COOKIE, TOKEN_PREFIX } from './tokens.js'

export const SESSION_HOURS = 12

/** The hash service, loaded once the application has booted (it is a container binding). */
async function hasher() {
  return (await import('@adonisjs/core/services/hash')).default
}

export interface UserRow {
  id: string
  login: string
  name: string
  roles: string[]
  attributes: Record<string, unknown>
  locale: string
  active: boolean
  password_hash: string | null
  totp_secret?: string | null
  totp_enabled_at?: Date | null
  totp_recovery?: string[]
}

export function actorOf(user: UserRow, locale: Locale, requestId?: string): Actor {
  return { id: user.id, login: user.login, name: user.name, roles: user.roles ?? [], attributes: user.attributes ?? {}, locale, requestId }
}

let dummyHash: Promise<string> | undefined

/**
 * Checks a login and password (core/auth/throttle.ts: a progressive delay per account and
 * address, and per address). An unknown login, an inactive user and a wrong password get the
 * same answer after the same work: a dummy hash is checked when there is no real one. A user
 * who turned on the second factor also needs `code` (a TOTP or an unused recovery code);
 * without it the answer is `second-factor-required` (the password was right).
 */
export async function verifyLogin(
  db: Knex,
  login: string,
  password: string,
  ip: string,
  options: { code?: string; skipSecondFactor?: boolean } = {}
): Promise<{ user: UserRow; secondFactor: boolean }> {
  await checkLoginAllowed(db, login, ip)
  const hash = await hasher()
  const user: UserRow | undefined = await db('sys_users').where({ login }).first()
  const real = user?.active && user.password_hash ? user.password_hash : undefined
  const verified = await hash.verify(real ?? (await (dummyHash ??= hash.make(randomSecret()))), password)
  const passwordOk = !!real && verified
  let secondFactor = false
  let ok = passwordOk
  if (passwordOk && user!.totp_enabled_at && !options.skipSecondFactor) {
    if (!options.code) throw new Problem('second-factor-required', [{ pointer: '/code', message: 'two-factor code required', code: 'second_factor_required' }])
    ok = await checkSecondFactor(db, user!, options.code)
    secondFactor = ok
  }
  await db('sys_login_attempts').insert({ login: login.slice(0, 120), ip, success: ok })
  if (!ok) {
    await recordLoginFailure(db, login, ip)
    throw new Problem('bad-credentials', [{ pointer: passwordOk ? '/code' : '/password', message: 'wrong login or password', code: 'bad_credentials' }])
  }
  await recordLoginSuccess(db, login, ip)
  return { user: user!, secondFactor }
}

export async function createSession(db: Knex, userId: string, ip: string, userAgent: string, secondFactor = false) {
  const secret = randomSecret()
  const csrf = randomSecret(24)
  await db('sys_sessions').insert({
    id: sha256(secret),
    user_id: userId,
    csrf_token: csrf,
    ip,
    user_agent: userAgent.slice(0, 255),
    expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000),
    second_factor: secondFactor,
  })
  return { secret, csrf }
}

export async function destroySession(db: Knex, secret: string, userId: string) {
  await db('sys_sessions')
    .where({ id: sha256(secret) })
    .delete()
  announceRevocation({ user: userId, credentials: [`session:${sha256(secret)}`] })
}

/**
 * Changes a user's password after checking the current one (throttled like a login). The new
 * one needs at least 10 characters and must differ; the user's other sessions end, their API
 * tokens are revoked, and their live sockets are disconnected on every node.
 */
export async function changePassword(db: Knex, user: { id: string; login: string }, current: unknown, next: unknown, ip: string, keepSession: string) {
  if (typeof current !== 'string' || !current) throw new Problem('validation', [{ pointer: '/currentPassword', message: 'required', code: 'required' }])
  if (typeof next !== 'string' || next.length < 10 || next.length > 200) {
    throw new Problem('validation', [{ pointer: '/newPassword', message: 'at least 10 characters', code: 'minLength' }])
  }
  if (next === current) throw new Problem('validation', [{ pointer: '/newPassword', message: 'must differ from the current one', code: 'same' }])
  try {
    await verifyLogin(db, user.login, current, ip, { skipSecondFactor: true })
  } catch (e) {
    if (e instanceof Problem && e.status === 401) {
      throw new Problem('validation', [{ pointer: '/currentPassword', message: 'wrong password', code: 'bad_credentials' }])
    }
    throw e
  }
  await db.transaction(async (trx) => {
    await trx('sys_users')
      .where({ id: user.id })
      .update({ password_hash: await (await hasher()).make(next), updated_at: trx.fn.now() })
    await trx('sys_sessions')
      .where({ user_id: user.id })
      .whereNot({ id: sha256(keepSession) })
      .delete()
    await trx('sys_api_tokens').where({ user_id: user.id }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() })
  })
  announceRevocation({ user: user.id })
}

/**
 * A personal API token. Made with another token (`parent`), it never outlives it: its expiry
 * is capped at the parent's, and revoking the parent revokes it (sys_api_tokens.parent_id).
 */
export async function createApiToken(db: Knex, userId: string, name: string, expiresAt?: Date, from: { parent?: { id: string; expiresAt: Date | null }; secondFactor?: boolean } = {}) {
  const prefix = randomSecret(6)
  const token = `${TOKEN_PREFIX}${prefix}_${randomSecret()}`
  const cap = from.parent?.expiresAt ?? null
  const expires = cap && (!expiresAt || expiresAt > cap) ? cap : (expiresAt ?? null)
  const [row] = await db('sys_api_tokens')
    .insert({ user_id: userId, name, prefix, token_hash: sha256(token), expires_at: expires, parent_id: from.parent?.id ?? null, second_factor: from.secondFactor === true })
    .returning(['id', 'name', 'prefix', 'created_at', 'expires_at'])
  return { ...row, token }
}

/** Revokes a user's token and every token made with it; false when there was none. */
export async function revokeApiToken(db: Knex, userId: string, id: string): Promise<boolean> {
  const { rows } = await db.raw(
    `WITH RECURSIVE tree AS (
       SELECT id FROM sys_api_tokens WHERE id = ? AND user_id = ? AND revoked_at IS NULL
       UNION SELECT k.id FROM sys_api_tokens k JOIN tree ON k.parent_id = tree.id
     )
     UPDATE sys_api_tokens SET revoked_at = now() WHERE id IN (SELECT id FROM tree) AND revoked_at IS NULL RETURNING id`,
    [id, userId]
  )
  if (!rows.length) return false
  announceRevocation({ user: userId, credentials: rows.map((r: { id: string }) => `token:${r.id}`) })
  return true
}

/**
 * Integrations call in bursts with one token: its lookup is remembered for a few seconds per
 * node. Every revocation (announceRevocation) clears it on every node at once, through the
 * realtime layer's cross-node relay; TOKEN_CACHE_MS only bounds a change made behind the
 * application's back (SQL by hand).
 */
export const TOKEN_CACHE_MS = 3_000
const tokenCache = new Map<string, { found: Authenticated; until: number }>()

export function forgetTokens() {
  tokenCache.clear()
}

/**
 * What a revocation ends, on every node: the token cache, and the user's live sockets (those
 * opened with the listed credentials — `token:<id>`, `session:<sha256>` — or all of them).
 */
export interface Revocation {
  user: string
  credentials?: string[]
}

export function announceRevocation(revocation: Revocation) {
  forgetTokens()
  changes.emit('access_revoked', revocation)
}

export interface Credentials {
  cookie?: string
  authorization?: string
  csrf?: string
  /** true for methods that change state: cookie sessions then need the CSRF header. */
  unsafe: boolean
}

export interface Authenticated {
  user: UserRow
  via: 'token' | 'session'
  csrf?: string
  /** `token:<id>` or `session:<sha256 of the cookie>`: what a revocation names. */
  credential: string
  /** The token's expiry (tokens made with it may not outlive it). */
  expiresAt?: Date | null
  /** The session passed the second factor (or the token was made from one that did). */
  secondFactor: boolean
}

/**
 * The user behind a request or a socket: a Bearer API token, or the session cookie. Cookie
 * sessions must send the session's CSRF token in X-CSRF-Token on state-changing requests.
 * Returns undefined for anonymous callers.
 */
export async function authenticate(db: Knex, creds: Credentials): Promise<Authenticated | undefined> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(creds.authorization ?? '')?.[1]
  if (bearer) {
    const hashed = sha256(bearer)
    const cached = tokenCache.get(hashed)
    if (cached && cached.until > Date.now()) return cached.found
    // one round trip: the token with its (active) user
    const row = await db('sys_api_tokens as k')
      .join('sys_users as u', 'u.id', 'k.user_id')
      .where({ 'k.token_hash': hashed, 'u.active': true })
      .whereNull('k.revoked_at')
      .first('u.*', { token_id: 'k.id', token_expires_at: 'k.expires_at', token_last_used_at: 'k.last_used_at', token_second_factor: 'k.second_factor' })
    if (!row || (row.token_expires_at && row.token_expires_at < new Date())) throw new Problem('unauthorized', [], {}, 'invalid API token')
    const { token_id, token_expires_at, token_last_used_at, token_second_factor, ...user } = row
    if (!token_last_used_at || Date.now() - token_last_used_at.getTime() > 60_000) {
      await db('sys_api_tokens').where({ id: token_id }).update({ last_used_at: db.fn.now() })
    }
    const found: Authenticated = { user: user as UserRow, via: 'token', credential: `token:${token_id}`, expiresAt: token_expires_at, secondFactor: token_second_factor }
    const until = Math.min(Date.now() + TOKEN_CACHE_MS, token_expires_at ? token_expires_at.getTime() : Infinity)
    if (tokenCache.size > 10_000) tokenCache.clear()
    tokenCache.set(hashed, { found, until })
    return found
  }
  const secret = parseCookies(creds.cookie)[SESSION_COOKIE]
  if (!secret) return undefined
  const sessionId = sha256(secret)
  const row = await db('sys_sessions as s')
    .join('sys_users as u', 'u.id', 's.user_id')
    .where({ 's.id': sessionId, 'u.active': true })
    .where('s.expires_at', '>', new Date())
    .first('u.*', { session_csrf: 's.csrf_token', session_second_factor: 's.second_factor' })
  if (!row) return undefined
  const { session_csrf, session_second_factor, ...user } = row
  if (creds.unsafe && !(creds.csrf && safeEqual(creds.csrf, session_csrf))) {
    throw new Problem('forbidden', [], {}, 'missing or wrong CSRF token (send X-CSRF-Token)')
  }
  return { user: user as UserRow, via: 'session', csrf: session_csrf, credential: `session:${sessionId}`, secondFactor: session_second_factor }
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
  // updated_at: live sockets of a changed user are disconnected (core/realtime/revocation.ts)
  const [row] = await db('sys_users')
    .insert(values)
    .onConflict('login')
    .merge({ ...values, updated_at: db.fn.now() })
    .returning('*')
  return row as UserRow
}
