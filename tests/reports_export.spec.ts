import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { PDFParse } from 'pdf-parse'
import { DateTime } from 'luxon'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { publishDocuments, type DraftChange } from '#core/testing/metadata'
import { engine } from '#core/engine/engine'

/**
 * reports.export (POST) and reports.download (GET, for links): the figures of a published
 * report or dashboard as a file, computed by the report engine as the caller, read back.
 *
 * Requests (Kyiv time), created through the API, then backdated; companies of this spec:
 *   A "Шевченківський ЖЕК <tag>": three in February 2003 (500, 700 and no resolution minutes)
 *   B "=1+2" (a name a spreadsheet would run as a formula): one in February (3 minutes), two in March 2003
 */
const kyiv = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Kyiv' }).toJSDate()
const FEBRUARY = { from: '2003-02-01', to: '2003-02-28' }
const MARCH = { from: '2003-03-01', to: '2003-03-31' }

const publish = (admin: ApiClient, docs: Array<Record<string, any>>) => publishDocuments(admin, docs as DraftChange[])

/** The raw answer of a POST through the client's session (the file's bytes). */
async function download(client: ApiClient, body: unknown) {
  const res = await fetch(`${client.baseUrl}/api/v1/actions/reports.export`, {
    method: 'POST',
    headers: { cookie: client.cookie!, 'x-csrf-token': client.csrf!, 'content-type': 'application/json', 'accept-language': 'uk' },
    body: JSON.stringify(body),
  })
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
}

/** What a browser sends for `<a href download>`: the session cookie only (no CSRF token on a GET). */
async function follow(client: ApiClient, query: Record<string, string>) {
  const res = await fetch(`${client.baseUrl}/api/v1/actions/reports.download?${new URLSearchParams(query)}`, { headers: { cookie: client.cookie!, 'accept-language': 'uk' } })
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
}

async function pdfText(bytes: Buffer) {
  const parser = new PDFParse({ data: new Uint8Array(bytes) })
  try {
    return (await parser.getText()).text
  } finally {
    await parser.destroy()
  }
}

/** The CSV's rows (its BOM dropped). */
const csvRows = (bytes: Buffer): string[][] => parse(bytes.toString('utf8').replace(/^\uFEFF/, ''), { relax_column_count: true })

