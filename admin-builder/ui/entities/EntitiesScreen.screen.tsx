import { useEffect, useState } from 'react'
import { Link, useLocation } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { EntityDoc, FieldDef } from '../../../core/shared/metadata.js'
import type { ScreenDef } from '../../../core/ui/src/extensions.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { ApiError } from '../../../core/ui/src/api/client.js'
import { AdminShell, canEditKind } from '../AdminShell.js'
import { useDraft } from '../DraftContext.js'
import { metaApi, type PublishResult } from '../api.js'
import { builderApi, type FieldTypeInfo } from '../builder_api.js'
import { CheckInput, LabelInputs, ProblemsOnly, ProblemsProvider, SelectInput, TextInput, useProblemsAt } from '../common/Inputs.js'
import { PlanView } from '../common/PlanView.js'
import { useDocEditor } from '../common/useDocEditor.js'
import { FieldEditor } from './FieldEditor.js'
import '../builder.css'

const KEY = /^[a-z][a-z0-9_]{0,62}$/

function EntitiesPage({ params }: { params: Record<string, string | undefined> }) {
  const { t } = useTranslation()
  return (
    <AdminShell title={t('builder.entities.title')}>
      <Entities selected={params.key} />
    </AdminShell>
  )
}

function Entities({ selected }: { selected?: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const { boot } = useSession()
  const draft = useDraft()
  const [, navigate] = useLocation()
  const [newKey, setNewKey] = useState('')
  const [newLabel, setNewLabel] = useState('')
  const [types, setTypes] = useState<FieldTypeInfo[]>([])
  useEffect(
    () =>
      void builderApi
        .fieldTypes()
        .then(setTypes)
        .catch(() => {}),
    []
  )
  if (!canEditKind(boot!, 'entity')) return <p>{t('builder.noAccess')}</p>
  const entities = draft.docs<EntityDoc>('entity').sort((a, b) => a.key.localeCompare(b.key))

  async function create() {
    if (!KEY.test(newKey) || !newLabel) return
    const doc: EntityDoc = {
      $schema: '../../metadata/schemas/entity.schema.json',
      kind: 'entity',
      key: newKey,
      label: { uk: newLabel },
      fields: { name: { type: 'string', label: { uk: 'Назва', en: 'Name' }, required: true } },
      display: 'name',
    } as EntityDoc
    await draft.save('entity', newKey, doc)
    navigate(`/admin/entities/${newKey}`)
    setNewKey('')
    setNewLabel('')
  }

  return (
    <div className="builder">
      <nav aria-label={t('builder.entities.list')}>
        <ul className="builder-list">
          {entities.map((e) => (
            <li key={e.key}>
              <Link href={`/admin/entities/${e.key}`} aria-current={e.key === selected ? 'page' : undefined}>
                {label(e.label)} <code className="muted">{e.key}</code>
              </Link>
            </li>
          ))}
        </ul>
        <form
          className="stack"
          aria-label={t('builder.entities.new')}
          onSubmit={(e) => {
            e.preventDefault()
            void create()
          }}
        >
          <h2>{t('builder.entities.new')}</h2>
          <TextInput label={t('builder.key')} pointer="/new/key" value={newKey} onChange={setNewKey} />
          <TextInput label={t('builder.label')} pointer="/new/label" value={newLabel} onChange={setNewLabel} />
          <button type="submit" disabled={!KEY.test(newKey) || !newLabel}>
            {t('builder.entities.create')}
          </button>
        </form>
      </nav>
      <div className="builder-panel">{selected ? <EntityEditor key={selected} entityKey={selected} types={types} /> : <p>{t('builder.entities.pick')}</p>}</div>
    </div>
  )
}

function EntityEditor({ entityKey, types }: { entityKey: string; types: FieldTypeInfo[] }) {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const editor = useDocEditor<EntityDoc>('entity', entityKey)
  const [fieldKey, setFieldKey] = useState('')
  const [fieldType, setFieldType] = useState('string')
  const [plan, setPlan] = useState<PublishResult>()
  const [added, setAdded] = useState<string[]>([])
  const [planError, setPlanError] = useState<unknown>()
  const doc = editor.doc
  if (!doc) return <p role="status">…</p>
  const update = (patch: Partial<EntityDoc>) => editor.setDoc({ ...doc, ...patch })
  const setField = (name: string, def: FieldDef | null) => {
    const fields = { ...doc.fields }
    if (def) fields[name] = def
    else delete fields[name]
    update({ fields })
  }
  const fieldOptions = [{ value: '', label: t('builder.none') }, ...Object.keys(doc.fields).map((f) => ({ value: f, label: label(doc.fields[f].label, f) }))]
  const entityKeys = draft.docs<EntityDoc>('entity').map((e) => ({ value: e.key, label: `${label(e.label)} (${e.key})` }))

  async function showPlan() {
    setPlan(undefined)
    setPlanError(undefined)
    try {
      await editor.save()
      // the draft may have been created by this very save: its id is what the browser keeps
      const id = draft.draft?.id ?? localStorage.getItem('vikno.admin.draft')
      if (id) setPlan(await metaApi.publish(id, { dryRun: true }))
    } catch (e) {
      setPlanError(e)
    }
  }

  return (
    <ProblemsProvider problems={editor.problems}>
      <h2>
        {label(doc.label)} <code className="muted">{doc.key}</code>
      </h2>
      <ProblemsOnly pointer="" />
      <div className="row">
        <LabelInputs label={t('builder.label')} pointer="/label" value={doc.label} onChange={(v) => update({ label: v ?? { uk: '' } })} />
        <SelectInput label={t('builder.entities.display')} pointer="/display" value={doc.display} options={fieldOptions} onChange={(v) => update({ display: v || undefined })} />
        <CheckInput label={t('builder.entities.softDelete')} pointer="/softDelete" value={doc.softDelete} onChange={(v) => update({ softDelete: v || undefined })} />
      </div>
      <h3>{t('builder.entities.fields')}</h3>
      <ProblemsOnly pointer="/fields" />
      {Object.entries(doc.fields).map(([name, def]) => (
        <FieldEditor key={name} name={name} def={def} types={types} entities={entityKeys} isNew={added.includes(name)} onChange={(d) => setField(name, d)} />
      ))}
      <form
        className="row"
        aria-label={t('builder.entities.newField')}
        onSubmit={(e) => {
          e.preventDefault()
          if (!KEY.test(fieldKey) || doc.fields[fieldKey]) return
          setField(fieldKey, { type: fieldType as FieldDef['type'], label: { uk: fieldKey } } as FieldDef)
          setAdded([...added, fieldKey])
          setFieldKey('')
        }}
      >
        <TextInput label={`${t('builder.entities.newField')}: ${t('builder.key')}`} pointer="/newField" value={fieldKey} onChange={setFieldKey} />
        <SelectInput
          label={t('builder.entities.type')}
          pointer="/newFieldType"
          value={fieldType}
          options={types.map((ft) => ({ value: ft.name, label: t(`fieldTypes.${ft.name}`, { defaultValue: ft.name }) }))}
          onChange={setFieldType}
        />
        <button type="submit" disabled={!KEY.test(fieldKey) || !!doc.fields[fieldKey]}>
          {t('builder.entities.addField')}
        </button>
      </form>
      <Indexes indexes={doc.indexes} onChange={(indexes) => update({ indexes: indexes.length ? indexes : undefined })} />
      <div className="form-actions">
        <button type="button" className="primary" disabled={editor.busy} onClick={() => void editor.save()}>
          {t('builder.save')}
        </button>
        <button type="button" disabled={editor.busy} onClick={() => void showPlan()}>
          {t('builder.entities.planButton')}
        </button>
        <span className="status" role="status" aria-live="polite">
          {editor.status}
        </span>
      </div>
      <ProblemAlert error={editor.error ?? (planError instanceof ApiError && planError.status !== 422 ? planError : undefined)} />
      {plan && (
        <section aria-label={t('builder.entities.plan')}>
          <h3>{t('builder.entities.plan')}</h3>
          <PlanView plan={plan} />
        </section>
      )}
    </ProblemsProvider>
  )
}

function Indexes({ indexes = [], onChange }: { indexes?: string[][]; onChange(v: string[][]): void }) {
  const { t } = useTranslation()
  const problems = useProblemsAt('/indexes', true)
  return (
    <fieldset className="stack">
      <legend>{t('builder.entities.indexes')}</legend>
      {indexes.map((ix, i) => (
        <div className="row" key={i}>
          <TextInput
            label={`${t('builder.entities.indexed')} ${i + 1}`}
            pointer={`/indexes/${i}`}
            value={ix.join(', ')}
            onChange={(v) =>
              onChange(
                indexes.map((x, j) =>
                  j === i
                    ? v
                        .split(',')
                        .map((s) => s.trim())
                        .filter(Boolean)
                    : x
                )
              )
            }
          />
          <button type="button" onClick={() => onChange(indexes.filter((_, j) => j !== i))}>
            {t('builder.remove')}
          </button>
        </div>
      ))}
      {problems.length > 0 && <p className="field-error">{problems.map((p) => p.message).join('; ')}</p>}
      <div>
        <button type="button" onClick={() => onChange([...indexes, []])}>
          {t('builder.entities.addIndex')}
        </button>
      </div>
    </fieldset>
  )
}

export const screen: ScreenDef[] = [
  {
    path: '/admin/entities',
    Component: EntitiesPage,
    adminTab: { label: { uk: 'Сутності', en: 'Entities' }, order: 10, kinds: ['entity'] },
    nav: { label: { uk: 'Конструктор', en: 'Builder' }, href: '/admin/publish', order: 90, visible: (boot) => canEditKind(boot) },
  },
  { path: '/admin/entities/:key', Component: EntitiesPage },
]
