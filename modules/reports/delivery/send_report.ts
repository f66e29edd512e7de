/**
 * The automation action `send_report`: on each tick of a scheduled automation, a report's or a
 * dashboard's figures as a PDF or XLSX attachment by e-mail.
 *
 * Whose figures: row scope applies to every figure, so they are computed as a user —
 * - `as` (a login): computed once as that user and sent to every recipient (`to`, or the
 *   role's users); `to` (addresses outside Vikno) requires it;
 * - without `as`, to a `role`: each active user of the role with an e-mail address gets a
 *   letter computed as themself (nobody receives figures beyond their own scope).
 *
 * Exactly once per tick: the tick's job queues one delivery job per action (dedupe key
 * `report:deliver:<automation>:<tick>:<action>`); each letter is recorded in
 * `sys_report_deliveries` as soon as the SMTP server took it, and a retried job skips the
 * letters recorded. A crash between the server taking a letter and the row being written
 * sends it again, with the same Message-ID.
 *
 * Without `VIKNO_SMTP_URL` a delivery logs one warning and sends nothing (its job completes):
 * the city pack ships the Mayor's weekly report enabled, and a server without a mail server
 * must start and run without failing jobs; the letters start once SMTP is configured.
 */
import { createHash } from 'node:crypto'
import { engine } from '#core/engine/engine'
import { registerAutomationAction, label, fieldName } from '#core/automation/actions'
import { registerJobHandler, scheduleJob } from '#core/jobs/index'
import { actorOf, type UserRow } from '#core/auth/identity'
import type { Label } from '#core/shared/metadata'
import { exportFile } from '../actions/export.js'
import { generatedAt, labelText, type ExportLocale } from '../export/format.js'
import { sendReportLetter } from './mailer.js'

export const DELIVERY_QUEUE = 'reports.deliver'

export interface SendReportConfig {
  type: 'send_report'
  report?: string
  dashboard?: string
  params?: Record<string, unknown>
  format: 'pdf' | 'xlsx'
  to?: string[]
  role?: string
  as?: string
  subject?: Label
  lang?: ExportLocale
}

interface DeliveryJob {
  automation: string
  tick: string
  index: number
  config: SendReportConfig
}

const key = { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 120 }

registerAutomationAction('send_report', {
  schema: {
    type: 'object',
    properties: {
      type: true,
      report: key,
      dashboard: key,
      params: { type: 'object' },
      format: { enum: ['pdf', 'xlsx'] },
      to: { type: 'array', items: { type: 'string', format: 'email', maxLength: 320 }, minItems: 1, maxItems: 100 },
      role: fieldName,
      as: { type: 'string', minLength: 1, maxLength: 120 },
      subject: label,
      lang: { enum: ['uk', 'en'] },
    },
    required: ['type', 'format'],
    oneOf: [{ required: ['report'] }, { required: ['dashboard'] }],
    anyOf: [{ required: ['to'] }, { required: ['role'] }],
    additionalProperties: false,
  },
  check(config, set) {
    const problems: Array<{ pointer: string; message: string }> = []
    if (config.report && !set.get('report', config.report)) problems.push({ pointer: '/report', message: `no report "${config.report}"` })
    if (config.dashboard && !set.get('dashboard', config.dashboard)) problems.push({ pointer: '/dashboard', message: `no dashboard "${config.dashboard}"` })
    if (config.to && !config.as) problems.push({ pointer: '/as', message: 'letters to addresses need `as`: the user whose row scope the figures have' })
    return problems
  },
  async runScheduled({ trx, automation, tick, index, config }) {
    const at = tick.toISOString()
    const payload: DeliveryJob = { automation, tick: at, index, config: config as SendReportConfig }
    await scheduleJob(trx, { queue: DELIVERY_QUEUE, payload, dedupeKey: `report:deliver:${automation}:${at}:${index}` })
  },
})

interface Letter {
  /** Part of the delivery key: `all` (one letter to every recipient) or the recipient's user id. */
  part: string
  to: string[]
  as: UserRow
}

async function activeUser(login: string): Promise<UserRow> {
  const user = await engine.knex('sys_users').where({ login, active: true }).first()
  if (!user) throw new Error(`send_report: no active user "${login}" to compute the figures as`)
  return user
}

/** The letters of one delivery: who gets one and as whom its figures are computed. */
async function lettersOf(config: SendReportConfig): Promise<Letter[]> {
  const members: UserRow[] = config.role
    ? await engine
        .knex('sys_users')
        .where({ active: true })
        .whereRaw('roles @> ?::jsonb', [JSON.stringify([config.role])])
        .whereNotNull('email')
        .orderBy('login')
    : []
  if (config.as) {
    const to = [...new Set([...(config.to ?? []), ...members.map((m) => (m as UserRow & { email: string }).email)])]
    return to.length ? [{ part: 'all', to, as: await activeUser(config.as) }] : []
  }
  return members.map((m) => ({ part: m.id, to: [(m as UserRow & { email: string }).email], as: m }))
}

function messageIdOf(deliveryKey: string) {
  return `<report.${createHash('sha256').update(deliveryKey).digest('hex').slice(0, 40)}@vikno>`
}

registerJobHandler<DeliveryJob>(DELIVERY_QUEUE, {
  async handle(job) {
    const { automation, tick, index, config } = job.payload
    if (!process.env.VIKNO_SMTP_URL) {
      console.warn(`send_report ${automation}: VIKNO_SMTP_URL is not set, the letters of the tick ${tick} are not sent`)
      return
    }
    for (const letter of await lettersOf(config)) {
      const deliveryKey = `${automation}:${tick}:${index}:${letter.part}`
      if (await engine.knex('sys_report_deliveries').where({ key: deliveryKey }).first('key')) continue // sent by an earlier attempt
      const locale: ExportLocale = config.lang ?? (letter.as.locale === 'en' ? 'en' : 'uk')
      const op = { set: engine.set, actor: actorOf(letter.as, locale), db: engine.knex }
      const file = await exportFile(op, config, config.format, locale)
      const made = generatedAt(locale)
      const messageId = messageIdOf(deliveryKey)
      const sent = sendReportLetter({
        to: letter.to,
        subject: config.subject ? labelText(config.subject, locale) : `${file.title} — ${made}`,
        text:
          locale === 'en'
            ? `"${file.title}", generated ${made}, is attached.\n\nSent by Vikno (automation ${automation}).`
            : `У вкладенні — «${file.title}», сформовано ${made}.\n\nНадіслано системою Vikno (автоматизація ${automation}).`,
        attachment: { fileName: file.fileName, contentType: file.contentType, content: file.body },
        messageId,
      })
      await sent.catch((error: Error) => {
        throw new Error(`send_report ${automation}: the letter to ${letter.to.join(', ')} failed: ${error.message}`)
      })
      await engine
        .knex('sys_report_deliveries')
        .insert({ key: deliveryKey, automation, tick, format: config.format, recipients: JSON.stringify(letter.to), message_id: messageId })
        .onConflict('key')
        .ignore()
    }
  },
})