describe('report export', () => {
  let admin: ApiClient
  let supervisor: ApiClient
  let dispatcherA: ApiClient
  const ids: Record<string, string> = {}
  const tag = Date.now().toString(36)
  const nameA = `Шевченківський ЖЕК ${tag}`
  let both: Record<string, unknown>

  beforeAll(async () => {
    const { url } = await testApp()
    admin = await userClient(url, ['admin'])
    ids.A = (await admin.post('/api/v1/records/counterparty', { name: nameA, code: `exp_a_${tag}` })).body.data.id
    ids.B = (await admin.post('/api/v1/records/counterparty', { name: '=1+2', code: `exp_b_${tag}` })).body.data.id
    both = { company: [ids.A, ids.B] }
    const ticket = async (company: string, created: string, minutes: number | null) => {
      const res = await admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: `export ${tag}`, extra: { floor: 1 }, contractor: ids[company], channel: 'phone' })
      expect(res.status).withContext(res.text).toBe(201)
      await engine
        .knex('ticket')
        .where({ id: res.body.data.id })
        .update({ created_at: kyiv(created), resolution_minutes: minutes })
    }
    await ticket('A', '2003-02-03T10:00', 500)
    await ticket('A', '2003-02-10T10:00', 700)
    await ticket('A', '2003-02-28T23:30', null) // late on the last day, Kyiv time: still February
    await ticket('B', '2003-02-14T12:00', 3)
    await ticket('B', '2003-03-01T00:30', null) // 28 February 22:30 UTC: March in Kyiv
    await ticket('B', '2003-03-20T12:00', null)

    const report = {
      kind: 'report',
      key: 'spec_export_by_company',
      label: { uk: 'Звернення за виконавцями', en: 'Requests by company' },
      entity: 'ticket',
      dimensions: [{ key: 'company', label: { uk: 'Виконавець', en: 'Company' }, field: 'contractor' }],
      measures: [
        { key: 'requests', label: { uk: 'Звернень', en: 'Requests' }, fn: 'count' },
        { key: 'minutes', label: { uk: 'Хвилин на вирішення', en: 'Resolution minutes' }, fn: 'sum', field: 'resolution_minutes', digits: 0 },
      ],
      parameters: [
        { key: 'period', type: 'period', field: 'created_at' },
        { key: 'company', type: 'reference', to: 'counterparty', fields: ['contractor'] },
      ],
      sort: [{ key: 'requests', dir: 'desc' }],
      presentation: { type: 'table' },
      roles: ['supervisor', 'contractor_dispatcher'],
    }
    await publish(admin, [
      report,
      { ...report, key: 'spec_export_admins_only', label: { uk: 'Лише адміністраторам' }, roles: undefined },
      {
        kind: 'dashboard',
        key: 'spec_export_board',
        label: { uk: 'Огляд міста', en: 'City overview' },
        roles: ['supervisor', 'contractor_dispatcher'],
        parameters: [
          { key: 'period', type: 'period', default: FEBRUARY },
          { key: 'company', type: 'reference', to: 'counterparty' },
        ],
        panels: [
          { report: 'spec_export_by_company', title: { uk: 'Березень 2003', en: 'March 2003' }, params: { period: MARCH }, x: 0, y: 4, w: 6, h: 4 },
          { report: 'spec_export_by_company', x: 0, y: 0, w: 6, h: 4 },
          { report: 'spec_export_admins_only', title: { uk: 'Панель для адміністраторів' }, x: 6, y: 0, w: 6, h: 4 },
        ],
      },
    ])
    supervisor = await userClient(url, ['supervisor'])
    dispatcherA = await userClient(url, ['contractor_dispatcher'], { counterparty: ids.A })
  })

  it('answers a CSV of the figures, with a Cyrillic file name and a formula-like name neutralised', async () => {
    const res = await download(supervisor, { report: 'spec_export_by_company', format: 'csv', params: { period: FEBRUARY, ...both } })
    expect(res.status).withContext(res.bytes.toString()).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="report.csv"; filename*=UTF-8''${encodeURIComponent('Звернення_за_виконавцями.csv')}`)
    expect(csvRows(res.bytes)).toEqual([
      ['Виконавець', 'Звернень', 'Хвилин на вирішення'],
      [nameA, '3', '1200'],
      ["'=1+2", '1', '3'],
    ])
  })

  it("gives a contractor's dispatcher only their own company's rows", async () => {
    const res = await download(dispatcherA, { report: 'spec_export_by_company', format: 'csv', params: { period: FEBRUARY, ...both } })
    expect(res.status).toBe(200)
    expect(csvRows(res.bytes)).toEqual([
      ['Виконавець', 'Звернень', 'Хвилин на вирішення'],
      [nameA, '3', '1200'],
    ])
  })

  it('answers an XLSX whose numbers are numbers and whose text stays text, in English when asked', async () => {
    const res = await download(supervisor, { report: 'spec_export_by_company', format: 'xlsx', lang: 'en', params: { period: MARCH, ...both } })
    expect(res.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.bytes as any)
    const sheet = book.worksheets[0]
    expect(sheet.name).toBe('Requests by company')
    expect(sheet.getCell('A1').value).toBe('Requests by company (01/03/2003 – 31/03/2003)')
    expect(sheet.getRow(2).values).toEqual([undefined, 'Company', 'Requests', 'Resolution minutes'] as any)
    expect(sheet.getCell('A3').value).toBe("'=1+2")
    expect(sheet.getCell('A3').formula).toBeUndefined()
    expect(sheet.getCell('B3').value).toBe(2)
    expect(sheet.rowCount).toBe(3) // A had nothing in March
  })

  it("answers a dashboard's PDF in Ukrainian, its parameters passed to the panels that declare them", async () => {
    const res = await download(supervisor, { dashboard: 'spec_export_board', format: 'pdf', params: both })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const text = await pdfText(res.bytes)
    expect(text).toContain('Огляд міста')
    expect(text).toContain('Звернення за виконавцями')
    // grid order: February (the dashboard's default) first, then the panel with its own period
    const [february, march] = text.split('Березень 2003')
    expect(march).toBeDefined()
    expect(february).toContain('01.02.2003 – 28.02.2003')
    expect(february).toMatch(new RegExp(`${nameA}\\s+3\\s+1\\s?200`))
    expect(february).toMatch(/=1\+2\s+1\s+3/)
    expect(march).toContain('01.03.2003 – 31.03.2003')
    expect(march).toMatch(/=1\+2\s+2/)
    expect(march).not.toContain(nameA)
    // a panel whose report the supervisor may not run is left out
    expect(text).not.toContain('Панель для адміністраторів')
  })

  it('applies the engine’s parameter checks at their pointers, and refuses what the caller may not see', async () => {
    const bad = await supervisor.post('/api/v1/actions/reports.export', { report: 'spec_export_by_company', format: 'docx' })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: any) => e.pointer)).toContain('/format')
    const unknownParam = await supervisor.post('/api/v1/actions/reports.export', { report: 'spec_export_by_company', format: 'csv', params: { district: 'x' } })
    expect(unknownParam.status).toBe(422)
    expect(unknownParam.body.errors.map((e: any) => e.pointer)).toEqual(['/params/district'])
    const badPeriod = await supervisor.post('/api/v1/actions/reports.export', { report: 'spec_export_by_company', format: 'csv', params: { period: 'someday' } })
    expect(badPeriod.status).toBe(422)
    expect(badPeriod.body.errors.map((e: any) => e.pointer)).toEqual(['/params/period'])
    const twoSources = await supervisor.post('/api/v1/actions/reports.export', { report: 'spec_export_by_company', dashboard: 'spec_export_board', format: 'pdf' })
    expect(twoSources.status).toBe(422)
    const unknown = await supervisor.post('/api/v1/actions/reports.export', { report: 'spec_nothing', format: 'pdf' })
    expect(unknown.status).toBe(404)
    expect(JSON.stringify(unknown.body)).toContain('/report')
    expect((await supervisor.post('/api/v1/actions/reports.export', { report: 'spec_export_admins_only', format: 'csv' })).status).toBe(404)
    expect((await download(admin, { report: 'spec_export_admins_only', format: 'csv', params: both })).status).toBe(200)
  })

  it('answers the same file to a plain link: a GET with the session cookie alone', async () => {
    const res = await follow(dispatcherA, { report: 'spec_export_by_company', format: 'csv', params: JSON.stringify({ period: FEBRUARY, ...both }) })
    expect(res.status).withContext(res.bytes.toString()).toBe(200)
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''")
    expect(csvRows(res.bytes)).toEqual([
      ['Виконавець', 'Звернень', 'Хвилин на вирішення'],
      [nameA, '3', '1200'],
    ])
    const pdf = await follow(supervisor, { dashboard: 'spec_export_board', format: 'pdf', params: JSON.stringify(both) })
    expect(pdf.status).toBe(200)
    expect(await pdfText(pdf.bytes)).toContain('Березень 2003')
    // no session: no file
    const anonymous = await fetch(`${supervisor.baseUrl}/api/v1/actions/reports.download?report=spec_export_by_company&format=csv`)
    expect(anonymous.status).toBe(401)
  })

  it('refuses a bad link with 422 at its pointers, and the POST-only action to a GET', async () => {
    const problems = async (query: Record<string, string>) => {
      const res = await supervisor.get(`/api/v1/actions/reports.download?${new URLSearchParams(query)}`)
      expect(res.status).withContext(res.text).toBe(422)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      return res.body.errors.map((e: any) => e.pointer)
    }
    expect(await problems({ report: 'spec_export_by_company', format: 'docx' })).toContain('/format')
    expect(await problems({ report: 'spec_export_by_company', format: 'csv', params: '{period: last_month' })).toEqual(['/params'])
    expect(await problems({ report: 'spec_export_by_company', format: 'csv', params: '["last_month"]' })).toEqual(['/params'])
    expect(await problems({ report: 'spec_export_by_company', format: 'csv', params: JSON.stringify({ period: 'someday' }) })).toEqual(['/params/period'])
    expect(await problems({ report: 'spec_export_by_company', format: 'csv', colour: 'red' })).toContain('/colour')
    expect((await supervisor.get('/api/v1/actions/reports.download?report=spec_export_admins_only&format=csv')).status).toBe(404)
    expect((await supervisor.get('/api/v1/actions/reports.export?report=spec_export_by_company&format=csv')).status).toBe(400)
  })

  it('is in the OpenAPI document as a file download, by POST and by GET', async () => {
    const doc = (await supervisor.get('/api/v1/openapi.json')).body
    const files = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf']
    const post = doc.paths['/api/v1/actions/reports.export'].post
    expect(Object.keys(post.responses['200'].content)).toEqual(files)
    expect(post.requestBody.content['application/json'].schema.properties.format.enum).toEqual(['csv', 'xlsx', 'pdf'])
    const get = doc.paths['/api/v1/actions/reports.download'].get
    expect(Object.keys(get.responses['200'].content)).toEqual(files)
    expect(get.parameters.map((p: any) => [p.name, p.in, p.required])).toEqual([
      ['report', 'query', false],
      ['dashboard', 'query', false],
      ['params', 'query', false],
      ['format', 'query', true],
      ['lang', 'query', false],
    ])
    expect(get.responses['422']).toBeDefined()
  })
})
