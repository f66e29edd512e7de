/**
 * Tells residents when their request changes state: a record hook on `ticket` queues a durable
 * job (sys_jobs, in the write's transaction: only committed changes, survives restarts) for
 * each state change of a request with a resident; the job calls `notifyTicketChange` with the
 * sender the messaging core plugs in (`setTicketNotifier(sendToContact)`). A resolution carries
 * its text and the feedback buttons (`fb:<id>:1..5`, `fb:<id>:unsolved`, feedback.ts).
 * Changes the resident made themself through the bot (feedback) are not echoed back.
 */
import type { MessageButton } from '#core/connectors/messaging'
import { engine } from '#core/engine/engine'
import { registerJobHandler, scheduleJob } from '#core/jobs/index'
import type { OpContext } from '#core/records/context'
import { registerRecordHook } from '#core/records/hooks'
import type { OutboundMessage } from '../conversation.js'
import { RESIDENT_ROLE } from './actors.js'
import { say } from './texts.js'
import { stateLabel, workflowOf } from './ticket_facts.js'
import type { BotDoc, Lang } from './types.js'

/**
 * Sends a message to a resident by their messaging channel; the core's `sendToContact`.
 * `dedupeKey` makes a repeated notification (the job run again after a crash) one message.
 */
export type SendToContact = (contactId: string, message: OutboundMessage, dedupeKey?: string) => Promise<unknown>

export const NOTIFY_QUEUE = 'messaging.bot_notify'

let sender: SendToContact | undefined

/** The coordinator plugs the messaging core's sender in here. */
export function setTicketNotifier(send: SendToContact | undefined): void {
  sender = send
}

/** The sender plugged in now (a spec that swaps it puts this one back). */
export function ticketNotifier(): SendToContact | undefined {
  return sender
}

export interface TicketChange {
  ticket: string
  from: string | null
  to: string
}

/**
 * The message for one state change of a request, sent to its resident with `send`; returns
 * it (or null when there is nobody to tell). Resolved: the resolution and the rating buttons;
 * otherwise the new state's label.
 */
export async function notifyTicketChange(op: OpContext, change: TicketChange, send: SendToContact, dedupeKey?: string): Promise<OutboundMessage | null> {
  const t = await op.db('ticket').where({ id: change.ticket }).first('id', 'number', 'request_type', 'status', 'resident', 'resolution')
  if (!t?.resident || t.status !== change.to) return null // moved on since: the later change tells
  const contact = await op.db('contact').where({ id: t.resident }).first('preferred_language')
  const lang: Lang = contact?.preferred_language === 'en' ? 'en' : 'uk'
  const doc = op.set.list<BotDoc>('bot')[0]
  const category = workflowOf(op.set, t)?.states[change.to]?.category
  const state = stateLabel(op.set, t, lang, change.to).toLocaleLowerCase('uk')
  let message: OutboundMessage
  if (category === 'resolved') {
    const rate: MessageButton[] = [1, 2, 3, 4, 5].map((n) => ({ label: `${n} ⭐`, action: `fb:${t.id}:${n}` }))
    message = {
      text: say(doc, lang, 'resolved', { number: String(t.number), resolution: String(t.resolution ?? state) }),
      buttons: [rate.slice(0, 3), rate.slice(3), [{ label: say(doc, lang, 'fb_unsolved'), action: `fb:${t.id}:unsolved` }]],
      ticketId: t.id,
    }
  } else message = { text: say(doc, lang, 'status_changed', { number: String(t.number), state }), ticketId: t.id }
  await send(String(t.resident), message, dedupeKey)
  return message
}

let installed = false

/** The hook that queues a notification per state change, and the job that sends it. */
export function installTicketNotifications(): void {
  if (installed) return
  installed = true
  registerRecordHook('ticket', {
    name: 'messaging_bot_notify',
    // nothing on a create: a new request stays one statement
    createInOneStatement: true,
    async afterWrite({ trx, op, before, after }) {
      if (op === 'create' || op === 'delete' || !before || !after?.resident || before.status === after.status) return
      if (trx.actor.roles.includes(RESIDENT_ROLE)) return // the resident's own feedback
      await scheduleJob(trx.db, {
        queue: NOTIFY_QUEUE,
        payload: { ticket: after.id, from: before.status ?? null, to: after.status },
        dedupeKey: `bot_notify:${after.id}:${after.version}`,
      })
    },
  })
  registerJobHandler<TicketChange>(NOTIFY_QUEUE, {
    async handle(job) {
      if (!sender) return // not wired: nothing to send with
      await notifyTicketChange(
        { set: engine.set, db: engine.knex, actor: { id: null, roles: [], attributes: {}, locale: 'uk', system: true } },
        job.payload,
        sender,
        job.dedupeKey ?? `bot_notify:job:${job.id}`
      )
    },
  })
}
