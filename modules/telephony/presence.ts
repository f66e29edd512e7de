import type { OpContext } from '#core/records/context'
import type { RecordData } from '#core/records/serialize'
import { entityFor } from '#core/records/context'
import { toApi } from '#core/records/serialize'
import { create, update } from '#core/records/write'
import { changes, emitToRole } from '#core/events/bus'
import { serialised } from './serial.js'
import { findRows } from './lookup.js'
import { PRESENCE_STATES, type PresenceEvent, type PresenceState } from './shared/events.js'

export { PRESENCE_STATES, type PresenceEvent, type PresenceState }

export async function presenceOf(op: OpContext, user: string) {
  return (await findRows(op, 'operator_presence', (qb) => qb.where('t.user', user)))[0]
}

/**
 * Sets a user's presence and tells the supervisors after the commit. `onlyFrom`: change it only
 * from one of these states (a call that ends unanswered frees an operator it made busy, not
 * one who went on a break). Presence changes with every call, so a writer without a row scope
 * on it takes one statement: the upsert and its audit row together (as core's one-statement
 * create does), then the record event; otherwise the records API's update.
 */
export function setPresence(op: OpContext, user: string, state: PresenceState, onlyFrom?: PresenceState[]): Promise<{ changed: boolean; record?: RecordData }> {
  return serialised(`presence:${user}`, async () => {
    const { entity, access } = entityFor(op, 'operator_presence', 'update')
    entityFor(op, 'operator_presence', 'create')
    const since = new Date().toISOString()
    let record: RecordData | undefined
    let created = false
    if (access.scope('update') === undefined && access.scope('create') === undefined && !access.readOnly.has('state') && !access.readOnly.has('since')) {
      const { rows } = await op.db.raw(upsertSql(onlyFrom), [
        user,
        ...(onlyFrom ? [state, since, op.actor.id, user, state, ...onlyFrom] : [user, state, since, op.actor.id, op.actor.id]),
        op.actor.id,
        op.actor.requestId ?? null,
      ])
      if (!rows[0]) return { changed: false }
      const { created: isNew, ...row } = rows[0]
      created = isNew
      record = toApi(entity, row)
      changes.publish([{ event: { entity: 'operator_presence', id: record.id, version: record.version as number, op: created ? 'created' : 'updated' } }])
    } else {
      const current = await presenceOf(op, user)
      if (current?.state === state || (onlyFrom && !onlyFrom.includes(current?.state as PresenceState))) return { changed: false, record: current }
      if (current) {
        await update(op, 'operator_presence', current.id, { state, since })
        record = { ...current, state, since }
      } else {
        record = await create(op, 'operator_presence', { user, state, since })
      }
    }
    const event: PresenceEvent = { user, state, since }
    emitToRole('supervisor', 'presence', event)
    return { changed: true, record }
  })
}

/**
 * One statement: the presence row changed (or, without `onlyFrom`, created) only when its state
 * differs, and its audit row. Parameters: user, then for `onlyFrom` state, since, actor, user,
 * state, ...onlyFrom, else user, state, since, actor, actor; then actor and request id.
 */
function upsertSql(onlyFrom?: PresenceState[]) {
  const write = onlyFrom
    ? `UPDATE operator_presence SET state = ?, since = ?, version = version + 1, updated_at = now(), updated_by = ?
       WHERE "user" = ? AND state <> ? AND state IN (${onlyFrom.map(() => '?').join(', ')})
       RETURNING *`
    : `INSERT INTO operator_presence ("user", state, since, created_by, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT ("user") DO UPDATE
         SET state = EXCLUDED.state, since = EXCLUDED.since, version = operator_presence.version + 1,
             updated_at = now(), updated_by = EXCLUDED.updated_by
         WHERE operator_presence.state IS DISTINCT FROM EXCLUDED.state
       RETURNING *`
  return `WITH prev AS (SELECT id, state, since FROM operator_presence WHERE "user" = ?),
    up AS (${write}),
    audit AS (
      INSERT INTO sys_audit (actor_id, entity, record_id, action, changes, request_id)
      SELECT ?, 'operator_presence', up.id, CASE WHEN prev.id IS NULL THEN 'create' ELSE 'update' END,
        jsonb_build_object('state', jsonb_build_object('from', prev.state, 'to', up.state),
                           'since', jsonb_build_object('from', prev.since, 'to', up.since))
          || CASE WHEN prev.id IS NULL THEN jsonb_build_object('user', jsonb_build_object('from', NULL, 'to', up."user")) ELSE '{}'::jsonb END,
        ?
      FROM up LEFT JOIN prev ON true)
    SELECT up.*, prev.id IS NULL AS created FROM up LEFT JOIN prev ON true`
}
