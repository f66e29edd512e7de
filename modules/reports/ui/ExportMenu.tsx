import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { downloadExport, type ExportFormat, type ExportTarget } from './api.js'

/** Runs one download at a time and keeps its error (problem+json) to show. */
function useExport(target: ExportTarget, params: Record<string, unknown>) {
  const [busy, setBusy] = useState<ExportFormat>()
  const [error, setError] = useState<unknown>()
  const run = (format: ExportFormat) => {
    setBusy(format)
    setError(undefined)
    downloadExport(target, params, format)
      .catch(setError)
      .finally(() => setBusy(undefined))
  }
  return { busy, error, run }
}

/** "Експорт ▾": CSV, XLSX and PDF of a report with the parameters it runs with. */
export function ExportMenu({ target, params }: { target: ExportTarget; params: Record<string, unknown> }) {
  const { t } = useTranslation()
  const { busy, error, run } = useExport(target, params)
  return (
    <details className="menu report-export">
      <summary className="button">{t('reports.export')}</summary>
      <ul className="menu-panel">
        {(['csv', 'xlsx', 'pdf'] as const).map((f) => (
          <li key={f}>
            <button type="button" className="link" disabled={!!busy} aria-busy={busy === f || undefined} onClick={() => run(f)}>
              {f.toUpperCase()}
            </button>
          </li>
        ))}
      </ul>
      <ProblemAlert error={error} />
    </details>
  )
}

/** One format as a button (the Mayor's "PDF"). */
export function ExportButton({ target, params, format, label }: { target: ExportTarget; params: Record<string, unknown>; format: ExportFormat; label: string }) {
  const { t } = useTranslation()
  const { busy, error, run } = useExport(target, params)
  return (
    <>
      <button type="button" className="primary" disabled={!!busy} onClick={() => run(format)}>
        {busy ? t('reports.exporting') : label}
      </button>
      <ProblemAlert error={error} />
    </>
  )
}
