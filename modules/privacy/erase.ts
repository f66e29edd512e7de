/**
 * Erasure by pseudonymisation: the person's identifying data and the free text they wrote
 * are replaced, every change through the records write path (audited, versioned, live),
 * while ids, request numbers, dates, types and states stay, so statistics and the audit
 * chain hold. The audit rows written by the erasure keep which fields changed, not their old
 * values (core/audit/audit.ts, `redactAudit`); older audit rows are not rewritten.
 */
import { randomBytes } from 'node:crypto'
import type { OpContext } from '#core/records/context'
import { update, remove } from '#core/records/write'
import { writeAudit } from '#core/audit/audit'
import { invalid } from '#core/errors/problem'
import { findSubject, requireAdmin, subjectRecords } from './subject.js'

/** Placeholder for free text that must stay non-empty (a request's description). */
export const ERASED_TEXT = '[видалено на вимогу особи / erased at the person’s request]'

/** What becomes of each personal field, per entity: a value, or `text` for the placeholder. */
const PLAN: Record<string, Record<string, unknown>> = {
  contact: { phone: null, phone_alt: null, email: null, messengers: null, note: null, addresses: [], consent: false },
  ticket: { description: 'text', feedback_comment: null, photo: null },
  message: { body: 'text' },
  call: { caller: null, recording: null },
  comment: { body: 'text' },
}

export interface EraseInput {
  contact?: string
  confirm?: boolean
}

/** The body of one record's update: only fields the entity has and that still hold something. */
function changesFor(op: OpContext, entity: string, record: Record<string, unknown>): Record<string, unknown> {
  const fields = op.set.entity(entity)?.fields ?? {}
  const body: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(PLAN[entity] ?? {})) {
    if (!(name in fields)) continue
    const target = value === 'text' ? ERASED_TEXT : value
    if (JSON.stringify(record[name] ?? null) !== JSON.stringify(target) && !(Array.isArray(target) && !target.length && !(record[name] as unknown[] | undefined)?.length)) body[name] = target
  }
  return body
}

export async function eraseSubject(op: OpContext, input: EraseInput) {
  requireAdmin(op)
  if (input.confirm !== true) throw invalid([{ pointer: '/confirm', message: 'erasure cannot be undone: send "confirm": true', code: 'required' }])
  const contactId = await findSubject(op, { contact: input.contact ?? '' })
  const pseudonym = `Особа ${randomBytes(4).toString('hex')}`
  const changed: Record<string, number> = {}
  // one transaction: a person is erased entirely or not at all; audit rows keep no old values
  await (op.db as any).transaction(async (trx: any) => {
    const inner: OpContext = { ...op, db: trx, actor: { ...op.actor, redactAudit: true } }
    const { records } = await subjectRecords(inner, contactId)
    for (const [entity, rows] of Object.entries(records)) {
      if (!PLAN[entity]) continue
      for (const row of rows) {
        const body = changesFor(inner, entity, row)
        if (entity === 'contact') body.full_name = pseudonym
        // an outbound call's callee is the person's number (an inbound one's is the city line)
        if (entity === 'call' && row.direction === 'outbound' && row.callee != null) body.callee = null
        if (!Object.keys(body).length) continue
        await update(inner, entity, String(row.id), body)
        changed[entity] = (changed[entity] ?? 0) + 1
      }
    }
    // a callback is a task to ring the person back: it cannot exist without their phone
    for (const row of records.callback ?? []) {
      await remove(inner, 'callback', String(row.id))
      changed.callback = (changed.callback ?? 0) + 1
    }
    await writeAudit(trx, op.actor, { entity: 'contact', recordId: contactId, action: 'erasure', changes: { records: changed, fields: PLAN } })
  })
  return { contact: contactId, pseudonym, changed }
}
