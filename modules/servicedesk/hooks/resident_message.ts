import type { OpContext } from '#core/records/context'
import { systemCreate, type SystemWriteOptions } from '#core/records/system_write'

const CHANNELS: Record<string, string> = { viber: 'viber', telegram: 'telegram', email: 'email' }

/**
 * Queues an outbound message to a request's resident by the resident's preferred channel (SMS
 * otherwise): a `message` record, the outbox the channel connectors deliver, written through
 * the records' write path on behalf of `op.actor`.
 */
export async function queueResidentMessage(op: OpContext, resident: string, ticket: string, body: string, options: SystemWriteOptions) {
  const contact = await op.db('contact').where({ id: resident }).first('preferred_channel')
  const channel = CHANNELS[contact?.preferred_channel] ?? 'sms'
  return systemCreate(op, 'message', { channel, direction: 'outbound', contact: resident, ticket, body }, options)
}
