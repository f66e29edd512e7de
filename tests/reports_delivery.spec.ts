import { PDFParse } from 'pdf-parse'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { upsertUser } from '#core/auth/identity'
import { runDueJobsOnce } from '#core/jobs/index'
import { queueScheduleTicks, SCHEDULE_QUEUE } from '#core/automation/schedule'
import type { OpContext } from '#core/records/context'
import type { ReportResult } from '#core/shared/reports'
import { SmtpPeer } from '../connectors/email/testing/smtp_peer.js'
import { useReportEngine } from '../modules/reports/export/source.js'
import { ensureReportKinds, standInEngine } from '../modules/reports/testing/stand_in.js'
import { DELIVERY_QUEUE } from '../modules/reports/delivery/send_report.js'

const DISTRICTS: Record<string, string> = { d1: 'Шевченківський', d2: 'Голосіївський' }

/** The engine's stand-in: the rows the caller's `district` attribute allows (row scope), and who asked. */
const calls: Array<{ login?: string; key: string }> = []
async function fakeRun(op: OpContext, key: string): Promise<ReportResult> {
  calls.push({ login: op.actor.login, key })
  const mine = String(op.actor.attributes.district ?? '')
  return {
    report: key,
    columns: [
      { key: 'district', label: { uk: 'Район', en: 'District' }, role: 'dimension', type: 'reference' },
      { key: 'count', label: { uk: 'Звернень', en: 'Requests' }, role: 'measure', type: 'number' },
    ],
    rows: Object.keys(DISTRICTS)
      .filter((d) => d === mine)
      .map((d) => ({ district: d, count: 12 })),
    labels: { district: DISTRICTS },
    params: {},
    truncated: false,
    computedAt: new Date().toISOString(),
    cached: false,
  }
}

async function draft(admin: ApiClient, docs: Array<Record<string, any>>, publish: boolean) {
  const d = (await admin.post('/api/v1/meta/drafts', {})).body
  let version = d.version
  for (const doc of docs) {
    const res = await admin.put(`/api/v1/meta/drafts/${d.id}/documents/${doc.kind}/${doc.key}`, { document: doc, version })
    if (res.status !== 200) throw new Error(`draft edit: ${res.status} ${res.text}`)
    version = res.body.version
  }
  if (!publish) return (await admin.post(`/api/v1/meta/drafts/${d.id}/validate`)).body
  const res = await admin.post(`/api/v1/meta/drafts/${d.id}/publish`, {})
  if (res.status !== 200) throw new Error(`publish: ${res.status} ${res.text}`)
  return res.body
}

