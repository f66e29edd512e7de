import type { WidgetProps } from '@rjsf/utils'
import { localToUTC, utcToLocal } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../labels.js'

/**
 * Date-time fields: read-only ones as text in Kyiv time and the UI's language (the browser's
 * own control would show its locale's format); editable ones as the native picker.
 */
export function DateTimeWidget(props: WidgetProps) {
  const { i18n } = useTranslation()
  const value = typeof props.value === 'string' ? props.value : ''
  if (props.readonly || props.disabled) {
    return <input id={props.id} readOnly disabled={props.disabled} value={value ? formatDateTime(value, i18n.language) : '—'} />
  }
  return (
    <input
      id={props.id}
      type="datetime-local"
      value={value ? utcToLocal(value) : ''}
      required={props.required}
      aria-invalid={!!props.rawErrors?.length || undefined}
      onChange={(e) => props.onChange(e.target.value ? localToUTC(e.target.value) : undefined)}
      onBlur={() => props.onBlur(props.id, props.value)}
      onFocus={() => props.onFocus(props.id, props.value)}
    />
  )
}
