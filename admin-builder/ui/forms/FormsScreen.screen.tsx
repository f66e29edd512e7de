import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EntityDoc, FormDoc, FormFieldOptions, Label } from '../../../core/shared/metadata.js'
import type { ScreenDef } from '../../../core/ui/src/extensions.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { EntityDocs } from '../common/EntityDocs.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { AdminShell } from '../AdminShell.js'
import { useDraft } from '../DraftContext.js'
import { LabelInputs, ProblemsOnly, ProblemsProvider, SelectInput } from '../common/Inputs.js'
import { useDocEditor } from '../common/useDocEditor.js'
import { SortableFields } from './SortableFields.js'
import { FieldSettings } from './FieldSettings.js'
import { FormPreview } from './FormPreview.js'
import '../builder.css'

function FormsPage({ params }: { params: Record<string, string | undefined> }) {
  const { t } = useTranslation()
  return (
    <AdminShell title={t('builder.forms.title')}>
      <Forms selected={params.key} />
    </AdminShell>
  )
}

function Forms({ selected }: { selected?: string }) {
  return (
    <EntityDocs
      kind="form"
      base="/admin/forms"
      words="builder.forms"
      selected={selected}
      make={(key, entity) => ({
        $schema: '../../metadata/schemas/form.schema.json',
        kind: 'form',
        key,
        entity: entity.key,
        label: entity.label,
        sections: [{ label: { uk: 'Основне', en: 'Main' }, fields: Object.keys(entity.fields) }],
      })}
      editor={(key) => <FormEditor key={key} formKey={key} />}
    />
  )
}

function FormEditor({ formKey }: { formKey: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const editor = useDocEditor<FormDoc>('form', formKey)
  const [selected, setSelected] = useState<string>()
  const form = editor.doc
  if (!form) return <p role="status">…</p>
  const entity = draft.doc<EntityDoc>('entity', form.entity)
  const labelOf = (name: string) => label(entity?.fields[name]?.label, name)
  const update = (patch: Partial<FormDoc>) => editor.setDoc({ ...form, ...patch })
  const setSection = (i: number, patch: Partial<FormDoc['sections'][number]>) => update({ sections: form.sections.map((s, j) => (j === i ? { ...s, ...patch } : s)) })
  const used = new Set(form.sections.flatMap((s) => s.fields))
  const unused = Object.keys(entity?.fields ?? {}).filter((f) => !used.has(f))
  const move = (name: string, to: number) =>
    update({ sections: form.sections.map((s, j) => ({ ...s, fields: j === to ? [...s.fields.filter((f) => f !== name), name] : s.fields.filter((f) => f !== name) })) })
  const remove = (name: string) => update({ sections: form.sections.map((s) => ({ ...s, fields: s.fields.filter((f) => f !== name) })) })
  const setOptions = (name: string, options: FormFieldOptions | undefined) => {
    const all = { ...(form.fieldOptions ?? {}) }
    if (options && Object.keys(options).length) all[name] = options
    else delete all[name]
    update({ fieldOptions: Object.keys(all).length ? all : undefined })
  }

  return (
    <div className="designer">
      <ProblemsProvider problems={editor.problems}>
        <section className="builder-panel" aria-labelledby="form-h">
          <h2 id="form-h">
            {label(form.label)} <code className="muted">{form.key}</code> → {form.entity}
          </h2>
          <ProblemsOnly pointer="" />
          <div className="row">
            <LabelInputs label={t('builder.label')} pointer="/label" value={form.label} onChange={(v) => update({ label: v ?? { uk: '' } })} />
          </div>
          <h3>{t('builder.forms.sections')}</h3>
          {form.sections.map((s, i) => (
            <fieldset key={i} className="dnd-section" aria-label={t('builder.forms.section', { n: i + 1 })}>
              <legend>{t('builder.forms.section', { n: i + 1 })}</legend>
              <div className="row">
                <LabelInputs label={t('builder.label')} pointer={`/sections/${i}/label`} value={s.label} onChange={(v: Label | undefined) => setSection(i, { label: v })} />
                <SelectInput
                  label={t('builder.forms.columns')}
                  pointer={`/sections/${i}/columns`}
                  value={String(s.columns ?? '')}
                  options={[{ value: '', label: t('builder.none') }, ...[1, 2, 3, 4].map((n) => ({ value: String(n), label: String(n) }))]}
                  onChange={(v) => setSection(i, { columns: v ? Number(v) : undefined })}
                />
                {form.sections.length > 1 && (
                  <button type="button" onClick={() => update({ sections: form.sections.filter((_, j) => j !== i) })}>
                    {t('builder.remove')}
                  </button>
                )}
              </div>
              <ProblemsOnly pointer={`/sections/${i}/fields`} />
              <SortableFields
                sectionIndex={i}
                fields={s.fields}
                labelOf={labelOf}
                selected={selected}
                sections={form.sections.length}
                onSelect={setSelected}
                onReorder={(fields) => setSection(i, { fields })}
                onMove={move}
                onRemove={remove}
              />
            </fieldset>
          ))}
          <button type="button" onClick={() => update({ sections: [...form.sections, { label: { uk: `Розділ ${form.sections.length + 1}` }, fields: [] }] })}>
            {t('builder.forms.addSection')}
          </button>
          {unused.length > 0 && (
            <>
              <h3>{t('builder.forms.unused')}</h3>
              <ul className="builder-list">
                {unused.map((f) => (
                  <li key={f} className="dnd-item">
                    <span className="grow">
                      {labelOf(f)} <code className="muted">{f}</code>
                    </span>
                    <button type="button" onClick={() => move(f, form.sections.length - 1)} aria-label={`${t('builder.forms.addToSection')}: ${labelOf(f)}`}>
                      {t('builder.add')}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          {selected && used.has(selected) && (
            <FieldSettings key={selected} name={selected} label={labelOf(selected)} options={form.fieldOptions?.[selected]} onChange={(o) => setOptions(selected, o)} />
          )}
          <div className="form-actions">
            <button type="button" className="primary" disabled={editor.busy} onClick={() => void editor.save()}>
              {t('builder.save')}
            </button>
            <span className="status" role="status" aria-live="polite">
              {editor.status}
            </span>
          </div>
          <ProblemAlert error={editor.error} />
        </section>
      </ProblemsProvider>
      <FormPreview form={form} />
    </div>
  )
}

export const screen: ScreenDef[] = [
  { path: '/admin/forms', Component: FormsPage, adminTab: { label: { uk: 'Форми', en: 'Forms' }, order: 20, kinds: ['form'] } },
  { path: '/admin/forms/:key', Component: FormsPage },
]
