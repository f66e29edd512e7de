/**
 * Inserts a login-capable user straight into sys_users, without booting the application.
 *
 * The password hash is what AdonisJS's scrypt driver (`@adonisjs/hash`, drivers/scrypt, as
 * configured in core/config/hash.ts) produces and verifies: a PHC string
 * `$scrypt$n=16384,r=8,p=1$<salt>$<hash>` with a 16-byte random salt and a 64-byte key, both in
 * standard base64 without padding (`@phc/format`).
 */
import { randomBytes, scrypt } from 'node:crypto'
import type pg from 'pg'

const COST = 16384
const BLOCK_SIZE = 8
const PARALLELIZATION = 1
const SALT_SIZE = 16
const KEY_LENGTH = 64
const MAX_MEMORY = 32 * 1024 * 1024

const b64 = (buf: Buffer) => buf.toString('base64').replace(/=+$/, '')

export function scryptPhc(password: string): Promise<string> {
  const salt = randomBytes(SALT_SIZE)
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { cost: COST, blockSize: BLOCK_SIZE, parallelization: PARALLELIZATION, maxmem: MAX_MEMORY }, (err, key) =>
      err ? reject(err) : resolve(`$scrypt$n=${COST},r=${BLOCK_SIZE},p=${PARALLELIZATION}$${b64(salt)}$${b64(key)}`)
    )
  )
}

export interface SeedUser {
  login: string
  password: string
  name?: string
  roles: string[]
  attributes?: Record<string, unknown>
}

/** Creates or updates the user (by login); returns its id. */
export async function seedUser(db: pg.Pool | pg.Client, user: SeedUser): Promise<string> {
  const hash = await scryptPhc(user.password)
  const { rows } = await db.query(
    `INSERT INTO sys_users (login, name, password_hash, roles, attributes, locale, active)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, 'uk', true)
     ON CONFLICT (login) DO UPDATE SET name = EXCLUDED.name, password_hash = EXCLUDED.password_hash,
       roles = EXCLUDED.roles, attributes = EXCLUDED.attributes, active = true, updated_at = now()
     RETURNING id`,
    [user.login, user.name ?? user.login, hash, JSON.stringify(user.roles), JSON.stringify(user.attributes ?? {})]
  )
  return rows[0].id
}
