import type { WidgetProps } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'

/**
 * rjsf widget of enum fields with few options: a row of toggle buttons (native radios, so
 * arrows move between them and Space picks); an optional field can be cleared. Fields with
 * many options keep the select (form/schema.ts chooses; a form's uiSchema may override).
 */
export function ChoiceWidget(props: WidgetProps) {
  const { t } = useTranslation()
  const options = (props.options.enumOptions ?? []) as Array<{ value: unknown; label: string }>
  const disabled = props.disabled || props.readonly
  return (
    <div className="choice-buttons" role="radiogroup" id={props.id} aria-label={props.label} aria-invalid={!!props.rawErrors?.length || undefined} aria-required={props.required || undefined}>
      {options.map((o, i) => {
        const checked = props.value === o.value
        return (
          <label key={String(o.value)} className={`choice${checked ? ' checked' : ''}${disabled ? ' disabled' : ''}`}>
            <input
              type="radio"
              name={props.id}
              id={`${props.id}-${i}`}
              value={String(o.value)}
              checked={checked}
              disabled={disabled}
              onChange={() => props.onChange(o.value)}
              onBlur={() => props.onBlur(props.id, props.value)}
              onFocus={() => props.onFocus(props.id, props.value)}
            />
            {o.label}
          </label>
        )
      })}
      {!props.required && !disabled && props.value !== undefined && props.value !== null && (
        <button type="button" className="link" onClick={() => props.onChange(undefined)}>
          {t('widget.clearChoice')}
        </button>
      )}
    </div>
  )
}
