/**
 * Who wrote: the resident behind an inbound message, found by an earlier link of their
 * address (contact.messengers), by the phone they shared or sent an SMS from (a new resident
 * when none has it, legal basis `public_task`), or by their e-mail address; and the link of a
 * messenger address to a resident, so the next message finds them at once.
 */
import type { Knex } from 'knex'
import type { OpContext } from '#core/records/context'
import type { MessageChannel, MessageInPayload } from '#core/connectors/messaging'
import { systemCreate, systemUpdate } from '#core/records/system_write'
import { toE164 } from '#core/shared/phone'

const MESSENGERS: MessageChannel[] = ['telegram', 'viber']

const contacts = (op: OpContext) => op.db('contact').whereNull('deleted_at')

/** The resident linked to a messenger address, or the one with that phone or e-mail (only when one has it). */
export async function contactByAddress(op: OpContext, channel: MessageChannel, address: string): Promise<Record<string, any> | undefined> {
  // containment, so the GIN index (identity_indexes.ts) finds it among a city's residents
  if (MESSENGERS.includes(channel))
    return contacts(op)
      .whereRaw('messengers @> ?::jsonb', [JSON.stringify({ [channel]: address })])
      .orderBy('created_at')
      .first()
  if (channel === 'sms') return onlyOne(await byPhone(op, address))
  return onlyOne(await contacts(op).whereRaw('lower(email) = lower(?)', [address]).limit(2))
}

async function byPhone(op: OpContext, phone: string) {
  const e164 = toE164(phone)
  if (!e164) return []
  return contacts(op)
    .where((w) => w.where('phone', e164).orWhere('phone_alt', e164))
    .orderBy('created_at')
    .limit(2)
}

const onlyOne = <T>(rows: T[]) => (rows.length === 1 ? rows[0] : undefined)

/** Stores a messenger address on the resident (a Telegram chat id, a Viber user id). */
export async function linkAddress(op: OpContext, contact: Record<string, any>, channel: MessageChannel, address: string) {
  if (!MESSENGERS.includes(channel) || contact.messengers?.[channel] === address) return
  await systemUpdate(op, 'contact', contact.id, { messengers: { ...(contact.messengers ?? {}), [channel]: address } })
}

/**
 * The resident an inbound message is from, or null. A shared phone nobody has makes a new
 * resident (their name as the channel gives it), lawful as the city's public task.
 */
export async function identifySender(op: OpContext, p: MessageInPayload): Promise<string | null> {
  const linked = await contactByAddress(op, p.channel, p.from)
  if (linked) return linked.id
  const phone = toE164(p.phone ?? (p.channel === 'sms' ? p.from : undefined))
  if (!phone) return null
  const found = await byPhone(op, phone)
  if (found.length) return chosen(op, found, p)
  return (op.db as Knex).transaction(async (db) => {
    // two first messages from one new phone at once (an SMS and a shared phone in Telegram, a
    // resend) make one resident: the second waits for the first's commit, then finds it
    await db.raw('select pg_advisory_xact_lock(hashtext(?))', [`contact:phone:${phone}`])
    const trx = { ...op, db }
    const now = await byPhone(trx, phone)
    if (now.length) return chosen(trx, now, p)
    const messengers = MESSENGERS.includes(p.channel) ? { [p.channel]: p.from } : undefined
    const created = await systemCreate(trx, 'contact', {
      full_name: (p.name?.trim() || phone).slice(0, 200),
      phone,
      legal_basis: 'public_task',
      ...(messengers ? { messengers } : {}),
      ...(p.language === 'en' ? { preferred_language: 'en' } : {}),
      ...(MESSENGERS.includes(p.channel) ? { preferred_channel: p.channel } : {}),
    })
    return created.id as string
  })
}

/** The one resident with the phone (linked to the messenger address), or null when several share it: the operator or the bot chooses. */
async function chosen(op: OpContext, found: Array<Record<string, any>>, p: MessageInPayload): Promise<string | null> {
  if (found.length > 1) return null
  await linkAddress(op, found[0], p.channel, p.from)
  return found[0].id as string
}
