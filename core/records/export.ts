import type { ListParams } from './read.js'
import { list, MAX_LIMIT } from './read.js'
import { entityFor, type OpContext } from './context.js'
import { MAX_EXPORT_ROWS, neutralise } from './export_table.js'

/**
 * Exports what the actor may read (row scope and hidden fields applied by `list`), as CSV
 * (UTF-8 with BOM for spreadsheets; cells starting with = + - @ neutralised against formula
 * injection) or JSON: every field the actor may read, by field name. The list screen's export
 * (the visible columns, labelled, in CSV or XLSX) is export_table.ts.
 */
export async function exportRecords(ctx: OpContext, entityKey: string, params: ListParams, format: 'csv' | 'json') {
  entityFor(ctx, entityKey, 'export')
  const rows: Record<string, unknown>[] = []
  let cursor: string | undefined
  do {
    const page = await list(ctx, entityKey, { ...params, cursor, limit: MAX_LIMIT, count: false, include: undefined })
    rows.push(...page.data)
    cursor = page.nextCursor ?? undefined
  } while (cursor && rows.length < MAX_EXPORT_ROWS)
  if (format === 'json') return { body: JSON.stringify(rows), contentType: 'application/json; charset=utf-8' }
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  const lines = [columns.map(csvCell).join(',')]
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','))
  return { body: '\uFEFF' + lines.join('\r\n') + '\r\n', contentType: 'text/csv; charset=utf-8' }
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value)
  if (typeof value === 'string') text = neutralise(text)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
