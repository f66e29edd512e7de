import type { WidgetProps } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../labels.js'
import { fromKyivLocal, toKyivLocal } from '../form/values.js'

/**
 * Date-time fields in Kyiv time whatever the browser's zone: read-only ones as text in the UI's
 * language, editable ones as the native picker holding Kyiv wall-clock time.
 */
export function DateTimeWidget(props: WidgetProps) {
  const { t, i18n } = useTranslation()
  const value = typeof props.value === 'string' ? props.value : ''
  if (props.readonly || props.disabled) {
    return <input id={props.id} readOnly disabled={props.disabled} value={value ? formatDateTime(value, i18n.language) : '—'} />
  }
  return (
    <>
      <input
        id={props.id}
        type="datetime-local"
        value={value ? toKyivLocal(value) : ''}
        required={props.required}
        aria-invalid={!!props.rawErrors?.length || undefined}
        aria-describedby={`${props.id}__zone`}
        onChange={(e) => props.onChange(e.target.value ? fromKyivLocal(e.target.value) ?? e.target.value : undefined)}
        onBlur={() => props.onBlur(props.id, props.value)}
        onFocus={() => props.onFocus(props.id, props.value)}
      />
      <span id={`${props.id}__zone`} className="widget-hint">
        {t('widget.kyivTime')}
      </span>
    </>
  )
}
