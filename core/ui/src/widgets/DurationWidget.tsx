import { useEffect, useState } from 'react'
import type { WidgetProps } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'
import { durationToHuman, humanToDuration } from '../form/values.js'

/**
 * rjsf widget of duration fields: "3 дні 4 год" in words, stored as ISO 8601 (`P3DT4H`); the
 * ISO form is shown beside it while typing. Unreadable text is sent as it is, for the server
 * to explain at the field.
 */
export function DurationWidget(props: WidgetProps) {
  const { t, i18n } = useTranslation()
  const value = typeof props.value === 'string' ? props.value : ''
  const [text, setText] = useState(value ? durationToHuman(value, i18n.language) : '')
  const [focused, setFocused] = useState(false)
  useEffect(() => {
    if (!focused) setText(value ? durationToHuman(value, i18n.language) : '')
  }, [value, focused, i18n.language])
  const iso = text.trim() ? humanToDuration(text) : undefined
  return (
    <>
      <input
        id={props.id}
        value={text}
        disabled={props.disabled}
        readOnly={props.readonly}
        placeholder={t('widget.durationExample')}
        aria-invalid={!!props.rawErrors?.length || undefined}
        aria-describedby={`${props.id}__duration`}
        onChange={(e) => {
          setText(e.target.value)
          props.onChange(e.target.value.trim() ? (humanToDuration(e.target.value) ?? e.target.value) : undefined)
        }}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false)
          props.onBlur(props.id, props.value)
        }}
      />
      <span id={`${props.id}__duration`} className={`widget-hint${text.trim() && !iso ? ' bad' : ''}`}>
        {text.trim() ? (iso ?? t('widget.durationInvalid')) : t('widget.durationHelp')}
      </span>
    </>
  )
}
