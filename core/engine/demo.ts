import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { ApplicationService } from '@adonisjs/core/types'
import env from '#start/env'
import { dataDir } from '#config/paths'
import { randomSecret } from '#core/auth/tokens'
import { upsertUser } from '#core/auth/identity'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { bulkInsert } from '#core/records/import'
import { codeFile } from '#core/modules/code_file'
import { pathToFileURL } from 'node:url'
import { engine } from './engine.js'

interface DemoUser {
  login: string
  name: string
  roles: string[]
  attributes?: Record<string, unknown>
}

const LOGINS_FILE = () => join(dataDir, 'demo-logins.json')

/**
 * Loads the city pack's demo data once: users (with passwords generated on this machine and
 * kept in the data folder, never in the repo) and records from `seeds/<city>/data/*.records.json`
 * (`{ "entity": "...", "rows": [...] }`, rows may refer to earlier rows by `"@<ref>"`).
 */
export async function seedDemo(app: ApplicationService) {
  if (env.get('VIKNO_DEMO') === false) return
  const city = env.get('VIKNO_CITY') ?? 'vyshhorod'
  const dir = join(app.appRoot.pathname, 'seeds', city, 'data')
  if (!existsSync(dir)) return
  const done = await engine.knex('sys_audit').where({ entity: 'sys_demo', action: 'import' }).first('id')
  if (done) return
  const logins: Record<string, string> = {}
  const users = JSON.parse(readFileSync(join(dir, 'users.json'), 'utf8')) as DemoUser[]
  const refs: Record<string, string> = {}
  const { readdirSync } = await import('node:fs')
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.records.json'))
    .sort()) {
    const { entity, rows } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { entity: string; rows: Array<Record<string, unknown>> }
    const clean = rows.map(({ $ref, ...row }) => resolveRefs(row, refs))
    const ids = await bulkInsert(op(), entity, clean)
    rows.forEach((row, i) => {
      if (typeof row.$ref === 'string') refs[row.$ref] = ids[i]
    })
  }
  // generated data (e.g. the programme's 14,000 personal accounts) and history, if the pack has them
  const load = (entity: string, rows: Record<string, unknown>[]) => bulkInsert(op(), entity, rows)
  for (const script of ['generate', 'history']) {
    const file = codeFile(dir, script)
    if (!file) continue
    const mod = await import(pathToFileURL(file).href)
    const run = mod.generate ?? mod.history
    await run(load, refs, { accounts: Number(process.env.VIKNO_DEMO_ACCOUNTS ?? 14_000), op: op() })
  }
  for (const user of users) {
    const password = randomSecret(9)
    logins[user.login] = password
    await upsertUser(engine.knex, { ...user, attributes: resolveRefs(user.attributes ?? {}, refs), password })
  }
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(LOGINS_FILE(), JSON.stringify(logins, null, 2), { mode: 0o600 })
  await engine.knex('sys_audit').insert({ entity: 'sys_demo', action: 'import', changes: JSON.stringify({ city, users: Object.keys(logins) }) })
}

const op = () => ({ set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex })

function resolveRefs(row: Record<string, unknown>, refs: Record<string, string>) {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'string' && v.startsWith('@')) out[k] = refs[v.slice(1)] ?? v
    else if (Array.isArray(v)) out[k] = v.map((x) => (typeof x === 'string' && x.startsWith('@') ? (refs[x.slice(1)] ?? x) : x))
    else out[k] = v
  }
  return out
}

/** Prints where the server listens and the demo logins (not their passwords). */
export function announceReady(app: ApplicationService) {
  const port = process.env.PORT ?? '3333'
  const lines = [`Vikno is running: http://localhost:${port}  (health: http://localhost:${port}/health)`]
  lines.push(`Database: ${engine.embedded ? `embedded PostgreSQL (PGlite) in ${dataDir}` : 'PostgreSQL server (DATABASE_URL)'}; metadata revision ${engine.revision}`)
  if (existsSync(LOGINS_FILE())) {
    // the log is no place for passwords: they stay in the data folder's file
    const logins = Object.keys(JSON.parse(readFileSync(LOGINS_FILE(), 'utf8')) as Record<string, string>)
    lines.push(`Demo logins: ${logins.join(', ')} (passwords in ${LOGINS_FILE()})`)
  }
  if (app.getEnvironment() === 'web') console.log(lines.join('\n'))
}
