import { readFileSync } from 'node:fs'
import { PDFParse } from 'pdf-parse'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { upsertUser } from '#core/auth/identity'
import { runAllDueJobs } from '#core/testing/jobs'
import { queueNextTick, nextTick } from '#core/automation/schedule'
import type { AutomationDoc } from '#core/automation/trigger'
import type { DashboardDoc, ReportDoc } from '#core/shared/reports'
import { SmtpPeer } from '../connectors/email/testing/smtp_peer.js'
import { DELIVERY_QUEUE } from '../modules/reports/delivery/send_report.js'

const pack = <T>(path: string): T => JSON.parse(readFileSync(new URL(`../seeds/vyshhorod/${path}`, import.meta.url), 'utf8'))
const mayorBoard = pack<DashboardDoc>('dashboards/mayor.dashboard.json')
/** The Ukrainian title of each panel: its own, else its report's label (seeds/vyshhorod/reports). */
const panelTitles = mayorBoard.panels.map((p) => p.title?.uk ?? pack<ReportDoc>(`reports/${p.report}.report.json`).label.uk)

async function pdfText(bytes: Uint8Array) {
  const parser = new PDFParse({ data: bytes })
  try {
    // pdf-parse may break a long title across lines: compare with single spaces
    return (await parser.getText()).text.replace(/\s+/g, ' ')
  } finally {
    await parser.destroy()
  }
}

/**
 * The city pack's Mayor's report (dashboards/mayor) as a PDF, as the mayor sees it: by a link,
 * and by the shipped weekly automation `mayor_weekly_report` (Mondays 08:00 Kyiv, to the role
 * `mayor`), which sends nothing and fails no job while VIKNO_SMTP_URL is unset.
 */
describe("the Mayor's report as a PDF", () => {
  let mayor: ApiClient
  const peer = new SmtpPeer()
  const savedUrl = process.env.VIKNO_SMTP_URL
  const restoreSmtp = () => {
    if (savedUrl === undefined) delete process.env.VIKNO_SMTP_URL
    else process.env.VIKNO_SMTP_URL = savedUrl
  }

  beforeAll(async () => {
    const { url } = await testApp()
    mayor = await userClient(url, ['mayor'])
    await peer.start()
  })

  afterAll(async () => {
    restoreSmtp()
    await peer.stop()
  })

  it('renders every panel under its Ukrainian title', async () => {
    expect(panelTitles.length).toBe(9)
    const res = await fetch(`${mayor.baseUrl}/api/v1/actions/reports.download?dashboard=mayor&format=pdf`, { headers: { cookie: mayor.cookie!, 'accept-language': 'uk' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('Звіт_міського_голови.pdf'))
    const text = await pdfText(new Uint8Array(await res.arrayBuffer()))
    expect(text).toContain('Звіт міського голови')
    expect(text).toContain('Сформовано')
    for (const title of panelTitles) expect(text).withContext(title).toContain(title.replace(/\s+/g, ' '))
  })

  it('is sent weekly to the mayor by the shipped automation, and skipped without a mail server', async () => {
    const doc = engine.set.get<AutomationDoc>('automation', 'mayor_weekly_report')!
    expect(doc.enabled).not.toBeFalse()
    // Monday 08:00 in Kyiv, summer and winter time alike
    expect(nextTick(doc.on.cron!, new Date('2026-07-01T00:00:00Z'))!.toISOString()).toBe('2026-07-06T05:00:00.000Z')
    expect(nextTick(doc.on.cron!, new Date('2026-12-01T00:00:00Z'))!.toISOString()).toBe('2026-12-07T06:00:00.000Z')
    await upsertUser(engine.knex, { login: 'spec_the_mayor', name: 'Міський голова', roles: ['mayor'], email: 'mayor@city.test' })
    const deliveries = () => engine.knex('sys_jobs').where({ queue: DELIVERY_QUEUE }).whereRaw("payload->>'automation' = ?", ['mayor_weekly_report']).orderBy('id')
    const errors: unknown[] = []

    // no SMTP server configured: the delivery completes, nothing is sent
    delete process.env.VIKNO_SMTP_URL
    const warn = spyOn(console, 'warn')
    await queueNextTick(engine.knex, doc, new Date(Date.now() - 15 * 24 * 3600_000))
    await runAllDueJobs(engine.knex, 'spec', { onError: (e) => errors.push(e) })
    const skipped = await deliveries()
    expect(skipped.length).toBe(1)
    expect(skipped[0].done_at).not.toBeNull()
    expect(await engine.knex('sys_report_deliveries').where({ automation: 'mayor_weekly_report' })).toEqual([])
    expect(warn).toHaveBeenCalledWith(jasmine.stringMatching(/^send_report mayor_weekly_report: VIKNO_SMTP_URL is not set/))
    warn.and.callThrough()

    // with one: the mayor gets the PDF of their dashboard
    process.env.VIKNO_SMTP_URL = `smtp://127.0.0.1:${peer.port}`
    await queueNextTick(engine.knex, doc, new Date(Date.now() - 8 * 24 * 3600_000))
    await runAllDueJobs(engine.knex, 'spec', { onError: (e) => errors.push(e) })
    expect(errors.filter((e) => String(e).includes('mayor_weekly_report'))).toEqual([])
    expect((await deliveries()).map((j) => j.done_at !== null)).toEqual([true, true])
    const letters = peer.received.filter((l) => l.rcptTo.includes('mayor@city.test'))
    expect(letters.length).toBe(1)
    expect(letters[0].parsed.subject).toBe('Звіт міського голови за тиждень')
    const pdf = letters[0].parsed.attachments.find((a) => a.contentType === 'application/pdf')!
    expect(pdf.filename).toBe('Звіт_міського_голови.pdf')
    const text = await pdfText(new Uint8Array(pdf.content))
    expect(text).toContain('Звіт міського голови')
    for (const title of panelTitles) expect(text).withContext(title).toContain(title.replace(/\s+/g, ' '))
  })
})
