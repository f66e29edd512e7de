/**
 * Where each conversation is: one row of sys_bot_conversations per connector instance and
 * sender address. A conversation silent for 24 hours starts again at the menu (its half-filled
 * request is dropped: nothing was registered).
 */
import type { Knex } from 'knex'
import type { Conversation, Lang } from './types.js'

export const EXPIRY_MS = 24 * 3_600_000

/** The conversation of this sender, or a fresh one (at the menu) when none or expired. */
export async function loadConversation(db: Knex, instance: string, address: string, language: Lang, now = new Date()): Promise<Conversation> {
  const row = await db('sys_bot_conversations').where({ instance, address }).first()
  if (!row || now.getTime() - new Date(row.updated_at).getTime() > EXPIRY_MS) {
    return { instance, address, flow: null, step: null, data: row?.data?.contactId ? { contactId: row.data.contactId } : {}, language }
  }
  return { instance, address, flow: row.flow, step: row.step, data: row.data ?? {}, language: row.language === 'en' ? 'en' : 'uk' }
}

export async function saveConversation(db: Knex, c: Conversation): Promise<void> {
  const values = { flow: c.flow, step: c.step, data: JSON.stringify(c.data), language: c.language, updated_at: db.fn.now() }
  await db('sys_bot_conversations')
    .insert({ instance: c.instance, address: c.address, ...values })
    .onConflict(['instance', 'address'])
    .merge(values)
}

/** Back to the menu, keeping who the sender is. */
export function reset(c: Conversation): void {
  c.flow = null
  c.step = null
  c.data = c.data.contactId ? { contactId: c.data.contactId } : {}
}

/** Deletes conversations silent for longer than the expiry (a daily clean-up may call it). */
export async function purgeConversations(db: Knex, now = new Date()): Promise<number> {
  return db('sys_bot_conversations')
    .where('updated_at', '<', new Date(now.getTime() - EXPIRY_MS))
    .delete()
}
