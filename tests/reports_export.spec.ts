import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { PDFParse } from 'pdf-parse'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { moduleAction, registerAction } from '#core/modules/actions'
import type { OpContext } from '#core/records/context'
import type { ReportResult } from '#core/shared/reports'
import { useReportEngine } from '../modules/reports/export/source.js'
import { ensureReportKinds, standInEngine } from '../modules/reports/testing/stand_in.js'
import { exportReport } from '../modules/reports/actions/export.js'

const asked: Array<{ user: string | null; key: string; params?: Record<string, unknown> }> = []
async function fakeRun(op: OpContext, key: string, params?: Record<string, unknown>): Promise<ReportResult> {
  asked.push({ user: op.actor.id, key, params })
  return {
    report: key,
    columns: [
      { key: 'district', label: { uk: 'Район', en: 'District' }, role: 'dimension', type: 'reference' },
      { key: 'count', label: { uk: 'Звернень', en: 'Requests' }, role: 'measure', type: 'number' },
    ],
    rows: [
      { district: 'd1', count: 1200 },
      { district: 'd2', count: 3 },
    ],
    labels: { district: { d1: { uk: 'Шевченківський', en: 'Shevchenkivskyi' }, d2: '=1+2' } },
    params: params ?? {},
    truncated: false,
    computedAt: new Date().toISOString(),
    cached: false,
  }
}

async function publish(admin: ApiClient, docs: Array<Record<string, any>>) {
  const d = (await admin.post('/api/v1/meta/drafts', {})).body
  let version = d.version
  for (const doc of docs) {
    const res = await admin.put(`/api/v1/meta/drafts/${d.id}/documents/${doc.kind}/${doc.key}`, { document: doc, version })
    if (res.status !== 200) throw new Error(`draft edit: ${res.status} ${res.text}`)
    version = res.body.version
  }
  const res = await admin.post(`/api/v1/meta/drafts/${d.id}/publish`, {})
  if (res.status !== 200) throw new Error(`publish: ${res.status} ${res.text}`)
}

/** The raw answer of a POST through the client's session (the file's bytes). */
async function download(client: ApiClient, body: unknown) {
  const res = await fetch(`${client.baseUrl}/api/v1/actions/reports.export`, {
    method: 'POST',
    headers: { cookie: client.cookie!, 'x-csrf-token': client.csrf!, 'content-type': 'application/json', 'accept-language': 'uk' },
    body: JSON.stringify(body),
  })
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
}

/** reports.export: the figures of a report or a dashboard as a file, computed as the caller. */
describe('report export action', () => {
  let admin: ApiClient
  let dispatcher: Awaited<ReturnType<typeof userClient>>

  beforeAll(async () => {
    const { url } = await testApp()
    ensureReportKinds()
    if (!moduleAction('reports.export')) registerAction('reports', 'export', exportReport)
    useReportEngine(standInEngine(fakeRun))
    admin = await userClient(url, ['admin'])
    dispatcher = await userClient(url, ['test_dispatcher'])
    const report = (key: string) => ({
      kind: 'report',
      key,
      label: { uk: 'Звернення по районах', en: 'Requests by district' },
      entity: 'ticket',
      measures: [{ key: 'count', fn: 'count' }],
      parameters: [{ key: 'period', type: 'period', field: 'created_at' }],
      presentation: { type: 'table' },
      roles: ['test_dispatcher'],
    })
    await publish(admin, [
      report('spec_export_by_district'),
      {
        kind: 'dashboard',
        key: 'spec_export_board',
        label: { uk: 'Огляд міста', en: 'City overview' },
        roles: ['test_dispatcher'],
        parameters: [{ key: 'period', type: 'period', default: 'last_week' }],
        panels: [
          { report: 'spec_export_by_district', title: { uk: 'Цього місяця' }, params: { period: 'this_month' }, x: 0, y: 4, w: 6, h: 4 },
          { report: 'spec_export_by_district', x: 0, y: 0, w: 6, h: 4 },
        ],
      },
      { kind: 'dashboard', key: 'spec_export_admins', label: { uk: 'Лише адміністраторам' }, roles: ['admin'], panels: [{ report: 'spec_export_by_district', x: 0, y: 0, w: 6, h: 4 }] },
    ])
  })

  afterAll(() => useReportEngine(undefined))

  it('answers a CSV with a Cyrillic file name', async () => {
    const res = await download(dispatcher, { report: 'spec_export_by_district', format: 'csv', params: { period: 'last_month' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="report.csv"; filename*=UTF-8''${encodeURIComponent('Звернення_по_районах.csv')}`)
    const rows: string[][] = parse(res.bytes.toString('utf8').slice(1))
    expect(rows).toEqual([
      ['Район', 'Звернень'],
      ['Шевченківський', '1200'],
      ["'=1+2", '3'],
    ])
    expect(asked.at(-1)).toEqual({ user: dispatcher.userId, key: 'spec_export_by_district', params: { period: 'last_month' } })
  })

  it('answers an XLSX whose text stays text, in English when asked', async () => {
    const res = await download(dispatcher, { report: 'spec_export_by_district', format: 'xlsx', lang: 'en' })
    expect(res.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.bytes as any)
    const sheet = book.worksheets[0]
    expect(sheet.name).toBe('Requests by district')
    expect(sheet.getCell('A3').value).toBe('Shevchenkivskyi')
    expect(sheet.getCell('A4').value).toBe("'=1+2")
    expect(sheet.getCell('A4').formula).toBeUndefined()
  })

  it("answers a dashboard's PDF, its parameters passed to the panels that declare them", async () => {
    asked.length = 0
    const res = await download(dispatcher, { dashboard: 'spec_export_board', format: 'pdf' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(asked.map((a) => a.params)).toEqual([{ period: 'last_week' }, { period: 'this_month' }]) // grid order; the panel's own value wins
    const parser = new PDFParse({ data: new Uint8Array(res.bytes) })
    const text = (await parser.getText()).text
    await parser.destroy()
    expect(text).toContain('Огляд міста')
    expect(text).toContain('Цього місяця')
    expect(text).toContain('Шевченківський')
  })

  it('refuses bad input at its pointer, and what the caller may not see as not found', async () => {
    const bad = await dispatcher.post('/api/v1/actions/reports.export', { report: 'spec_export_by_district', format: 'docx' })
    expect(bad.status).toBe(422)
    expect(JSON.stringify(bad.body)).toContain('/format')
    const both = await dispatcher.post('/api/v1/actions/reports.export', { report: 'spec_export_by_district', dashboard: 'spec_export_board', format: 'pdf' })
    expect(both.status).toBe(422)
    const unknown = await dispatcher.post('/api/v1/actions/reports.export', { report: 'spec_nothing', format: 'pdf' })
    expect(unknown.status).toBe(404)
    expect(JSON.stringify(unknown.body)).toContain('/report')
    expect((await dispatcher.post('/api/v1/actions/reports.export', { dashboard: 'spec_export_admins', format: 'pdf' })).status).toBe(404)
    expect((await download(admin, { dashboard: 'spec_export_admins', format: 'pdf' })).status).toBe(200)
  })

  it('is in the OpenAPI document as a file download', async () => {
    const doc = (await dispatcher.get('/api/v1/openapi.json')).body
    const op = doc.paths['/api/v1/actions/reports.export'].post
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'])
    expect(op.requestBody.content['application/json'].schema.properties.format.enum).toEqual(['csv', 'xlsx', 'pdf'])
  })
})
