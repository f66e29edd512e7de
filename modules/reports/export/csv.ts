import type { ReportResult } from '#core/shared/reports'
import { csvCell } from '#core/records/export'
import { asPanels, dimensionText, HIDDEN, labelText, periodText, previousLabel, type ExportLocale, type ExportPanel } from './format.js'

/**
 * Results as one CSV (UTF-8 with BOM, CRLF, for spreadsheets): per result a header row of
 * column labels and its rows — dimensions by their labels, measures as plain numbers (a dot
 * before the decimals, so a program reads them back), "—" in a hidden column. Several results
 * are separated by an empty line, each preceded by its title; a KPI's previous period follows
 * its row after an empty line and a line naming that period. Text cells go through the
 * records' formula guard (csvCell: = + - @ tab CR get an apostrophe).
 */
export function toCsv(results: Array<ReportResult | ExportPanel>, locale: ExportLocale): string {
  const panels = asPanels(results)
  const blocks = panels.map(({ title, result }) => {
    const lines: string[] = []
    if (panels.length > 1) lines.push(csvCell(labelText(title, locale)))
    lines.push(result.columns.map((c) => csvCell(labelText(c.label, locale, c.key))).join(','))
    const line = (row: Record<string, unknown>) =>
      result.columns
        .map((c) => {
          if (c.hidden) return csvCell(HIDDEN)
          if (c.role === 'measure') return csvCell(row[c.key] === null || row[c.key] === undefined ? null : Number(row[c.key]))
          return csvCell(dimensionText(c, row[c.key], result, locale))
        })
        .join(',')
    for (const row of result.rows) lines.push(line(row))
    if (result.previous) lines.push('', csvCell(`${previousLabel(locale)}: ${periodText(result.previous.period, locale)}`), line(result.previous.row))
    return lines.join('\r\n')
  })
  return '\uFEFF' + blocks.join('\r\n\r\n') + '\r\n'
}