const report = {
  kind: 'report',
  key: 'spec_by_district',
  label: { uk: 'Звернення по районах', en: 'Requests by district' },
  entity: 'ticket',
  measures: [{ key: 'count', fn: 'count' }],
  presentation: { type: 'table' },
  roles: ['test_dispatcher'],
}
const dashboard = {
  kind: 'dashboard',
  key: 'spec_weekly',
  label: { uk: 'Щотижневий звіт', en: 'Weekly report' },
  roles: ['test_dispatcher'],
  panels: [{ report: 'spec_by_district', x: 0, y: 0, w: 12, h: 4 }],
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
 * Scheduled delivery (send_report): a dashboard as a PDF to each user of a role, computed as
 * that user (their row scope), sent once per tick through a real SMTP server even when the
 * delivery job fails halfway and is retried, or runs again.
 */
describe('reports sent by a scheduled automation', () => {
  let admin: ApiClient
  const peer = new SmtpPeer()
  const savedUrl = process.env.VIKNO_SMTP_URL

  beforeAll(async () => {
    await testApp()
    ensureReportKinds()
    useReportEngine(standInEngine(fakeRun))
    admin = await userClient((await testApp()).url, ['admin'])
    await peer.start()
    process.env.VIKNO_SMTP_URL = `smtp://127.0.0.1:${peer.port}`
    await upsertUser(engine.knex, { login: 'spec_reader_1', name: 'Оксана', roles: ['test_dispatcher'], attributes: { district: 'd1' }, email: 'oksana@city.test' })
    await upsertUser(engine.knex, { login: 'spec_reader_2', name: 'Петро', roles: ['test_dispatcher'], attributes: { district: 'd2' }, email: 'petro@city.test' })
  })

  afterAll(async () => {
    useReportEngine(undefined)
    process.env.VIKNO_SMTP_URL = savedUrl
    await peer.stop()
  })

  it('refuses a letter to addresses without `as`, an unknown report and a record event, at their pointers', async () => {
    const checked = await draft(
      admin,
      [
        report,
        automation('spec_to_without_as', { report: 'spec_by_district', format: 'pdf', to: ['a@city.test'] }),
        automation('spec_unknown_report', { report: 'spec_nothing', format: 'xlsx', role: 'test_dispatcher' }),
        automation('spec_on_created', { report: 'spec_by_district', format: 'pdf', role: 'test_dispatcher' }, { event: 'created' }),
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

  it('sends each reader a PDF of their own figures, once, across a failed attempt and a rerun', async () => {
    await draft(admin, [report, dashboard, automation('spec_weekly_mail', { dashboard: 'spec_weekly', format: 'pdf', role: 'test_dispatcher', subject: { uk: 'Щотижневий звіт' } })], true)
    // the tick of last Monday 08:00, queued by two nodes' tickers
    const past = new Date(Date.now() - 8 * 24 * 3600_000)
    await Promise.all([queueScheduleTicks(engine.knex, engine.set, past), queueScheduleTicks(engine.knex, engine.set, past)])
    const ticks = await engine.knex('sys_jobs').where({ queue: SCHEDULE_QUEUE }).whereRaw("payload->>'automation' = ?", ['spec_weekly_mail'])
    expect(ticks.length).toBe(1)

    peer.refuse.add('petro@city.test') // the second letter fails this time
    const errors: unknown[] = []
    await runDueJobsOnce(engine.knex, 'A', { onError: (e) => errors.push(e) }) // the tick: queues the delivery
    await runDueJobsOnce(engine.knex, 'B', { onError: (e) => errors.push(e) }) // the delivery: one letter sent, one refused
    const delivery = await engine.knex('sys_jobs').where({ queue: DELIVERY_QUEUE }).whereRaw("payload->>'automation' = ?", ['spec_weekly_mail'])
    expect(delivery.length).toBe(1)
    expect(delivery[0].done_at).toBeNull()
    expect(String(delivery[0].last_error)).toContain('petro@city.test')
    expect(peer.received.map((l) => l.rcptTo)).toEqual([['oksana@city.test']])

    // the retry sends only the letter that failed
    peer.refuse.clear()
    await engine.knex('sys_jobs').where({ id: delivery[0].id }).update({ run_at: engine.knex.fn.now() })
    await runDueJobsOnce(engine.knex, 'A', { onError: (e) => errors.push(e) })
    expect((await engine.knex('sys_jobs').where({ id: delivery[0].id }).first()).done_at).not.toBeNull()
    // and a rerun of the whole job (its completion lost) sends nothing again
    await engine.knex('sys_jobs').where({ id: delivery[0].id }).update({ done_at: null, run_at: engine.knex.fn.now() })
    await runDueJobsOnce(engine.knex, 'B', { onError: (e) => errors.push(e) })
    expect(errors.length).toBe(1)

    expect(peer.received.map((l) => l.rcptTo)).toEqual([['oksana@city.test'], ['petro@city.test']])
    // figures computed as each reader; the letter already sent is not computed again
    expect(calls.map((c) => c.login)).toEqual(['spec_reader_1', 'spec_reader_2', 'spec_reader_2'])
    for (const [i, letter] of peer.received.entries()) {
      expect(letter.parsed.subject).toBe('Щотижневий звіт')
      expect(letter.parsed.messageId).toMatch(/^<report\.[0-9a-f]{40}@vikno>$/)
      const pdf = letter.parsed.attachments.find((a) => a.contentType === 'application/pdf')!
      expect(pdf.filename).toBe('Щотижневий_звіт.pdf')
      const parser = new PDFParse({ data: new Uint8Array(pdf.content) })
      const text = (await parser.getText()).text
      await parser.destroy()
      expect(text).toContain('Щотижневий звіт')
      expect(text).toContain('Звернення по районах')
      // each reader's own scope only
      expect(text).toContain(i === 0 ? 'Шевченківський' : 'Голосіївський')
      expect(text).not.toContain(i === 0 ? 'Голосіївський' : 'Шевченківський')
    }
    const recorded = await engine.knex('sys_report_deliveries').where({ automation: 'spec_weekly_mail' }).orderBy('sent_at')
    expect(recorded.map((r) => r.recipients)).toEqual([['oksana@city.test'], ['petro@city.test']])
  })
})
