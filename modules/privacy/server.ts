/**
 * The privacy module: subject access and erasure for administrators (Law of Ukraine "On
 * personal data protection"). It knows the domain's personal data (contacts, their requests,
 * calls, messages, comments), so it lives here and not in core.
 */
import { defineModule, defineAction } from '#core/modules/define'
import { registerAuditAction } from '#core/audit/audit'
import { subjectExport, type SubjectInput } from './subject.js'
import { eraseSubject, type EraseInput } from './erase.js'

declare module '#core/audit/audit' {
  interface AuditActions {
    subject_access: true
    erasure: true
  }
}

const uuid = { type: 'string', format: 'uuid' }

/** GET /api/v1/actions/privacy.subject?contact=<id>|phone=<phone>: everything about one person. */
const subject = defineAction<SubjectInput>({
  method: 'GET',
  summary: 'Subject access: everything held about one person (administrators)',
  input: { type: 'object', properties: { contact: uuid, phone: { type: 'string', maxLength: 32 } }, additionalProperties: false },
  handle: async (op, input, ctx) => {
    ctx?.response.header('cache-control', 'no-store')
    return subjectExport(op, input)
  },
})

/** POST /api/v1/actions/privacy.erase {contact, confirm: true}: pseudonymise that person. */
const erase = defineAction<EraseInput>({
  method: 'POST',
  summary: 'Erasure: pseudonymise one person, keeping request numbers and statistics (administrators)',
  input: { type: 'object', properties: { contact: uuid, confirm: { type: 'boolean' } }, required: ['contact'], additionalProperties: false },
  handle: async (op, input) => eraseSubject(op, input),
})

export default defineModule({
  key: 'privacy',
  dependsOn: ['contacts', 'servicedesk'],
  actions: { subject, erase },
  setup() {
    registerAuditAction('subject_access', { uk: 'Видача даних особі', en: 'Subject access' })
    registerAuditAction('erasure', { uk: 'Знеособлення', en: 'Erasure' })
  },
})
