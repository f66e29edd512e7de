import type { WidgetProps } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'
import { ReferencePicker } from '../components/ReferencePicker.js'
import { referenceSource } from '../extensions.js'

/** rjsf widget of reference fields: the searchable picker over the target entity. */
export function ReferenceWidget(props: WidgetProps) {
  const { t } = useTranslation()
  const to = props.options.to as string | undefined
  const readable = props.options.toReadable as boolean | undefined
  // a module may narrow the choices by the record being edited (a request's company's staff)
  const context = props.registry.formContext as { entity?: string; record?: Record<string, unknown> } | undefined
  const source = referenceSource(context?.entity, props.name)
  if (!to || !readable) {
    return <input id={props.id} aria-label={props.label} value={props.value ? String(props.value) : ''} placeholder={t('reference.unavailable')} readOnly disabled />
  }
  return (
    <ReferencePicker
      id={props.id}
      entityKey={to}
      value={typeof props.value === 'string' && props.value ? props.value : null}
      onChange={(id) => props.onChange(id ?? undefined)}
      label={props.label}
      disabled={props.disabled || props.readonly}
      required={props.required}
      invalid={!!props.rawErrors?.length}
      describedBy={props.rawErrors?.length ? `${props.id}__error` : undefined}
      search={source ? (text) => source.search(context?.record ?? {}, text) : undefined}
    />
  )
}
