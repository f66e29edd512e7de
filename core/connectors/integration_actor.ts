/**
 * The user a connector instance acts as when the engine handles its inbound events (telephony's
 * `call_event`, messaging's `message_in`): one per instance, shared by the modules.
 */
import { engine } from '#core/engine/engine'
import { upsertUser } from '#core/auth/identity'
import type { Actor } from '#core/permissions/actor'
import type { OpContext } from '#core/records/context'

const actors = new Map<string, Promise<Actor>>()

/**
 * The user a connector instance acts as (`connector_<instance>`, role `integration`, no
 * password: it cannot sign in), created on its first event. Its writes are audited under it,
 * as a PBX posting to the HTTP intake with its token would be.
 */
export function integrationActor(instance: string): Promise<Actor> {
  let actor = actors.get(instance)
  if (!actor) {
    actor = find(instance)
    actors.set(instance, actor)
    actor.catch(() => actors.delete(instance))
  }
  return actor
}

async function find(instance: string): Promise<Actor> {
  const login = `connector_${instance}`.slice(0, 64)
  const row =
    (await engine.knex('sys_users').where({ login }).first('id', 'login', 'name', 'roles')) ??
    (await upsertUser(engine.knex, { login, name: `Connector ${instance}`, roles: ['integration'], locale: 'uk' }))
  return { id: row.id, login: row.login, name: row.name, roles: row.roles ?? ['integration'], attributes: {}, locale: 'uk' }
}

export async function integrationOp(instance: string): Promise<OpContext> {
  return { set: engine.set, actor: await integrationActor(instance), db: engine.knex }
}
