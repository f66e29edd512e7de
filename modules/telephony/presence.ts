import type { OpContext } from '#core/records/context'
import type { RecordData } from '#core/records/serialize'
import { entityFor } from '#core/records/context'
import { create, update } from '#core/records/write'
import { emitToRole } from '#core/events/bus'
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
 * one who went on a break). The write is the records API's (audit, version, event), serialised
 * per user in this process so two changes of one operator do not race.
 */
export function setPresence(op: OpContext, user: string, state: PresenceState, onlyFrom?: PresenceState[]): Promise<{ changed: boolean; record?: RecordData }> {
  return serialised(`presence:${user}`, async () => {
    entityFor(op, 'operator_presence', 'update')
    entityFor(op, 'operator_presence', 'create')
    const since = new Date().toISOString()
    let record: RecordData
    const current = await presenceOf(op, user)
    if (current?.state === state || (onlyFrom && !onlyFrom.includes(current?.state as PresenceState))) return { changed: false, record: current }
    if (current) {
      const { version } = await update(op, 'operator_presence', current.id, { state, since })
      record = { ...current, state, since, version }
    } else {
      record = await create(op, 'operator_presence', { user, state, since })
    }
    const event: PresenceEvent = { user, state, since }
    emitToRole('supervisor', 'presence', event)
    return { changed: true, record }
  })
}
