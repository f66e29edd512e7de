/**
 * E-mail threading: an answer to our letter joins its request — by the request number in the
 * subject (`[#ВШГ-2026-000123]`) or by In-Reply-To / References naming a letter we sent.
 */
import type { OpContext } from '#core/records/context'
import type { MessageInPayload } from '#core/connectors/messaging'

const NUMBER = /\[#([^\]\s]{1,32})\]/

export async function threadTicket(op: OpContext, p: MessageInPayload): Promise<string | null> {
  if (p.channel !== 'email') return null
  const number = p.subject?.match(NUMBER)?.[1]
  if (number) {
    const ticket = await op.db('ticket').where({ number }).first('id')
    if (ticket) return ticket.id
  }
  const refs = (p.references ?? []).filter((r) => typeof r === 'string' && r).slice(0, 50)
  if (!refs.length) return null
  const sent = await op.db('message').where({ direction: 'outbound', channel: 'email' }).whereIn('external_id', refs).whereNotNull('ticket').orderBy('created_at', 'desc').first('ticket')
  return sent?.ticket ?? null
}
