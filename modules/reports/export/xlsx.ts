import ExcelJS from 'exceljs'
import type { ReportColumn, ReportResult } from '#core/shared/reports'
import { neutralise } from '#core/records/export_table'
import { asPanels, dimensionText, HIDDEN, labelText, periodText, previousLabel, type ExportLocale, type ExportPanel } from './format.js'

/** A sheet name Excel accepts (31 characters, none of \ / ? * [ ] :), unique in the workbook. */
function sheetName(title: string, taken: Set<string>): string {
  const base =
    title
      .replace(/[\\/?*[\]:]/g, ' ')
      .trim()
      .slice(0, 28) || 'report'
  let name = base
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base} ${i}`
  taken.add(name.toLowerCase())
  return name
}

function numFmt(column: ReportColumn): string {
  const digits = column.digits ?? (column.type === 'percent' ? 1 : undefined)
  const base = digits === undefined ? '#,##0.##' : digits > 0 ? `#,##0.${'0'.repeat(digits)}` : '#,##0'
  return column.type === 'percent' ? `${base}" %"` : base
}

/**
 * Results (a report's, or each panel of a dashboard) as an XLSX workbook, one sheet per
 * result: a title row (with the period), the header row, the rows — dimensions as the labels
 * the viewer reads, measures as numbers with their digits, "—" in a hidden column — and a
 * KPI's previous period below. Text goes through the records' formula guard (neutralise) and
 * is written as text: no cell is ever a formula.
 */
export async function toXlsx(results: Array<ReportResult | ExportPanel>, locale: ExportLocale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Vikno'
  workbook.created = new Date()
  const taken = new Set<string>()
  for (const { title, result } of asPanels(results)) {
    const text = labelText(title, locale)
    const sheet = workbook.addWorksheet(sheetName(text, taken), { views: [{ state: 'frozen', ySplit: 2 }] })
    const heading = sheet.addRow([neutralise(result.period ? `${text} (${periodText(result.period, locale)})` : text)])
    heading.font = { bold: true, size: 13 }
    const header = sheet.addRow(result.columns.map((c) => neutralise(labelText(c.label, locale, c.key))))
    header.font = { bold: true }
    const cells = (row: Record<string, unknown>) =>
      result.columns.map((c) => {
        if (c.hidden) return HIDDEN
        if (c.role === 'measure') return row[c.key] === null || row[c.key] === undefined ? null : Number(row[c.key])
        return neutralise(dimensionText(c, row[c.key], result, locale))
      })
    for (const row of result.rows) sheet.addRow(cells(row))
    if (result.previous) {
      sheet.addRow([])
      sheet.addRow([neutralise(`${previousLabel(locale)}: ${periodText(result.previous.period, locale)}`)]).font = { italic: true }
      sheet.addRow(cells(result.previous.row))
    }
    result.columns.forEach((c, i) => {
      const column = sheet.getColumn(i + 1)
      column.width = Math.min(Math.max(labelText(c.label, locale, c.key).length + 2, 12), 40)
      if (c.role === 'measure') column.numFmt = numFmt(c)
    })
    if (result.truncated) sheet.addRow([locale === 'en' ? 'Only the first rows are shown.' : 'Показано лише перші рядки.']).font = { italic: true }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
