/**
 * The privacy module: subject access and erasure for administrators (Law of Ukraine "On
 * personal data protection"). It knows the domain's personal data (contacts, their requests,
 * calls, messages, comments), so it lives here and not in core.
 * GET /api/v1/actions/privacy.subject?contact=<id>|phone=<phone> — everything about one person.
 * POST /api/v1/actions/privacy.erase {contact, confirm: true} — pseudonymise that person.
 */
import { registerModuleAction } from '#core/http/module_actions'
import { subjectExport } from './subject.js'
import { eraseSubject } from './erase.js'

registerModuleAction('privacy.subject', {
  method: 'GET',
  handle: async (op, input, ctx) => {
    ctx?.response.header('cache-control', 'no-store')
    return subjectExport(op, { contact: typeof input.contact === 'string' ? input.contact : undefined, phone: typeof input.phone === 'string' ? input.phone : undefined })
  },
})

registerModuleAction('privacy.erase', {
  method: 'POST',
  handle: async (op, input) => eraseSubject(op, { contact: typeof input.contact === 'string' ? input.contact : undefined, confirm: input.confirm }),
})
