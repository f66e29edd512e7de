import { useTranslation } from 'react-i18next'
import type { UiField } from '../types/bootstrap.js'
import { formatDateTime, pick } from '../labels.js'
import { knownName } from '../api/references.js'

export interface ColumnField {
  type: UiField['type']
  label: UiField['label']
  options?: UiField['options']
  to?: string
  /** The field holds a workflow state. */
  workflowState?: boolean
}

/** One value in a table cell or a summary, by field type. */
export function CellValue({ field, value }: { field: ColumnField | undefined; value: unknown }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>
  if (!field) return <>{String(value)}</>
  if (field.options) {
    const option = field.options.find((o) => o.value === value)
    const text = option ? pick(option.label, lang) : String(value)
    // enum values and workflow states read as badges; long lookup names (request types) as text
    return field.type === 'enum' || !!field.workflowState ? <span className={`tag tag-${String(value)}`}>{text}</span> : <>{text}</>
  }
  switch (field.type) {
    case 'boolean':
      return <>{value ? t('filter.yes') : t('filter.no')}</>
    case 'datetime':
      return <time dateTime={String(value)}>{formatDateTime(String(value), lang)}</time>
    case 'date':
      return <time dateTime={String(value)}>{formatDateTime(String(value), lang, true)}</time>
    case 'reference':
      return <>{(field.to && knownName(field.to, String(value))) ?? `#${String(value).slice(0, 8)}`}</>
    case 'multi_reference':
      return <>{(value as string[]).map((id) => (field.to && knownName(field.to, id)) ?? `#${id.slice(0, 8)}`).join(', ')}</>
    case 'json':
    case 'geo_point':
      return <code>{JSON.stringify(value)}</code>
    case 'text': {
      const text = String(value)
      return <span title={text.length > 80 ? text : undefined}>{text.length > 80 ? `${text.slice(0, 80)}…` : text}</span>
    }
    default:
      return <>{String(value)}</>
  }
}
