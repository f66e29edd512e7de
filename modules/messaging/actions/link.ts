/**
 * POST /api/v1/actions/messaging.link `{message, contact}`: an operator tells who the unknown
 * sender of an inbound message is (link.ts). Operators only (403 otherwise); the message and
 * the resident must be readable by them (404), and they must be allowed to update residents
 * (403). 422 at `/message` or `/contact` when the link cannot be made.
 */
import { defineAction } from '#core/modules/define'
import { get } from '#core/records/read'
import { inTransaction } from '#core/records/write'
import { requireOperator } from '../access.js'
import { linkSender } from '../link.js'

const uuid = { type: 'string', format: 'uuid' }

export const link = defineAction<{ message: string; contact: string }>({
  method: 'POST',
  summary: 'Links the unknown sender of an inbound message to a resident',
  input: { type: 'object', properties: { message: uuid, contact: uuid }, required: ['message', 'contact'], additionalProperties: false },
  async handle(op, input) {
    requireOperator(op, 'message', 'read')
    requireOperator(op, 'contact', 'update')
    await get(op, 'message', input.message)
    await get(op, 'contact', input.contact)
    const data = await inTransaction(op, async (trx) => {
      const message = await trx.db('message').where({ id: input.message }).forUpdate().first()
      const contact = await trx.db('contact').where({ id: input.contact }).whereNull('deleted_at').forUpdate().first()
      return linkSender(trx, message, contact)
    })
    return { data }
  },
})
