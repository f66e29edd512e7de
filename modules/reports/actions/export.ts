import type { HttpContext } from '@adonisjs/core/http'
import { defineAction } from '#core/modules/define'
import { invalid } from '#core/errors/problem'
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

const KEY = { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 120 }
const FORMAT = { enum: ['csv', 'xlsx', 'pdf'] }
const LANG = { enum: ['uk', 'en'], description: "Labels and number formats (default: the caller's language)" }
const FILES = [CONTENT_TYPES.csv.split(';')[0], CONTENT_TYPES.xlsx, CONTENT_TYPES.pdf]

type ExportInput = ExportSource & { format: ExportFormat; lang?: ExportLocale }

/** Answers the file of `input` as an attachment (no JSON envelope). */
async function answerFile(op: Parameters<typeof resultsOf>[0], input: ExportInput, ctx: HttpContext | undefined) {
  const file = await exportFile(op, input, input.format, input.lang ?? op.actor.locale)
  if (ctx?.response) {
    ctx.response.header('content-type', file.contentType)
    ctx.response.header('content-disposition', contentDisposition(file.fileName))
    ctx.response.header('cache-control', 'no-store')
  }
  return file.body
}

/** The input of both file actions; they differ only in how `params` arrives. */
function inputOf(params: Record<string, unknown>) {
  return {
    properties: { report: KEY, dashboard: KEY, params, format: FORMAT, lang: LANG },
    required: ['format'],
    oneOf: [{ required: ['report'] }, { required: ['dashboard'] }],
    additionalProperties: false,
  }
}

/**
 * POST /api/v1/actions/reports.export {report | dashboard, params?, format, lang?}: the figures
 * as a CSV, XLSX or PDF file (Content-Disposition: attachment), computed as the caller (their
 * row scope applies; a report or dashboard they may not see is a 404 or the engine's refusal).
 */
export const exportReport = defineAction<ExportInput, Buffer>({
  method: 'POST',
  summary: "A report's or a dashboard's figures as a CSV, XLSX or PDF file",
  input: {
    type: 'object',
    ...inputOf({ type: 'object', description: 'Parameter values by key (a period: a preset or {from, to})' }),
  },
  files: FILES,
  handle: (op, input, ctx) => answerFile(op, input, ctx),
})

/** `params` of a link: a JSON object, else a 422 at `/params`. */
function paramsOf(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text === '') return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw invalid([{ pointer: '/params', message: 'must be a JSON object, e.g. {"period":"last_month"}', code: 'json' }])
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid([{ pointer: '/params', message: 'must be a JSON object of parameter values', code: 'type' }])
  return value as Record<string, unknown>
}

/**
 * GET /api/v1/actions/reports.download?dashboard=mayor&format=pdf&params={…}: the same file as
 * `reports.export`, for a plain link (`<a href download>`): the input in the query string,
 * `params` as a JSON object (URL-encoded: a raw comma would split it). A GET needs no CSRF
 * token, so the browser's session cookie is enough; it only reads, like `reports.run`.
 */
export const downloadReport = defineAction<Omit<ExportInput, 'params'> & { params?: string }, Buffer>({
  method: 'GET',
  summary: 'reports.export for a link: the same file, its input in the query string (params as a JSON object)',
  input: {
    type: 'object',
    ...inputOf({ type: 'string', maxLength: 4000, description: 'Parameter values as a URL-encoded JSON object, e.g. {"period":"last_month"}' }),
  },
  files: FILES,
  handle: (op, { params, ...input }, ctx) => {
    const values = paramsOf(params)
    return answerFile(op, values ? { ...input, params: values } : input, ctx)
  },
})
