import { useTranslation } from 'react-i18next'
import type { ReportDimension, ReportMeasure } from '../../../../core/shared/reports.js'
import { useLabel } from '../../../../core/ui/src/labels.js'
import type { PaletteField } from './report_state.js'

/**
 * How the designer names a column where its key would mean little (cards, sort, axes): its own
 * label, else its field's label (with a date's bucket), else its function and field.
 */
export function useColumnName(palette: PaletteField[]) {
  const { t } = useTranslation()
  const label = useLabel()
  const fieldName = (path: string) => label(palette.find((f) => f.path === path)?.label, path)
  const fnName = (fn: string) => (fn.includes('.') ? t(`rd.modules.${fn}`, { defaultValue: fn }) : t(`rd.fns.${fn}`))
  return {
    fieldName,
    fnName,
    dimension: (d: ReportDimension) => (d.label ? label(d.label) : `${fieldName(d.field)}${d.bucket ? ` (${t(`rd.buckets.${d.bucket}`)})` : ''}`),
    measure: (m: ReportMeasure) => (m.label ? label(m.label) : m.field ? `${fnName(m.fn)}: ${fieldName(m.field)}` : m.fn === 'count' ? t('rd.countRows') : fnName(m.fn)),
  }
}
