import { PDFParse } from 'pdf-parse'
import { DateTime } from 'luxon'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { publishDocuments, type DraftChange } from '#core/testing/metadata'
import { engine } from '#core/engine/engine'
import { upsertUser } from '#core/auth/identity'
import { runDueJobsOnce } from '#core/jobs/index'
import { queueNextTick, SCHEDULE_QUEUE } from '#core/automation/schedule'
import type { AutomationDoc } from '#core/automation/trigger'
import { SmtpPeer } from '../connectors/email/testing/smtp_peer.js'
import { DELIVERY_QUEUE } from '../modules/reports/delivery/send_report.js'

const kyiv = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Kyiv' }).toJSDate()
const APRIL = { from: '2003-04-01', to: '2003-04-30' }

const draft = (admin: ApiClient, docs: Array<Record<string, any>>, publish: boolean) => publishDocuments(admin, docs as DraftChange[], { validate: !publish })

const report = {
  kind: 'report',
  key: 'spec_by_company',
  label: { uk: 'Звернення за виконавцями', en: 'Requests by company' },
  entity: 'ticket',
  dimensions: [{ key: 'company', label: { uk: 'Виконавець', en: 'Company' }, field: 'contractor' }],
  measures: [{ key: 'requests', label: { uk: 'Звернень', en: 'Requests' }, fn: 'count' }],
  parameters: [
    { key: 'period', type: 'period', field: 'created_at' },
    { key: 'company', type: 'reference', to: 'counterparty', fields: ['contractor'] },
  ],
  presentation: { type: 'table' },
  roles: ['contractor_dispatcher'],
}
const dashboard = {
  kind: 'dashboard',
  key: 'spec_weekly',
  label: { uk: 'Щотижневий звіт', en: 'Weekly report' },
  roles: ['contractor_dispatcher'],
  parameters: [
    { key: 'period', type: 'period' },
    { key: 'company', type: 'reference', to: 'counterparty' },
  ],
  panels: [{ report: 'spec_by_company', x: 0, y: 0, w: 12, h: 4 }],
}
const automation = (key: string, action: Record<string, unknown>, on: Record<string, unknown> = { event: 'schedule', cron: '0 8 * * 1' }) => ({
  kind: 'automation',
  key,
  label: { uk: 'Розсилка звіту' },
  entity: 'ticket',
  on,
  actions: [{ type: 'send_report', ...action }],
})

/**
 * Scheduled delivery (send_report): a dashboard as a PDF to each user of a role, computed by
 * the report engine as that user (their row scope: a contractor's dispatcher sees their own
 * company), sent once per tick through a real SMTP server even when the delivery job fails
 * halfway and is retried, or runs again.
 *
 * Requests in April 2003 (Kyiv time): two of company A, five of company B.
 */
