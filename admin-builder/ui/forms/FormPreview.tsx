import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FormDoc } from '../../../core/shared/metadata.js'
import type { UiBootstrap, UiEntity, UiField } from '../../../core/ui/src/types/bootstrap.js'
import { RecordForm } from '../../../core/ui/src/components/RecordForm.js'
import { useDraft } from '../DraftContext.js'
import { builderApi } from '../builder_api.js'

/** A plausible value per field type, so the preview looks like a filled-in record. */
function sample(field: UiField): unknown {
  if (field.options?.length) return field.options.find((o) => !o.deprecated)?.value ?? field.options[0].value
  switch (field.type) {
    case 'string':
      return 'Приклад'
    case 'text':
      return 'Приклад тексту звернення'
    case 'integer':
      return 3
    case 'decimal':
    case 'money':
      return '12.50'
    case 'boolean':
      return true
    case 'phone':
      return '+380671234567'
    case 'email':
      return 'resident@example.com'
    case 'date':
      return new Date().toISOString().slice(0, 10)
    default:
      return null
  }
}

/**
 * The form as operators will get it, drawn by the real renderer (RecordForm) from the draft's
 * bootstrap with the form being edited in place of the saved one, on sample data, at desktop
 * or narrow width. Saving only echoes: nothing is written.
 */
export function FormPreview({ form }: { form: FormDoc }) {
  const { t } = useTranslation()
  const draft = useDraft()
  const [boot, setBoot] = useState<UiBootstrap>()
  const [narrow, setNarrow] = useState(false)
  const [error, setError] = useState<string>()
  const draftId = draft.draft?.id
  const version = draft.draft?.version
  useEffect(() => {
    builderApi
      .preview({ draft: draftId })
      .then((r) => setBoot(r.bootstrap))
      .catch((e) => setError(String(e?.message ?? e)))
  }, [draftId, version, draft.published?.revision])
  const entity = useMemo<UiEntity | undefined>(() => {
    const e = boot?.entities.find((x) => x.key === form.entity)
    return e && { ...e, forms: [form] }
  }, [boot, form])
  const record = useMemo(() => {
    const data: Record<string, unknown> = { id: '00000000-0000-4000-8000-000000000000', version: 1 }
    for (const [name, field] of Object.entries(entity?.fields ?? {})) data[name] = sample(field)
    return data as { id: string }
  }, [entity?.fields])
  return (
    <section aria-labelledby="preview-h" className="builder-panel">
      <h2 id="preview-h">{t('builder.forms.preview')}</h2>
      <div className="row" role="group" aria-label={t('builder.forms.preview')}>
        <button type="button" aria-pressed={!narrow} onClick={() => setNarrow(false)}>
          {t('builder.forms.desktop')}
        </button>
        <button type="button" aria-pressed={narrow} onClick={() => setNarrow(true)}>
          {t('builder.forms.narrow')}
        </button>
      </div>
      <p className="muted">{t('builder.forms.previewHint')}</p>
      {error && <p className="field-error">{error}</p>}
      {boot && !entity && <p>{t('builder.forms.previewNeedsSave')}</p>}
      {boot && entity && (
        <div className={`preview-frame${narrow ? ' narrow' : ''}`} data-testid="form-preview">
          <RecordForm boot={boot} entity={entity} mode="edit" record={record} save={async (body) => ({ ...record, ...body })} onSaved={() => {}} />
        </div>
      )}
    </section>
  )
}
