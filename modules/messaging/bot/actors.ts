/**
 * Who the bot acts as. Every write and read is audited under the connector instance's user
 * (`connector_<instance>`, the same user other connector intakes use), with a role lent for the
 * purpose: `chatbot_reader` for lookups (request types, duplicates at an address, objects,
 * residents' articles), and `chatbot_resident` (inherits `resident`) scoped to the identified
 * resident for their own requests: registering, listing, feedback.
 */
import { upsertUser } from '#core/auth/identity'
import { engine } from '#core/engine/engine'
import type { Actor } from '#core/permissions/actor'
import type { OpContext } from '#core/records/context'
import type { Lang } from './types.js'

export const READER_ROLE = 'chatbot_reader'
export const RESIDENT_ROLE = 'chatbot_resident'

const users = new Map<string, Promise<{ id: string; login: string; name: string }>>()

/** The connector instance's user, created on first use (no password: it cannot sign in). */
export function connectorUser(instance: string) {
  let user = users.get(instance)
  if (!user) {
    user = find(instance)
    users.set(instance, user)
    user.catch(() => users.delete(instance))
  }
  return user
}

async function find(instance: string) {
  const login = `connector_${instance}`.slice(0, 64)
  const row =
    (await engine.knex('sys_users').where({ login }).first('id', 'login', 'name')) ?? (await upsertUser(engine.knex, { login, name: `Connector ${instance}`, roles: ['integration'], locale: 'uk' }))
  return { id: String(row.id), login: String(row.login), name: String(row.name) }
}

async function actor(instance: string, roles: string[], attributes: Record<string, unknown>, locale: Lang): Promise<Actor> {
  const user = await connectorUser(instance)
  return { id: user.id, login: user.login, name: user.name, roles, attributes, locale, requestId: `bot:${instance}` }
}

/** Reads for lookups beyond the resident's own records. */
export async function readerOp(instance: string, locale: Lang = 'uk'): Promise<OpContext> {
  return { set: engine.set, db: engine.knex, actor: await actor(instance, [READER_ROLE], {}, locale) }
}

/** Acts as the identified resident: their own requests only (`$user.contact`). */
export async function residentOp(instance: string, contactId: string, locale: Lang = 'uk'): Promise<OpContext> {
  return { set: engine.set, db: engine.knex, actor: await actor(instance, [RESIDENT_ROLE], { contact: contactId }, locale) }
}