describe('reports sent by a scheduled automation', () => {
  let admin: ApiClient
  const peer = new SmtpPeer()
  const savedUrl = process.env.VIKNO_SMTP_URL
  const tag = Date.now().toString(36)
  const ids: Record<string, string> = {}
  const names = { A: `ЖЕК «Сонячний» ${tag}`, B: `Водоканал Вишгорода ${tag}` }

  beforeAll(async () => {
    admin = await userClient((await testApp()).url, ['admin'])
    await peer.start()
    process.env.VIKNO_SMTP_URL = `smtp://127.0.0.1:${peer.port}`
    for (const c of ['A', 'B'] as const) ids[c] = (await admin.post('/api/v1/records/counterparty', { name: names[c], code: `dlv_${c.toLowerCase()}_${tag}` })).body.data.id
    const ticket = async (company: string, created: string) => {
      const res = await admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: `delivery ${tag}`, extra: { floor: 1 }, contractor: ids[company], channel: 'phone' })
      expect(res.status).withContext(res.text).toBe(201)
      await engine
        .knex('ticket')
        .where({ id: res.body.data.id })
        .update({ created_at: kyiv(created) })
    }
    for (const day of ['02', '09']) await ticket('A', `2003-04-${day}T10:00`)
    for (const day of ['01', '03', '05', '07', '30']) await ticket('B', `2003-04-${day}T10:00`)
    await ticket('B', '2003-05-01T00:30') // 30 April 21:30 UTC: May in Kyiv, not counted
    await upsertUser(engine.knex, { login: 'spec_reader_1', name: 'Оксана', roles: ['contractor_dispatcher'], attributes: { counterparty: ids.A }, email: 'oksana@city.test' })
    await upsertUser(engine.knex, { login: 'spec_reader_2', name: 'Петро', roles: ['contractor_dispatcher'], attributes: { counterparty: ids.B }, email: 'petro@city.test' })
  })

  afterAll(async () => {
    if (savedUrl === undefined) delete process.env.VIKNO_SMTP_URL
    else process.env.VIKNO_SMTP_URL = savedUrl
    await peer.stop()
  })

  it('refuses a letter to addresses without `as`, an unknown report and a record event, at their pointers', async () => {
    const checked = await draft(
      admin,
      [
        report,
        automation('spec_to_without_as', { report: 'spec_by_company', format: 'pdf', to: ['a@city.test'] }),
        automation('spec_unknown_report', { report: 'spec_nothing', format: 'xlsx', role: 'contractor_dispatcher' }),
        automation('spec_on_created', { report: 'spec_by_company', format: 'pdf', role: 'contractor_dispatcher' }, { event: 'created' }),
      ],
      false
    )
    const problems = (checked.problems as Array<{ pointer: string; message: string }>).map((p) => `${p.pointer} ${p.message}`)
    expect(problems)
      .withContext(JSON.stringify(checked))
      .toEqual(
        jasmine.arrayContaining([
          jasmine.stringMatching(/^\/automation\/spec_to_without_as\/actions\/0\/as /),
          jasmine.stringMatching(/^\/automation\/spec_unknown_report\/actions\/0\/report no report "spec_nothing"/),
          jasmine.stringMatching(/^\/automation\/spec_on_created\/actions\/0\/type .*only on a schedule/),
        ])
      )
  })

  it("sends each reader a PDF of their own company's figures, once, across a failed attempt and a rerun", async () => {
    const params = { period: APRIL, company: [ids.A, ids.B] }
    await draft(
      admin,
      [report, dashboard, automation('spec_weekly_mail', { dashboard: 'spec_weekly', format: 'pdf', role: 'contractor_dispatcher', params, subject: { uk: 'Щотижневий звіт' } })],
      true
    )
    // the tick of last Monday 08:00, queued by two nodes' tickers
    const doc = engine.set.get<AutomationDoc>('automation', 'spec_weekly_mail')!
    const past = new Date(Date.now() - 8 * 24 * 3600_000)
    await Promise.all([queueNextTick(engine.knex, doc, past), queueNextTick(engine.knex, doc, past)])
    const ticks = await engine.knex('sys_jobs').where({ queue: SCHEDULE_QUEUE }).whereRaw("payload->>'automation' = ?", ['spec_weekly_mail'])
    expect(ticks.length).toBe(1)

    peer.refuse.add('petro@city.test') // the second letter fails this time
    const errors: unknown[] = []
    const onError = (e: unknown) => errors.push(e)
    await runDueJobsOnce(engine.knex, 'A', { onError }) // the tick: queues the delivery
    await runDueJobsOnce(engine.knex, 'B', { onError }) // the delivery: one letter sent, one refused
    const delivery = await engine.knex('sys_jobs').where({ queue: DELIVERY_QUEUE }).whereRaw("payload->>'automation' = ?", ['spec_weekly_mail'])
    expect(delivery.length).toBe(1)
    expect(delivery[0].done_at).toBeNull()
    expect(String(delivery[0].last_error)).toContain('petro@city.test')
    expect(peer.received.map((l) => l.rcptTo)).toEqual([['oksana@city.test']])

    // the retry sends only the letter that failed
    peer.refuse.clear()
    await engine.knex('sys_jobs').where({ id: delivery[0].id }).update({ run_at: engine.knex.fn.now() })
    await runDueJobsOnce(engine.knex, 'A', { onError })
    expect((await engine.knex('sys_jobs').where({ id: delivery[0].id }).first()).done_at).not.toBeNull()
    expect(peer.received.map((l) => l.rcptTo)).toEqual([['oksana@city.test'], ['petro@city.test']])
    // and a rerun of the whole job (its completion lost) sends nothing again
    await engine.knex('sys_jobs').where({ id: delivery[0].id }).update({ done_at: null, run_at: engine.knex.fn.now() })
    await runDueJobsOnce(engine.knex, 'B', { onError })
    expect((await engine.knex('sys_jobs').where({ id: delivery[0].id }).first()).done_at).not.toBeNull()
    expect(errors.filter((e) => String(e).includes('spec_weekly_mail')).length).toBe(1)
    expect(peer.received.map((l) => l.rcptTo)).toEqual([['oksana@city.test'], ['petro@city.test']])

    const own = [
      { name: names.A, other: names.B, requests: 2 },
      { name: names.B, other: names.A, requests: 5 },
    ]
    for (const [i, letter] of peer.received.entries()) {
      expect(letter.parsed.subject).toBe('Щотижневий звіт')
      expect(letter.parsed.messageId).toMatch(/^<report\.[0-9a-f]{40}@vikno>$/)
      const pdf = letter.parsed.attachments.find((a) => a.contentType === 'application/pdf')!
      expect(pdf.filename).toBe('Щотижневий_звіт.pdf')
      const parser = new PDFParse({ data: new Uint8Array(pdf.content) })
      const text = (await parser.getText()).text
      await parser.destroy()
      expect(text).toContain('Щотижневий звіт')
      expect(text).toContain('Звернення за виконавцями')
      expect(text).toContain('01.04.2003 – 30.04.2003')
      // each reader's own company only, with its figure
      expect(text).toMatch(new RegExp(`${own[i].name}\\s+${own[i].requests}\\b`))
      expect(text).not.toContain(own[i].other)
    }
    const recorded = await engine.knex('sys_report_deliveries').where({ automation: 'spec_weekly_mail' }).orderBy('sent_at')
    expect(recorded.map((r) => r.recipients)).toEqual([['oksana@city.test'], ['petro@city.test']])
  })
})
