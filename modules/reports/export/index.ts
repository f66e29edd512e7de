/** Files of a report's result: CSV, XLSX and PDF (plain functions; the actions wrap them). */
export { toCsv } from './csv.js'
export { toXlsx } from './xlsx.js'
export { toPdf } from './pdf.js'
export { fileNameOf, labelText, type ExportLocale, type ExportPanel } from './format.js'
