import { useEffect, useMemo, useRef, useState } from 'react'
import Form from '@rjsf/core'
import validator from '@rjsf/validator-ajv8'
import type { ErrorSchema } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'
import type { UiBootstrap, UiEntity } from '../types/bootstrap.js'
import type { RecordData } from '../api/types.js'
import { ApiError } from '../api/client.js'
import { pick } from '../labels.js'
import { formSpec, type Mode } from '../form/schema.js'
import { toBody, toFormData } from '../form/data.js'
import { mergeErrors, missingRequired, toExtraErrors } from '../form/errors.js'
import { changedFields, clearDraft, draftKey, readDraft, writeDraft } from '../form/draft.js'
import { widgets, fields, templates } from '../widgets/registry.js'
import { useSaveShortcut } from '../hooks/useSaveShortcut.js'
import { ProblemAlert } from './ProblemAlert.js'
import { ConflictAlert } from './ConflictAlert.js'

interface Props {
  boot: UiBootstrap
  entity: UiEntity
  mode: Mode
  record: Partial<RecordData>
  /** Sends the body (changed fields; `version` is added for updates) and returns the saved record. */
  save(body: Record<string, unknown>): Promise<RecordData>
  onSaved(record: RecordData): void
  onReload?(): void
  /**
   * Where the unsaved draft is kept: by default the entity and the record (`new` for a new one);
   * another name when one screen has two new forms of an entity, `false` for none.
   */
  draft?: string | false
  /** Prefix of the fields' ids (`root` by default): another one when two forms share a screen. */
  idPrefix?: string
}

/**
 * A record rendered by react-jsonschema-form from `form` metadata (or every field). The server
 * validates: its messages come back at their fields; a stale version explains the conflict.
 */
export function RecordForm({ boot, entity, mode, record, save, onSaved, onReload, draft, idPrefix }: Props) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const form = entity.forms[0]
  const [data, setData] = useState<Record<string, unknown>>({})
  const spec = useMemo(() => formSpec(boot, entity, mode, lang, { ...record, ...data }, form), [boot, entity, mode, lang, record, data, form])
  const initial = useMemo(() => toFormData(entity, record, formSpec(boot, entity, mode, lang, record, form)), [boot, entity, mode, lang, record, form])
  const [extraErrors, setExtraErrors] = useState<ErrorSchema>()
  const [messages, setMessages] = useState<string[]>([])
  const [error, setError] = useState<unknown>()
  const [conflict, setConflict] = useState<ApiError>()
  const [status, setStatus] = useState<string>()
  const [busy, setBusy] = useState(false)
  const ref = useRef<Form>(null)
  const box = useRef<HTMLDivElement>(null)
  const justSaved = useRef(false)
  const storeKey = draft === false ? undefined : draftKey(boot.user.id, entity.key, draft ?? (mode === 'new' ? 'new' : String(record.id)))
  const [restored, setRestored] = useState(false)
  // only the user's own typing makes a draft (rjsf's defaults filled on mount do not)
  const touched = useRef(false)

  // a (re)loaded record starts clean: its values, no errors from the previous attempt; newly
  // published metadata (a new field, a new rule) only re-renders: what the user typed stays
  const recordKey = mode === 'new' ? 'new' : `${String(record.id)}:${String(record.version ?? '')}`
  const shownKey = useRef<string>(undefined)
  useEffect(() => {
    if (shownKey.current === recordKey) {
      setData((typed) => ({ ...initial, ...typed }))
      return
    }
    shownKey.current = recordKey
    const kept = storeKey && !justSaved.current ? readDraft(storeKey) : undefined
    setData(kept ? { ...initial, ...kept } : initial)
    setRestored(!!kept)
    setExtraErrors(undefined)
    setMessages([])
    setConflict(undefined)
    if (!justSaved.current) setStatus(undefined)
    justSaved.current = false
  }, [initial, recordKey])
  useSaveShortcut(() => ref.current?.submit(), box)
  const change = (next: Record<string, unknown>) => {
    setData(next)
    if (storeKey && touched.current) writeDraft(storeKey, changedFields(initial, next))
  }
  const discard = () => {
    if (storeKey) clearDraft(storeKey)
    setRestored(false)
    setData(initial)
  }

  const labelOf = (name: string) => pick(entity.fields[name]?.label, lang, name)
  async function submit(current: Record<string, unknown>) {
    const { body, badJson } = toBody(spec, initial, current, mode === 'new')
    setError(undefined)
    setConflict(undefined)
    setMessages([])
    setStatus(undefined)
    if (badJson.length) {
      setExtraErrors(Object.fromEntries(badJson.map((n) => [n, { __errors: [t('record.jsonInvalid')] }])) as ErrorSchema)
      return
    }
    if (mode === 'edit' && !Object.keys(body).length) {
      setExtraErrors(undefined)
      setStatus(t('record.noChanges'))
      return
    }
    setBusy(true)
    try {
      const saved = await save(body)
      justSaved.current = true
      if (storeKey) clearDraft(storeKey)
      setRestored(false)
      setExtraErrors(undefined)
      setStatus(t('record.saved'))
      onSaved(saved)
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setExtraErrors(undefined)
        setConflict(e)
      } else if (e instanceof ApiError && e.errors.length) {
        const all = mergeErrors(e.errors, missingRequired(spec.schema, current, t('record.required')))
        const mapped = toExtraErrors(all, (f) => f in (spec.schema.properties ?? {}), labelOf)
        setExtraErrors(mapped.extraErrors)
        setMessages(mapped.messages)
        setStatus(t('record.invalid'))
      } else setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="record-form" ref={box} onKeyDownCapture={() => (touched.current = true)} onPointerDownCapture={() => (touched.current = true)}>
      {restored && (
        <div className="alert info draft" role="status">
          {t('draft.restored')}{' '}
          <button type="button" className="link" onClick={discard}>
            {t('draft.discard')}
          </button>
        </div>
      )}
      {conflict && <ConflictAlert error={conflict} onReload={onReload} />}
      <ProblemAlert error={error} messages={messages} />
      <Form
        ref={ref}
        schema={spec.schema}
        uiSchema={spec.uiSchema}
        formData={data}
        validator={validator}
        widgets={widgets}
        fields={fields}
        templates={templates}
        idPrefix={idPrefix}
        formContext={{ entity: entity.key, record: { ...record, ...data } }}
        noHtml5Validate
        noValidate
        showErrorList={false}
        extraErrors={extraErrors}
        onChange={(e) => change(e.formData ?? {})}
        onSubmit={(e) => void submit(e.formData ?? {})}
        disabled={busy}
      >
        <div className="form-actions" hidden={mode === 'edit' && !entity.can.update}>
          <button type="submit" className="primary" disabled={busy} aria-keyshortcuts="Control+S">
            {busy ? t('record.saving') : mode === 'new' ? t('record.create') : t('record.save')}
          </button>
          <span className="status" role="status" aria-live="polite">
            {status}
          </span>
        </div>
      </Form>
    </div>
  )
}
