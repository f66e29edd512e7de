import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import type { ReportColumn, ReportResult } from '#core/shared/reports'
import { cellText, changePercent, generatedAt, labelText, measureText, periodText, previousLabel, type ExportLocale, type ExportPanel } from './format.js'

const require = createRequire(import.meta.url)
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')

const MARGIN = 40
const ROW = 16
const GREY = '#555555'
const LINE = '#cccccc'

/** A result with no dimension and at most one row reads as big numbers (a KPI). */
function isKpi(result: ReportResult) {
  return !result.columns.some((c) => c.role === 'dimension') && result.rows.length <= 1
}

/**
 * A titled PDF (A4, DejaVu Sans embedded: Cyrillic and every sign the labels use) of panels:
 * each a titled table (header repeated on every page it spans), or a KPI as big numbers with
 * the previous period and the change; numbers and dates in the locale (uk-UA first), the date
 * it was made in Europe/Kyiv at the top.
 */
export function toPdf(title: string, panels: ExportPanel[], locale: ExportLocale, now = new Date()): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: title, Creator: 'Vikno' }, bufferPages: true })
  doc.registerFont('body', FONT)
  doc.registerFont('bold', FONT_BOLD)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const width = doc.page.width - 2 * MARGIN
  const bottom = () => doc.page.height - MARGIN - 20 // the footer's line
  const room = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage()
  }

  doc.font('bold').fontSize(18).fillColor('black').text(title, MARGIN, MARGIN, { width })
  doc
    .font('body')
    .fontSize(9)
    .fillColor(GREY)
    .text(`${locale === 'en' ? 'Generated' : 'Сформовано'}: ${generatedAt(locale, now)}`, { width })
  doc.moveDown(1)

  for (const panel of panels) {
    room(ROW * 4)
    doc.font('bold').fontSize(13).fillColor('black').text(labelText(panel.title, locale), MARGIN, doc.y, { width })
    const period = periodText(panel.result.period, locale)
    if (period) doc.font('body').fontSize(9).fillColor(GREY).text(period, { width })
    doc.moveDown(0.4)
    if (isKpi(panel.result)) kpi(doc, panel.result, locale, width, room)
    else table(doc, panel.result, locale, width, room, bottom)
    doc.moveDown(1.2)
  }

  // page numbers, once every page exists
  const range = doc.bufferedPageRange()
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i)
    doc.page.margins.bottom = 0 // the footer sits in the margin: no page break for it
    doc
      .font('body')
      .fontSize(8)
      .fillColor(GREY)
      .text(`${title} · ${i + 1} / ${range.count}`, MARGIN, doc.page.height - MARGIN - 10, { width, align: 'right', lineBreak: false })
  }
  doc.end()
  return done
}

function kpi(doc: PDFKit.PDFDocument, result: ReportResult, locale: ExportLocale, width: number, room: (h: number) => void) {
  const measures = result.columns.filter((c) => c.role === 'measure')
  const row = result.rows[0] ?? {}
  const perLine = Math.max(1, Math.min(3, measures.length))
  const boxW = width / perLine
  for (let i = 0; i < measures.length; i += perLine) {
    room(80)
    const top = doc.y
    measures.slice(i, i + perLine).forEach((c, j) => {
      const x = doc.page.margins.left + j * boxW
      doc
        .font('body')
        .fontSize(9)
        .fillColor(GREY)
        .text(labelText(c.label, locale, c.key), x, top, { width: boxW - 10 })
      doc
        .font('bold')
        .fontSize(26)
        .fillColor('black')
        .text(measureText(c, row[c.key], locale) || '—', x, top + 14, { width: boxW - 10, lineBreak: false })
      if (result.previous)
        doc
          .font('body')
          .fontSize(9)
          .fillColor(GREY)
          .text(comparison(c, row[c.key], result.previous.row[c.key], locale), x, top + 50, { width: boxW - 10 })
    })
    doc.x = doc.page.margins.left
    doc.y = top + (result.previous ? 76 : 56)
  }
  if (result.previous) {
    doc
      .font('body')
      .fontSize(8)
      .fillColor(GREY)
      .text(`${previousLabel(locale)}: ${periodText(result.previous.period, locale)}`, doc.page.margins.left, doc.y, { width })
  }
}

/** `попередній період: 40 (▲ +25,0 %)`. */
function comparison(column: ReportColumn, current: unknown, previous: unknown, locale: ExportLocale): string {
  const before = measureText(column, previous, locale) || '—'
  const change = changePercent(current, previous)
  const word = locale === 'en' ? 'previous' : 'попередній'
  if (change === null) return `${word}: ${before}`
  const sign = change > 0 ? '▲ +' : change < 0 ? '▼ −' : '= '
  const pct = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'uk-UA', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(change))
  return `${word}: ${before} (${sign}${pct} %)`
}

function table(doc: PDFKit.PDFDocument, result: ReportResult, locale: ExportLocale, width: number, room: (h: number) => void, bottom: () => number) {
  const columns = result.columns
  const weights = columns.map((c) => (c.role === 'dimension' ? 2 : 1))
  const total = weights.reduce((a, b) => a + b, 0) || 1
  const widths = weights.map((w) => (w / total) * width)
  const left = doc.page.margins.left
  const line = (cells: string[], y: number, bold: boolean, shade: boolean) => {
    if (shade) doc.rect(left, y, width, ROW).fill('#f2f2f2')
    doc
      .font(bold ? 'bold' : 'body')
      .fontSize(8.5)
      .fillColor('black')
    let x = left
    cells.forEach((text, i) => {
      doc.text(text, x + 3, y + 4, { width: widths[i] - 6, height: ROW - 4, ellipsis: true, lineBreak: false, align: columns[i].role === 'measure' ? 'right' : 'left' })
      x += widths[i]
    })
    doc
      .moveTo(left, y + ROW)
      .lineTo(left + width, y + ROW)
      .strokeColor(LINE)
      .lineWidth(0.5)
      .stroke()
  }
  const header = () => {
    room(ROW * 2)
    const y = doc.y
    line(
      columns.map((c) => labelText(c.label, locale, c.key)),
      y,
      true,
      false
    )
    doc.y = y + ROW
  }
  header()
  if (!result.rows.length) {
    doc
      .font('body')
      .fontSize(9)
      .fillColor(GREY)
      .text(locale === 'en' ? 'No data' : 'Немає даних', left + 3, doc.y + 4, { width })
    return
  }
  result.rows.forEach((row, i) => {
    if (doc.y + ROW > bottom()) {
      doc.addPage()
      header()
    }
    const y = doc.y
    line(
      columns.map((c) => cellText(c, row[c.key], result, locale)),
      y,
      false,
      i % 2 === 1
    )
    doc.y = y + ROW
  })
  if (result.truncated) {
    doc
      .font('body')
      .fontSize(8)
      .fillColor(GREY)
      .text(locale === 'en' ? 'Only the first rows are shown.' : 'Показано лише перші рядки.', left, doc.y + 4, { width })
  }
  doc.x = left
}
