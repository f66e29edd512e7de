import type { OpContext } from '#core/records/context'
import { engine } from '#core/engine/engine'
import { pbxQueueName, type CallQueueDoc } from './call_queue_kind.js'
import { asAgent } from './access.js'
import { dial } from './dial.js'
import { findRows } from './lookup.js'
import { serialised } from './serial.js'

/** An outbound call to the same number this recent means someone is already calling back. */
const RECENT_DIAL_MS = 2 * 60_000

/**
 * The PBX queues whose missed calls are called back automatically: the published `call_queue`
 * documents with `autodialCallbacks` (metadata, per queue); none by default.
 */
export function autodialQueues(): Set<string> {
  return new Set(
    engine.set
      .list<CallQueueDoc>('call_queue')
      .filter((q) => q.autodialCallbacks)
      .map(pbxQueueName)
  )
}

/**
 * When an operator becomes available: the oldest open callback of an auto-dialled queue is
 * dialled for them (their extension rings first, then the resident), unless someone dialled
 * that number in the last two minutes. One at a time per node; returns what was dialled.
 */
export async function autodialFor(op: OpContext): Promise<{ callback: string; call: string } | null> {
  const queues = autodialQueues()
  if (!queues.size || !op.actor.attributes.extension) return null
  return serialised('telephony:autodial', async () => {
    const agent = asAgent(op)
    // oldest first
    const open = await findRows(agent, 'callback', (qb) => qb.where('t.status', 'open'), 20)
    for (const cb of open) {
      if (!cb.phone) continue
      const call = cb.call ? (await findRows(agent, 'call', (qb) => qb.where('t.id', cb.call as string)))[0] : undefined
      if (!queues.has(String(call?.queue ?? ''))) continue
      const recent = await findRows(agent, 'call', (qb) =>
        qb
          .where('t.direction', 'outbound')
          .where('t.callee', cb.phone as string)
          .where('t.started_at', '>', new Date(Date.now() - RECENT_DIAL_MS))
      )
      if (recent.length) continue
      const dialled = await dial(op, { number: String(cb.phone), record: { entity: 'callback', id: String(cb.id) } })
      return { callback: String(cb.id), call: dialled.call }
    }
    return null
  })
}
