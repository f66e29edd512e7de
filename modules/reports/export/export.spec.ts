import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { PDFParse } from 'pdf-parse'
import type { ReportResult } from '#core/shared/reports'
import { toCsv, toPdf, toXlsx } from './index.js'
import { dimensionText, generatedAt } from './format.js'

const byDistrict: ReportResult = {
  report: 'requests_by_district',
  columns: [
    { key: 'district', label: { uk: 'Район', en: 'District' }, role: 'dimension', type: 'reference' },
    { key: 'operator', label: { uk: 'Оператор', en: 'Operator' }, role: 'dimension', type: 'reference', hidden: true },
    { key: 'count', label: { uk: 'Звернень', en: 'Requests' }, role: 'measure', type: 'number' },
    { key: 'sla_met', label: { uk: 'Вчасно', en: 'On time' }, role: 'measure', type: 'percent', digits: 1 },
  ],
  rows: [
    { district: 'd1', operator: null, count: 1234, sla_met: 87.5 },
    { district: 'd2', operator: null, count: 7, sla_met: null },
    { district: 'd3', operator: null, count: 2, sla_met: 100 },
  ],
  labels: { district: { d1: { uk: 'Шевченківський', en: 'Shevchenkivskyi' }, d2: 'Голосіївський', d3: '=1+2' } },
  params: { period: { from: '2026-03-01', to: '2026-03-31' } },
  period: { from: '2026-03-01', to: '2026-03-31' },
  truncated: false,
  computedAt: '2026-04-01T06:00:00.000Z',
  cached: false,
}

const kpi: ReportResult = {
  report: 'open_requests',
  columns: [{ key: 'open', label: { uk: 'Відкриті звернення', en: 'Open requests' }, role: 'measure', type: 'number' }],
  rows: [{ open: 50 }],
  labels: {},
  params: {},
  period: { from: '2026-03-01', to: '2026-03-31' },
  previous: { period: { from: '2026-01-29', to: '2026-02-28' }, row: { open: 40 } },
  truncated: false,
  computedAt: '2026-04-01T06:00:00.000Z',
  cached: false,
}

describe('report exports', () => {
  it('writes CSV with labels, plain numbers, "—" for hidden columns and no formula', () => {
    const csv = toCsv([byDistrict], 'uk')
    expect(csv.startsWith('\uFEFF')).toBeTrue()
    const rows: string[][] = parse(csv.slice(1), { relax_column_count: true })
    expect(rows[0]).toEqual(['Район', 'Оператор', 'Звернень', 'Вчасно'])
    expect(rows[1]).toEqual(['Шевченківський', '—', '1234', '87.5'])
    expect(rows[2]).toEqual(['Голосіївський', '—', '7', ''])
    expect(rows[3][0]).toBe("'=1+2") // neutralised: a spreadsheet shows it as text
    expect(toCsv([byDistrict], 'en').split('\r\n')[1]).toBe('Shevchenkivskyi,—,1234,87.5')
  })

  it('writes several titled results, a KPI with its previous period', () => {
    const rows: string[][] = parse(
      toCsv(
        [
          { title: { uk: 'Відкриті' }, result: kpi },
          { title: 'По районах', result: byDistrict },
        ],
        'uk'
      ).slice(1),
      { relax_column_count: true, skip_empty_lines: true }
    )
    expect(rows.map((r) => r[0])).toEqual([
      'Відкриті',
      'Відкриті звернення',
      '50',
      'Попередній період: 29.01.2026 – 28.02.2026',
      '40',
      'По районах',
      'Район',
      'Шевченківський',
      'Голосіївський',
      "'=1+2",
    ])
  })

  it('writes XLSX, one sheet per panel: Ukrainian text intact, numbers as numbers, "=1+2" stays text', async () => {
    const buffer = await toXlsx(
      [
        { title: 'Звернення по районах', result: byDistrict },
        { title: 'Звернення по районах', result: kpi },
      ],
      'uk'
    )
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(buffer as any)
    expect(book.worksheets.map((s) => s.name)).toEqual(['Звернення по районах', 'Звернення по районах 2'])
    const sheet = book.worksheets[0]
    expect(sheet.getCell('A1').value).toBe('Звернення по районах (01.03.2026 – 31.03.2026)')
    expect(sheet.getRow(2).values).toEqual([undefined, 'Район', 'Оператор', 'Звернень', 'Вчасно'] as any)
    expect(sheet.getCell('A3').value).toBe('Шевченківський')
    expect(sheet.getCell('B3').value).toBe('—')
    expect(sheet.getCell('C3').value).toBe(1234)
    expect(sheet.getCell('D3').value).toBe(87.5)
    expect(sheet.getCell('D3').numFmt).toBe('#,##0.0" %"')
    const formulaLike = sheet.getCell('A5')
    expect(formulaLike.type).toBe(ExcelJS.ValueType.String)
    expect(formulaLike.value).toBe("'=1+2")
    expect(formulaLike.formula).toBeUndefined()
    const second = book.worksheets[1]
    expect(second.getCell('A3').value).toBe(50)
    expect(second.getCell('A5').value).toBe('Попередній період: 29.01.2026 – 28.02.2026')
    expect(second.getCell('A6').value).toBe(40)
  })

  it('writes a PDF whose text holds the Ukrainian title, labels, uk-UA numbers and the KPI comparison', async () => {
    const now = new Date('2026-04-01T05:30:00Z')
    const big: ReportResult = { ...byDistrict, rows: Array.from({ length: 120 }, (_, i) => ({ district: i % 2 ? 'd1' : 'd2', count: 1000 + i, sla_met: 50 })) }
    const pdf = await toPdf(
      'Щотижневий звіт контакт-центру',
      [
        { title: { uk: 'Відкриті звернення' }, result: kpi },
        { title: { uk: 'Звернення по районах' }, result: big },
      ],
      'uk',
      now
    )
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const parser = new PDFParse({ data: new Uint8Array(pdf) })
    const parsed = await parser.getText()
    await parser.destroy()
    const text = parsed.text.replace(/\s+/g, ' ')
    expect(parsed.total).toBeGreaterThan(1) // 120 rows do not fit on one A4 page
    expect(text).toContain('Щотижневий звіт контакт-центру')
    expect(text).toContain('Шевченківський')
    expect(text).toContain('Голосіївський')
    expect(text).toContain('Звернення по районах')
    expect(text).toContain(generatedAt('uk', now).replace(/\s+/g, ' '))
    expect(text).toContain('1 119') // uk-UA groups thousands (a no-break space)
    expect(text).toContain('50,0 %')
    expect(text).toContain('▲ +25,0 %') // 50 against 40
    expect(text).toContain('01.03.2026 – 31.03.2026')
    expect(text.match(/Район/g)!.length).toBe(parsed.total) // the header repeats on every page of the table
  })
})

describe('report export values', () => {
  it('shows a moment in Kyiv time and a date as a day', () => {
    const result = { labels: {} } as unknown as ReportResult
    const due = { key: 'due', label: { uk: 'Термін' }, role: 'dimension', type: 'datetime' } as const
    // 13:49 UTC is 16:49 in Kyiv in October (UTC+3), 14:49 in December (UTC+2)
    expect(dimensionText(due, '2026-10-06T13:49:37.170Z', result, 'uk')).toBe('06.10.2026, 16:49')
    expect(dimensionText(due, '2026-12-06T13:49:00Z', result, 'uk')).toBe('06.12.2026, 15:49')
    expect(dimensionText({ key: 'day', label: { uk: 'День' }, role: 'dimension', type: 'date' }, '2026-10-06', result, 'uk')).toBe('06.10.2026')
  })
})
