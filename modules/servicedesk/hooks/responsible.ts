/**
 * A company's staff (users with a `counterparty` attribute, e.g. contractor dispatchers) may
 * make only their own company's people responsible for a request or an assignment: the user
 * list is readable to them for names, but handing a request to another company's worker would
 * show it to that worker. City staff (no counterparty) and the system may choose anyone.
 */
import { registerRecordHook, type RecordHook } from '#core/records/hooks'
import { invalid } from '#core/errors/problem'
import { isAdmin } from '#core/permissions/policy'

const hook: RecordHook = {
  name: 'servicedesk_responsible_company',
  createInOneStatement: true, // it only reads the chosen user
  async beforeWrite({ trx, values }) {
    const company = trx.actor.attributes?.counterparty
    if (!('responsible' in values) || values.responsible == null || !company || trx.actor.system) return
    if (isAdmin(trx.set, trx.actor)) return
    const user = await trx.db('sys_users').where({ id: values.responsible }).first('attributes')
    const attributes = typeof user?.attributes === 'string' ? JSON.parse(user.attributes) : user?.attributes
    if (attributes?.counterparty === company) return
    const en = trx.actor.locale === 'en'
    throw invalid([{ pointer: '/responsible', message: en ? 'Only a worker of your company may be responsible' : 'Відповідальним може бути лише працівник вашої компанії', code: 'other_company' }])
  },
}

registerRecordHook('ticket', hook)
registerRecordHook('assignment', hook)
