import { useEffect, useMemo, useRef, useState } from 'react'
import Form from '@rjsf/core'
import validator from '@rjsf/validator-ajv8'
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'
import type { UiEntity } from '../types/bootstrap.js'
import type { RecordData, TransitionInfo } from '../api/types.js'
import { ApiError } from '../api/client.js'
import { useSession } from '../session/SessionContext.js'
import { formSpec } from '../form/schema.js'
import { toExtraErrors } from '../form/errors.js'
import { useLabel } from '../labels.js'
import { widgets } from '../widgets/registry.js'
import { ProblemAlert } from './ProblemAlert.js'

/** Asks for a transition's fields (its required ones marked) in a modal dialog, then makes it. */
export function TransitionDialog({
  entity,
  record,
  transition,
  onSubmit,
  onCancel,
}: {
  entity: UiEntity
  record: RecordData
  transition: TransitionInfo
  onSubmit(body: Record<string, unknown>): Promise<void>
  onCancel(): void
}) {
  const { t, i18n } = useTranslation()
  const label = useLabel()
  const boot = useSession().boot!
  const dialog = useRef<HTMLDialogElement>(null)
  const names = useMemo(() => [...new Set([...transition.fields, ...transition.requiredFields])].filter((n) => entity.fields[n]), [transition, entity])
  const { schema, uiSchema } = useMemo(() => {
    const full = formSpec(boot, { ...entity, schemas: { ...entity.schemas, create: entity.schemas.record } }, 'new', i18n.language, record)
    const properties: Record<string, RJSFSchema> = {}
    const ui: UiSchema = {}
    for (const n of names) {
      const base = full.schema.properties?.[n] as RJSFSchema | undefined
      if (!base) continue
      // fields the transition may set are writable here even when the form shows them read-only
      properties[n] = base
      ui[n] = { ...(full.uiSchema[n] as UiSchema), ...(transition.fields.includes(n) ? {} : { 'ui:readonly': true }) }
    }
    return { schema: { type: 'object', properties, required: transition.requiredFields.filter((n) => properties[n]) } as RJSFSchema, uiSchema: ui }
  }, [boot, entity, i18n.language, record, names, transition])
  const [data, setData] = useState<Record<string, unknown>>(() => Object.fromEntries(names.filter((n) => record[n] !== null && record[n] !== undefined).map((n) => [n, record[n]])))
  const [extraErrors, setExtraErrors] = useState<ErrorSchema>()
  const [messages, setMessages] = useState<string[]>([])

  useEffect(() => {
    dialog.current?.showModal()
  }, [])

  async function submit(values: Record<string, unknown>) {
    const body = Object.fromEntries(transition.fields.filter((n) => values[n] !== undefined && JSON.stringify(values[n]) !== JSON.stringify(record[n])).map((n) => [n, values[n]]))
    try {
      await onSubmit(body)
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      const mapped = toExtraErrors(
        e.errors,
        (f) => f in (schema.properties ?? {}),
        (f) => label(entity.fields[f]?.label, f)
      )
      setExtraErrors(mapped.extraErrors)
      setMessages(mapped.messages.length ? mapped.messages : e.errors.length ? [] : [e.problem.title])
    }
  }

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="transition-title" onCancel={onCancel}>
      <h2 id="transition-title">{t('transitions.fieldsFor', { name: label(transition.label, transition.key) })}</h2>
      <ProblemAlert messages={messages} />
      <Form
        idPrefix="transition"
        formContext={{ entity: entity.key, record }}
        schema={schema}
        uiSchema={uiSchema}
        formData={data}
        validator={validator}
        widgets={widgets}
        noHtml5Validate
        noValidate
        showErrorList={false}
        extraErrors={extraErrors}
        onChange={(e) => setData(e.formData ?? {})}
        onSubmit={(e) => void submit(e.formData ?? {})}
      >
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('transitions.confirm')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('transitions.cancel')}
          </button>
        </div>
      </Form>
    </dialog>
  )
}
