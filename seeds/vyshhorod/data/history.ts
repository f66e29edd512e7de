/**
 * A few hundred historical requests for the demo city, so lists, timelines and reports have
 * data: filed over the last 60 days through the records pipeline (numbers, routing, SLA),
 * then moved along their workflow in time. Deterministic (fixed seed); marked `demo`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { OpContext } from '#core/records/context'
import { slaFields } from '../../../modules/servicedesk/hooks/sla.js'
import { encodeJson } from '#core/records/write'

type Load = (entity: string, rows: Record<string, unknown>[]) => Promise<string[]>

const HERE = fileURLToPath(new URL('.', import.meta.url))
const TICKETS = 300
const DAY = 86_400_000

function mulberry32(seed: number) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A value a field schema accepts, when one is easy to make; undefined otherwise. */
function sample(schema: any): unknown {
  if (schema.enum) return schema.enum[0]
  if (schema.oneOf?.[0]?.const !== undefined) return schema.oneOf[0].const
  if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1
  if (schema.type === 'boolean') return false
  if (schema.type === 'string') {
    const digits = /^\^\[0-9\]\{(\d+)/.exec(schema.pattern ?? '')
    if (digits) return '7'.repeat(Number(digits[1]))
    if (!schema.pattern && !schema.format) return 'н/д'
  }
  return undefined
}

const PHRASES = ['Прошу вжити заходів', 'Проблема повторюється', 'Дуже просимо допомогти', 'Звертаюсь вдруге', 'Терміново']

export async function history(load: Load, refs: Record<string, string>, options: { op: OpContext }) {
  const rand = mulberry32(20261125)
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]
  // the engine's own ajv (with formats), so samples are checked as the API will check them
  const { ajv } = await import('#core/validation/ajv')
  const typesDir = join(HERE, '..', 'request_types')
  const types: Array<{ key: string; label: string; extra: Record<string, unknown> }> = []
  for (const file of readdirSync(typesDir).sort()) {
    const rt = JSON.parse(readFileSync(join(typesDir, file), 'utf8'))
    if (rt.redirect && !rt.redirect.record) continue
    const extra: Record<string, unknown> = {}
    for (const f of rt.requiredFields ?? []) extra[f] = sample(rt.fields[f])
    const ok = ajv.validate({ type: 'object', properties: rt.fields ?? {}, required: rt.requiredFields ?? [] }, extra)
    if (ok) types.push({ key: rt.key, label: rt.label.uk, extra })
  }
  const places = Object.entries(refs).filter(([k]) => /^(a|b)_/.test(k)).map(([, id]) => id)
  const residents = Object.entries(refs).filter(([k]) => k.startsWith('c_')).map(([, id]) => id)
  if (!types.length || !places.length) return
  const rows = Array.from({ length: TICKETS }, () => {
    const type = pick(types)
    return {
      request_type: type.key,
      object: pick(places),
      resident: residents.length && rand() < 0.8 ? pick(residents) : undefined,
      description: `${type.label}. ${pick(PHRASES)}.`,
      extra: type.extra,
      channel: pick(['phone', 'phone', 'phone', 'bot', 'portal', 'email']),
      demo: true,
    }
  })
  const ids = await load('ticket', rows)

  // move each request along in time: filed 1–60 days ago, most of them resolved and closed
  const { op } = options
  const now = Date.now()
  await op.db.transaction(async (trx) => {
    for (const id of ids) {
      const row = await trx('ticket').where({ id }).first()
      const filed = now - Math.floor((1 + rand() * 59) * DAY)
      const at = (hours: number) => new Date(filed + hours * 3_600_000)
      const fate = rand()
      const history = [{ state: 'new', at: at(0).toISOString() }]
      const values: Record<string, unknown> = { created_at: at(0), updated_at: at(0) }
      if (fate > 0.1) {
        history.push({ state: 'in_progress', at: at(2).toISOString() })
        values.first_response_at = at(2)
        values.status = 'in_progress'
      }
      if (fate > 0.3) {
        const took = 4 + rand() * 90
        history.push({ state: 'resolved', at: at(took).toISOString() })
        Object.assign(values, { status: 'resolved', resolved_at: at(took), resolution: 'Роботи виконано' })
        if (fate > 0.45) {
          history.push({ state: 'closed', at: at(took + 24).toISOString() })
          Object.assign(values, { status: 'closed', closed_at: at(took + 24), feedback_rating: 3 + Math.floor(rand() * 3), feedback_solved: true })
        }
      }
      values.state_history = history
      const merged = { ...row, ...values }
      const sla = slaFields(op.set, merged, new Date(now))
      const entity = op.set.entity('ticket')!
      await trx('ticket').where({ id }).update(encodeJson(entity, { ...values, ...(sla?.fields ?? {}) }))
    }
    // their timers were planned for the filing time of today: history needs none
    await trx('sys_jobs').where({ queue: 'servicedesk.sla' }).whereRaw("payload->>'ticket' = any(?)", [ids]).whereNull('done_at').delete()
  })
  await callHistory(load, op, rand)
}

const CALLS_PER_DAY = 40
const QUEUES = ['operators', 'operators', 'water', 'heating']

/**
 * A month of the city line's calls for the contact-center reports: about 40 a day, more in
 * the morning, one in eight missed; answered after 5–90 s, talked 1–7 min; today's up to now.
 */
async function callHistory(load: Load, op: OpContext, rand: () => number) {
  const now = Date.now()
  const startOfToday = new Date(new Date(now).toISOString().slice(0, 10) + 'T06:00:00Z').getTime()
  const moments: number[] = []
  for (let day = 30; day >= 0; day--) {
    for (let i = 0; i < CALLS_PER_DAY; i++) {
      // 08:00–20:00 Kyiv, weighted to the morning
      const at = startOfToday - day * DAY + Math.floor(Math.pow(rand(), 1.6) * 12 * 3_600_000)
      if (at < now) moments.push(at)
    }
  }
  const rows = moments.map((_, i) => ({ call_id: `demo-${i + 1}`, direction: 'inbound', caller: `+38067${String(1_000_000 + Math.floor(rand() * 8_999_999))}`, queue: QUEUES[i % QUEUES.length] }))
  const ids = await load('call', rows)
  await op.db.transaction(async (trx) => {
    for (const [i, id] of ids.entries()) {
      const started = new Date(moments[i])
      const missed = rand() < 0.125
      const answered = missed ? null : new Date(moments[i] + (5 + Math.floor(rand() * 85)) * 1000)
      const ended = answered ? new Date(answered.getTime() + (60 + Math.floor(rand() * 360)) * 1000) : new Date(moments[i] + 40_000)
      await trx('call')
        .where({ id })
        .update({ started_at: started, answered_at: answered, ended_at: ended, disposition: missed ? 'missed' : 'ended', created_at: started, updated_at: ended })
    }
  })
}
