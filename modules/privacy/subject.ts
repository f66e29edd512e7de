/**
 * Subject access (Law of Ukraine "On personal data protection", art. 8): everything the
 * system holds about one person, found from their contact, and nothing about anyone else.
 */
import type { OpContext } from '#core/records/context'
import { get, list, isUuid } from '#core/records/read'
import type { RecordData } from '#core/records/serialize'
import { normalisePhone } from '#core/schema/field_types'
import { writeAudit } from '#core/audit/audit'
import { invalid, notFound, Problem } from '#core/errors/problem'
import { isAdmin } from '#core/permissions/policy'

/** Records past this many per entity are not a person's: something is wrong, stop. */
const MAX_PER_ENTITY = 5_000

export interface SubjectInput {
  contact?: string
  phone?: string
}

/** Only administrators handle subject requests; others learn nothing, not even that it exists. */
export function requireAdmin(op: OpContext) {
  if (!isAdmin(op.set, op.actor)) throw new Problem('forbidden', [], {}, 'subject access and erasure are for administrators')
}

/** The contact a request names: by id, or by a phone that exactly one contact has. */
export async function findSubject(op: OpContext, input: SubjectInput): Promise<string> {
  if (input.contact !== undefined) {
    if (!isUuid(input.contact)) throw invalid([{ pointer: '/contact', message: 'a contact id (uuid)', code: 'format' }])
    if (!(await op.db('contact').where({ id: input.contact }).first('id'))) throw notFound()
    return input.contact
  }
  if (typeof input.phone !== 'string' || !input.phone) throw invalid([{ pointer: '/contact', message: 'contact or phone is required', code: 'required' }])
  let phone: string
  try {
    phone = normalisePhone(input.phone)
  } catch {
    throw invalid([{ pointer: '/phone', message: 'not a phone number', code: 'invalid_phone' }])
  }
  const ids = (await op.db('contact').where({ phone }).orWhere({ phone_alt: phone }).pluck('id')) as string[]
  if (!ids.length) throw notFound()
  // a shared (family) phone: the administrator must say whose data is asked for
  if (ids.length > 1) throw invalid([{ pointer: '/phone', message: 'several contacts have this phone: ask by contact id', code: 'ambiguous' }], { candidates: ids })
  return ids[0]
}

/** Every page of a list, for an administrator (the read path logs views of personal records). */
async function all(op: OpContext, entity: string, filter: unknown): Promise<RecordData[]> {
  if (!op.set.entity(entity)) return []
  const out: RecordData[] = []
  let cursor: string | undefined
  do {
    const page = await list(op, entity, { filter: filter as any, limit: 500, cursor })
    out.push(...page.data)
    cursor = page.nextCursor ?? undefined
  } while (cursor && out.length < MAX_PER_ENTITY)
  return out
}

/** The portal user linked to the contact (resident accounts carry `attributes.contact`). */
export async function linkedUsers(op: OpContext, contactId: string) {
  return op.db('sys_users').whereRaw(`attributes->>'contact' = ?`, [contactId]).select('id', 'login', 'name', 'email', 'locale', 'created_at')
}

/** The records of a subject, by entity: what erasure works on and what the export shows. */
export async function subjectRecords(op: OpContext, contactId: string) {
  const contact = (await get(op, 'contact', contactId)).data
  const phones = [contact.phone, contact.phone_alt].filter((p): p is string => typeof p === 'string')
  const users = await linkedUsers(op, contactId)
  const userIds = users.map((u: any) => u.id as string)
  const byContact = { contact: { eq: contactId } }
  // unlinked calls from their number, or to it (outbound), are theirs too
  const unlinked = { and: [{ contact: { isNull: true } }, { or: [{ caller: { in: phones } }, { and: [{ direction: { eq: 'outbound' } }, { callee: { in: phones } }] }] }] }
  const calls = await all(op, 'call', phones.length ? { or: [byContact, unlinked] } : byContact)
  return {
    users,
    records: {
      contact: [contact],
      ticket: await all(op, 'ticket', { resident: { eq: contactId } }),
      personal_account: (await all(op, 'personal_account', { or: [{ holder: { eq: contactId } }, { residents: { eq: contactId } }] })).map((a) => ({
        // the account's other residents are other people: only this person's link to it
        id: a.id,
        number: a.number,
        apartment: a.apartment,
        provider: a.provider,
        role: a.holder === contactId ? 'holder' : 'resident',
      })),
      call: calls,
      callback: await all(op, 'callback', byContact),
      message: await all(op, 'message', byContact),
      comment: userIds.length ? await all(op, 'comment', { created_by: { in: userIds } }) : [],
    } as Record<string, RecordData[] | Array<Record<string, unknown>>>,
    userIds,
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Audit rows of shared records (a personal account with several residents, a request moved
 * from one resident to another) name other people: their contact ids become `[other person]`.
 */
async function maskOtherPeople(op: OpContext, contactId: string, rows: Array<{ changes: unknown }>) {
  const found = new Set<string>()
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && UUID.test(v) && v !== contactId) found.add(v)
    else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  rows.forEach((r) => walk(r.changes))
  if (!found.size) return
  const others = new Set(
    (await op
      .db('contact')
      .whereIn('id', [...found])
      .pluck('id')) as string[]
  )
  if (!others.size) return
  const mask = (v: unknown): unknown =>
    typeof v === 'string'
      ? others.has(v)
        ? '[other person]'
        : v
      : Array.isArray(v)
        ? v.map(mask)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mask(x)]))
          : v
  for (const row of rows) row.changes = mask(row.changes)
}

/**
 * The export: the person's records, the audit rows about those records (or made by their
 * portal account) and who viewed them. Audit rows are shown as stored: after an erasure their
 * old values remain (the audit is append-only, see README "Security").
 */
export async function subjectExport(op: OpContext, input: SubjectInput) {
  requireAdmin(op)
  const contactId = await findSubject(op, input)
  const { users, records, userIds } = await subjectRecords(op, contactId)
  const keys: Array<[string, string]> = Object.entries(records).flatMap(([entity, rows]) => rows.map((r) => [entity, String(r.id)] as [string, string]))
  const about = (qb: any) => {
    qb.where((w: any) => {
      for (const [entity, id] of keys) w.orWhere({ entity, record_id: id })
    })
  }
  const audit = await op
    .db('sys_audit')
    .where((qb: any) => {
      about(qb)
      if (userIds.length) qb.orWhereIn('actor_id', userIds)
    })
    .orderBy('id')
    .limit(20_000)
    .select('id', 'at', 'actor_id', 'entity', 'record_id', 'action', 'changes')
  await maskOtherPeople(op, contactId, audit)
  const views = await op.db('sys_record_views').where(about).orderBy('id').limit(20_000).select('id', 'at', 'actor_id', 'entity', 'record_id')
  await writeAudit(op.db, op.actor, {
    entity: 'contact',
    recordId: contactId,
    action: 'subject_access',
    changes: { records: Object.fromEntries(Object.entries(records).map(([k, v]) => [k, v.length])) },
  })
  return {
    subject: { contact: contactId },
    generatedAt: new Date().toISOString(),
    records,
    accounts: users,
    audit,
    views,
    notes: {
      uk: 'Журнал аудиту лише доповнюється: після знеособлення в давніх рядках лишаються псевдонімні ідентифікатори і попередні значення; їх приховування — окрема привілейована процедура.',
      en: 'The audit is append-only: after an erasure old rows keep pseudonymous ids and previous values; masking them is a separate privileged procedure.',
    },
  }
}
