import { defineAction } from '#core/modules/define'
import { resultsOf, type ExportSource } from '../export/source.js'
import { toCsv, toPdf, toXlsx, fileNameOf, type ExportLocale } from '../export/index.js'

export type ExportFormat = 'csv' | 'xlsx' | 'pdf'

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
}

/** The file of a report's or a dashboard's figures, computed as `op`'s user. */
export async function exportFile(op: Parameters<typeof resultsOf>[0], source: ExportSource, format: ExportFormat, locale: ExportLocale) {
  const { title, panels } = await resultsOf(op, source, locale)
  const body = format === 'csv' ? Buffer.from(toCsv(panels, locale), 'utf8') : format === 'xlsx' ? await toXlsx(panels, locale) : await toPdf(title, panels, locale)
  return { title, body, contentType: CONTENT_TYPES[format], fileName: fileNameOf(title, format) }
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266): Cyrillic titles stay readable. */
export function contentDisposition(fileName: string) {
  const dot = fileName.lastIndexOf('.')
  const base = fileName.slice(0, dot).replace(/[^A-Za-z0-9_-]+/g, '_')
  const ascii = /[A-Za-z0-9]/.test(base) ? `${base}${fileName.slice(dot)}` : `report${fileName.slice(dot)}`
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/**
 * POST /api/v1/actions/reports.export {report | dashboard, params?, format, lang?}: the figures
 * as a CSV, XLSX or PDF file (Content-Disposition: attachment), computed as the caller (their
 * row scope applies; a report or dashboard they may not see is a 404 or the engine's refusal).
 */
export const exportReport = defineAction<ExportSource & { format: ExportFormat; lang?: ExportLocale }, Buffer>({
  method: 'POST',
  summary: "A report's or a dashboard's figures as a CSV, XLSX or PDF file",
  input: {
    type: 'object',
    properties: {
      report: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 120 },
      dashboard: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 120 },
      params: { type: 'object', description: 'Parameter values by key (a period: a preset or {from, to})' },
      format: { enum: ['csv', 'xlsx', 'pdf'] },
      lang: { enum: ['uk', 'en'], description: "Labels and number formats (default: the caller's language)" },
    },
    required: ['format'],
    oneOf: [{ required: ['report'] }, { required: ['dashboard'] }],
    additionalProperties: false,
  },
  files: [CONTENT_TYPES.csv.split(';')[0], CONTENT_TYPES.xlsx, CONTENT_TYPES.pdf],
  async handle(op, input, ctx) {
    const locale = input.lang ?? op.actor.locale
    const file = await exportFile(op, input, input.format, locale)
    if (ctx?.response) {
      ctx.response.header('content-type', file.contentType)
      ctx.response.header('content-disposition', contentDisposition(file.fileName))
      ctx.response.header('cache-control', 'no-store')
    }
    return file.body
  },
})
