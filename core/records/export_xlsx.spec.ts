import ExcelJS from 'exceljs'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'

/** The list's export: the visible columns, labelled in the UI's language, CSV and streamed XLSX. */
describe('list export (CSV and XLSX)', () => {
  let url: string
  let contractor: ApiClient
  const tag = `exp${Date.now().toString(36)}`
  const columns = 'title,priority,urgent,contractor,contractor.name,created_at'
  const path = (format: string, extra = '') => `/api/v1/records/work_order/export?format=${format}&columns=${columns}&q=${tag}&sort=priority${extra}`

  beforeAll(async () => {
    url = (await testApp()).url
    const admin = await userClient(url, ['admin'])
    const mine = (await admin.post('/api/v1/records/counterparty', { name: `@Сервіс ${tag}`, kind: 'contractor' })).body.data.id
    const other = (await admin.post('/api/v1/records/counterparty', { name: `Інший ${tag}`, kind: 'contractor' })).body.data.id
    const dispatcher = await userClient(url, ['test_dispatcher'])
    for (const [title, priority, c] of [
      [`=HYPERLINK("http://evil") ${tag}`, 1, mine],
      [`Труба ${tag}`, 2, mine],
      [`Чужий ${tag}`, 3, other],
    ] as const) {
      const r = await dispatcher.post('/api/v1/records/work_order', { title, priority, contractor: c, urgent: priority === 2, internal_note: 'секрет' })
      expect(r.status).withContext(r.text).toBe(201)
    }
    contractor = await userClient(url, ['test_contractor'], { counterparty: mine })
  })

  const xlsx = async (client: ApiClient, p: string) => {
    const res = await fetch(url + p, { headers: { cookie: client.cookie!, 'accept-language': 'uk' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as any)
    const sheet = book.worksheets[0]
    const rows: unknown[][] = []
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
    return rows
  }

  it('writes an XLSX of the rows the user may see, with labelled headers and neutralised formulas', async () => {
    const rows = await xlsx(contractor, path('xlsx'))
    expect(rows[0]).toEqual(['Назва', 'Пріоритет', 'Терміново', 'Виконавець', 'Виконавець › Назва', 'Створено'])
    expect(rows.length).toBe(3) // the other contractor's order is out of scope
    expect(rows[1].slice(0, 5)).toEqual([`'=HYPERLINK("http://evil") ${tag}`, 1, 'Ні', `'@Сервіс ${tag}`, `'@Сервіс ${tag}`])
    expect(rows[2].slice(0, 3)).toEqual([`Труба ${tag}`, 2, 'Так'])
    expect(rows[1][5]).toEqual(jasmine.any(Date))
    const en = await xlsx(contractor, path('xlsx', '&lang=en'))
    expect(en[0].slice(0, 3)).toEqual(['Title', 'Priority', 'Urgent'])
    expect(en[2][2]).toBe('Yes')
  })

  it('writes the same cells as CSV', async () => {
    const res = await contractor.get(path('csv'))
    expect(res.status).withContext(res.text).toBe(200)
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe('Назва,Пріоритет,Терміново,Виконавець,Виконавець › Назва,Створено')
    expect(lines[1].startsWith(`"'=HYPERLINK(""http://evil"") ${tag}",1,Ні,'@Сервіс ${tag},'@Сервіс ${tag},`))
      .withContext(lines[1])
      .toBeTrue()
    expect(lines.length).toBe(3)
  })

  it('never exports a hidden field and refuses unknown columns with their pointer', async () => {
    const res = await contractor.get(`/api/v1/records/work_order/export?format=xlsx&columns=title,internal_note,nope.x`)
    expect(res.status).toBe(422)
    expect(res.body.errors.map((e: any) => e.pointer)).toEqual(['/columns/1', '/columns/2'])
    expect((await contractor.get(`/api/v1/records/work_order/export?format=xlsx`)).body.errors[0].pointer).toBe('/columns')
    const filter = await contractor.get(path('csv', `&filter=${encodeURIComponent(JSON.stringify({ internal_note: { eq: 'секрет' } }))}`))
    expect(filter.status).toBe(422)
    // no export permission: not found
    const operator = await userClient(url, ['operator'])
    expect((await operator.get(`/api/v1/records/ticket/export?format=xlsx&columns=number`)).status).toBe(404)
  })
})

describe('xlsxStream', () => {
  it('streams many pages into one sheet, dates as dates, text exactly as given', async () => {
    async function* pages() {
      for (let p = 0; p < 5; p++) yield Array.from({ length: 1000 }, (_, i) => [`'=row ${p * 1000 + i}`, p * 1000 + i, new Date(Date.UTC(2026, 0, 1, 8)), null])
    }
    const { xlsxStream } = await import('./export_xlsx.js')
    const chunks: Buffer[] = []
    for await (const chunk of xlsxStream({ headers: ['Текст', 'Число', 'Дата', 'Порожнє'], types: ['string', 'integer', 'datetime', 'string'], pages: pages() }, 'Аркуш: 1/2'))
      chunks.push(chunk as Buffer)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.concat(chunks) as any)
    const sheet = book.worksheets[0]
    expect(sheet.name).toBe('Аркуш  1 2')
    expect(sheet.rowCount).toBe(5001)
    expect(sheet.getRow(1).values).toEqual([undefined, 'Текст', 'Число', 'Дата', 'Порожнє'] as any)
    const last = sheet.getRow(5001)
    expect(last.getCell(1).value).toBe(`'=row 4999`)
    expect(last.getCell(1).type).toBe(ExcelJS.ValueType.String)
    expect(last.getCell(2).value).toBe(4999)
    expect((last.getCell(3).value as Date).toISOString()).toBe('2026-01-01T08:00:00.000Z')
  })
})
