import { defineAction } from '#core/modules/define'
import { entityFor } from '#core/records/context'
import type { RequestTypeDoc } from '../kinds/request_type.js'
import { words } from '#core/shared/words'

/**
 * GET /api/v1/actions/servicedesk.request_types?q=&channel= — request types for the operator's
 * picker: every word typed must start a word of the label or keywords (так "вод" finds
 * "Немає холодної води"); most used in the last 90 days first.
 */
export const request_types = defineAction({
  method: 'GET',
  summary: "Request types for the operator's picker, most used first",
  input: { type: 'object', properties: { q: { type: 'string', maxLength: 200 }, channel: { type: 'string', maxLength: 64 } } },
  async handle(op, input) {
    entityFor(op, 'ticket', 'read')
    const query = words(String(input.q ?? ''))
    const channel = typeof input.channel === 'string' ? input.channel : undefined
    const usage = new Map<string, number>()
    const rows = await op
      .db('ticket')
      .where('created_at', '>', new Date(Date.now() - 90 * 86_400_000))
      .groupBy('request_type')
      .select('request_type')
      .count({ n: '*' })
    for (const r of rows as any[]) usage.set(r.request_type, Number(r.n))
    const types = op.set.list<RequestTypeDoc>('request_type').filter((rt) => {
      if (rt.active === false) return false // retired: old requests keep it, new ones cannot take it
      if (channel && rt.channels && !rt.channels.includes(channel)) return false
      if (!query.length) return true
      const vocabulary = words([rt.label.uk, rt.label.en ?? '', ...(rt.keywords ?? [])].join(' '))
      return query.every((q) => vocabulary.some((w) => w.startsWith(q)))
    })
    types.sort((a, b) => (usage.get(b.key) ?? 0) - (usage.get(a.key) ?? 0) || a.label.uk.localeCompare(b.label.uk, 'uk'))
    return {
      data: types.map((rt) => ({
        key: rt.key,
        label: rt.label,
        category: rt.category,
        defaultPriority: rt.defaultPriority ?? 'normal',
        instructions: rt.instructions ?? null,
        redirect: rt.redirect ?? null,
        fields: rt.fields ?? {},
        requiredFields: rt.requiredFields ?? [],
        public: rt.public ?? false,
        usage: usage.get(rt.key) ?? 0,
      })),
    }
  },
})
