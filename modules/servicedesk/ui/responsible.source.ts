import type { ReferenceSourceDef } from '../../../core/ui/src/extensions.js'
import { get } from '../../../core/ui/src/api/client.js'
import { remember } from '../../../core/ui/src/api/references.js'

/**
 * A request's responsible is one of its company's own staff: the picker (on the request and in
 * the "assign" dialog) offers only them (servicedesk.workers); the server refuses anyone else.
 */
export const source: ReferenceSourceDef = {
  entity: 'ticket',
  field: 'responsible',
  async search(record, text) {
    if (typeof record.id !== 'string') return []
    const qs = new URLSearchParams({ ticket: record.id, ...(text.trim() ? { q: text.trim() } : {}) })
    const found = (await get<{ data: Array<{ id: string; name: string }> }>(`/api/v1/actions/servicedesk.workers?${qs}`)).data
    for (const u of found) remember('user', u.id, u.name)
    return found
  },
}
