import type { WidgetProps } from '@rjsf/utils'

/** rjsf widget of free JSON fields: the value as indented JSON text, parsed when saved. */
export function JsonWidget(props: WidgetProps) {
  return (
    <textarea
      id={props.id}
      className="json"
      rows={4}
      spellCheck={false}
      value={typeof props.value === 'string' ? props.value : ''}
      disabled={props.disabled}
      readOnly={props.readonly}
      aria-invalid={!!props.rawErrors?.length || undefined}
      onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}
    />
  )
}
