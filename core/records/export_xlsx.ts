import { PassThrough, type Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { ExportTable } from './export_table.js'
import { csvCell } from './export.js'

/**
 * The table as an XLSX workbook, streamed: exceljs's WorkbookWriter commits each row as it is
 * written, so a long list never sits in memory whole. Text cells are already neutralised
 * (export_table.ts), exactly like CSV; no cell is ever written as a formula.
 */
export function xlsxStream(table: ExportTable, sheetName: string): Readable {
  const out = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const sheet = workbook.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'export', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = table.headers.map((header, i) => ({
    header,
    width: Math.min(Math.max(header.length + 2, 12), 40),
    style: table.types[i] === 'datetime' ? { numFmt: 'yyyy-mm-dd hh:mm' } : {},
  }))
  sheet.getRow(1).font = { bold: true }
  ;(async () => {
    for await (const rows of table.pages) for (const row of rows) sheet.addRow(row).commit()
    sheet.commit()
    await workbook.commit()
  })().catch((error) => out.destroy(error))
  return out
}

/** The table as CSV (UTF-8 with BOM for spreadsheets), streamed page by page. */
export function csvStream(table: ExportTable): Readable {
  const out = new PassThrough()
  ;(async () => {
    out.write('\uFEFF' + table.headers.map((h) => csvCell(h)).join(',') + '\r\n')
    for await (const rows of table.pages) {
      const chunk = rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString() : csvCell(v))).join(',')).join('\r\n')
      if (chunk && !out.write(chunk + '\r\n')) await new Promise((resolve) => out.once('drain', resolve))
    }
    out.end()
  })().catch((error) => out.destroy(error))
  return out
}
