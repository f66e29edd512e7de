import { useEffect, useState } from 'react'
import type { WidgetProps } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'
import { displayPhone, parsePhone } from '../form/values.js'
import { FieldActions } from '../components/FieldActions.js'

/**
 * rjsf widget of phone fields: typed freely ("067 123 45 67"), stored in E.164 once it reads as
 * a number, shown as +380 67 123 4567. Text that is not a number is sent as it is, for the
 * server to explain at the field. Beside a saved record's number: the modules' field actions
 * (a call button).
 */
export function PhoneWidget(props: WidgetProps) {
  const { t } = useTranslation()
  const value = typeof props.value === 'string' ? props.value : ''
  const [text, setText] = useState(displayPhone(value))
  const [focused, setFocused] = useState(false)
  useEffect(() => {
    if (!focused) setText(displayPhone(value))
  }, [value, focused])
  const parsed = text.trim() ? parsePhone(text) : undefined
  const hint = `${props.id}__phone`
  const context = props.registry.formContext as { entity?: string; record?: Record<string, unknown> } | undefined
  const saved = context?.entity && context.record?.id && parsed && value === parsed.e164
  return (
    <>
      <input
        id={props.id}
        type="tel"
        inputMode="tel"
        autoComplete="off"
        value={text}
        disabled={props.disabled}
        readOnly={props.readonly}
        aria-invalid={!!props.rawErrors?.length || undefined}
        aria-describedby={hint}
        placeholder="+380 67 123 4567"
        onChange={(e) => {
          setText(e.target.value)
          const p = e.target.value.trim() ? parsePhone(e.target.value) : undefined
          props.onChange(e.target.value.trim() ? (p?.e164 ?? e.target.value) : undefined)
        }}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false)
          if (parsed) setText(parsed.display)
          props.onBlur(props.id, props.value)
        }}
      />
      <span id={hint} className={`widget-hint${text.trim() && !parsed ? ' bad' : ''}`}>
        {text.trim() ? (parsed ? parsed.e164 : t('widget.phoneInvalid')) : ''}
      </span>
      {saved && !focused ? <FieldActions type="phone" entity={context.entity!} field={props.name} value={value} record={context.record} /> : null}
    </>
  )
}
