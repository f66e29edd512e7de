import { useEffect, useState } from 'react'
import type { WidgetProps } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../labels.js'
import { fromDayText, fromKyivText, toDayText, toKyivText } from '../form/values.js'

/**
 * Dates and date-times as Ukrainians write them (`29.03.2026 14:30`, 24 h, Kyiv time) whatever
 * the browser's locale and zone: the native pickers follow the browser (`03/29/2026, 02:30 PM`
 * in an English Chrome), so the field is text. Read-only ones are text in the UI's language.
 * What cannot be read goes to the server as typed, which names the expected format at the field.
 */
function DayTimeInput(props: WidgetProps & { day: boolean }) {
  const { t, i18n } = useTranslation()
  const value = typeof props.value === 'string' ? props.value : ''
  const show = (v: string) => (v ? (props.day ? toDayText(v) : toKyivText(v)) || v : '')
  const [text, setText] = useState(() => show(value))
  // a value set from outside (a reload, a transition) replaces what is shown; typing does not loop back
  useEffect(() => {
    const parsed = props.day ? fromDayText(text) : fromKyivText(text)
    if ((parsed ?? (text || undefined)) !== (value || undefined)) setText(show(value))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value])
  if (props.readonly || props.disabled) {
    return <input id={props.id} readOnly disabled={props.disabled} value={value ? (props.day ? toDayText(value) : formatDateTime(value, i18n.language)) : '—'} />
  }
  const hint = props.day ? t('widget.dayFormat') : `${t('widget.dateTimeFormat')}, ${t('widget.kyivTime').toLowerCase()}`
  return (
    <>
      <input
        id={props.id}
        type="text"
        inputMode="numeric"
        placeholder={props.day ? t('widget.dayPlaceholder') : t('widget.dateTimePlaceholder')}
        value={text}
        required={props.required}
        aria-invalid={!!props.rawErrors?.length || undefined}
        aria-describedby={`${props.id}__zone`}
        onChange={(e) => {
          const next = e.target.value
          setText(next)
          props.onChange(next.trim() ? ((props.day ? fromDayText(next) : fromKyivText(next)) ?? next) : undefined)
        }}
        onBlur={() => props.onBlur(props.id, props.value)}
        onFocus={() => props.onFocus(props.id, props.value)}
      />
      <span id={`${props.id}__zone`} className="widget-hint">
        {hint}
      </span>
    </>
  )
}

export function DateTimeWidget(props: WidgetProps) {
  return <DayTimeInput {...props} day={false} />
}

export function DateWidget(props: WidgetProps) {
  return <DayTimeInput {...props} day />
}
