import type { Knex } from 'knex'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import env from '#start/env'
import { encryptWithAppKey, decryptWithAppKey } from './app_cipher.js'
import type { MetadataSet } from '#core/metadata/set'
import { expandRoles } from '#core/permissions/policy'
import { Problem } from '#core/errors/problem'
import { randomSecret, sha256 } from './tokens.js'

/**
 * Second-factor sign-in with TOTP (RFC 6238, any authenticator app). The secret is stored
 * encrypted with the app key (AES-256-GCM); recovery codes are stored as SHA-256 hashes and
 * each works once. Which roles must use it: `VIKNO_REQUIRE_2FA` (comma-separated role keys;
 * `admin` also covers every role marked `admin: true`). Nobody is required by default.
 */
export const RECOVERY_CODES = 10

interface TwoFactorUser {
  id: string
  login: string
  roles: string[]
  totp_secret?: string | null
  totp_enabled_at?: Date | null
}

/** Roles that must use a second factor (VIKNO_REQUIRE_2FA). */
export function requiredRoles(): string[] {
  return (env.get('VIKNO_REQUIRE_2FA') ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)
}

/** Whether this user's roles (with what they inherit) require the second factor. */
export function secondFactorRequired(set: MetadataSet, roles: string[]): boolean {
  const required = new Set(requiredRoles())
  if (!required.size) return false
  return expandRoles(set, roles).some((r) => required.has(r.key) || (required.has('admin') && r.admin === true))
}

const encrypt = (text: string) => encryptWithAppKey('totp', text)
const decrypt = (stored: string) => decryptWithAppKey('totp', stored)

function totpOf(user: TwoFactorUser, base32: string) {
  return new TOTP({ issuer: 'Vikno', label: user.login, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(base32) })
}

const PERIOD_SECONDS = 30

/** The 30-second step a valid code belongs to, or undefined. */
function totpStep(user: TwoFactorUser, code: string): number | undefined {
  if (!user.totp_secret || !/^\d{6}$/.test(code)) return undefined
  const delta = totpOf(user, decrypt(user.totp_secret)).validate({ token: code, window: 1 })
  return delta === null ? undefined : Math.floor(Date.now() / 1000 / PERIOD_SECONDS) + delta
}

/**
 * Accepts a TOTP code once: its step must be later than the last accepted one (a code seen
 * over a shoulder or replayed within its 90 seconds is refused). Atomic across nodes.
 */
async function spendTotp(db: Knex, user: TwoFactorUser, code: string): Promise<boolean> {
  const step = totpStep(user, code)
  if (step === undefined) return false
  const n = await db('sys_users')
    .where({ id: user.id })
    .where((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
    .update({ totp_last_step: step })
  return n > 0
}

/**
 * A login's second step: a current TOTP code (each once), or an unused recovery code (used up
 * at once, atomically, so two requests cannot both spend it).
 */
export async function checkSecondFactor(db: Knex, user: TwoFactorUser, code: string): Promise<boolean> {
  const given = code.replace(/\s+/g, '')
  if (await spendTotp(db, user, given)) return true
  const hashed = sha256(given.toLowerCase())
  const spent = await db('sys_users')
    .where({ id: user.id })
    .whereRaw('totp_recovery @> ?::jsonb', [JSON.stringify([hashed])])
    .update({ totp_recovery: db.raw('totp_recovery - ?', [hashed]) })
  return spent > 0
}

/** Starts (or restarts) enrolment: a new secret, shown once as text, otpauth URI and QR. */
export async function beginEnrolment(db: Knex, user: TwoFactorUser) {
  if (user.totp_enabled_at) throw new Problem('conflict', [{ pointer: '', message: 'two-factor sign-in is already on', code: 'already_enabled' }])
  const secret = new Secret({ size: 20 })
  await db('sys_users')
    .where({ id: user.id })
    .update({ totp_secret: encrypt(secret.base32) })
  const uri = totpOf(user, secret.base32).toString()
  return { secret: secret.base32, uri, qr: await QRCode.toDataURL(uri) }
}

/** Confirms enrolment with a code from the app; returns the recovery codes (shown once). */
export async function confirmEnrolment(db: Knex, user: TwoFactorUser, code: unknown) {
  if (user.totp_enabled_at) throw new Problem('conflict', [{ pointer: '', message: 'two-factor sign-in is already on', code: 'already_enabled' }])
  if (!user.totp_secret) throw new Problem('conflict', [{ pointer: '', message: 'start the enrolment first', code: 'not_started' }])
  if (typeof code !== 'string' || !(await spendTotp(db, user, code.replace(/\s+/g, '')))) {
    throw new Problem('validation', [{ pointer: '/code', message: 'wrong code', code: 'bad_code' }])
  }
  const codes = Array.from({ length: RECOVERY_CODES }, () => randomSecret(8).replace(/[-_]/g, 'x').slice(0, 10).toLowerCase())
  await db('sys_users')
    .where({ id: user.id })
    .update({ totp_enabled_at: db.fn.now(), totp_recovery: JSON.stringify(codes.map((c) => sha256(c))) })
  return { recoveryCodes: codes }
}

/** Turns the second factor off after a valid code (refused while a role requires it). */
export async function disableTwoFactor(db: Knex, set: MetadataSet, user: TwoFactorUser, code: unknown) {
  if (secondFactorRequired(set, user.roles)) {
    throw new Problem('forbidden', [{ pointer: '', message: 'your role requires two-factor sign-in', code: 'second_factor_required' }])
  }
  if (typeof code !== 'string' || !(await checkSecondFactor(db, user, code))) {
    throw new Problem('validation', [{ pointer: '/code', message: 'wrong code', code: 'bad_code' }])
  }
  await db('sys_users').where({ id: user.id }).update({ totp_secret: null, totp_enabled_at: null, totp_recovery: '[]', totp_last_step: null })
}
