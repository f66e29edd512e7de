import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EntityDoc, ViewDoc } from '../../../core/shared/metadata.js'
import type { ScreenDef } from '../../../core/ui/src/extensions.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { EntityDocs } from '../common/EntityDocs.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { AdminShell } from '../AdminShell.js'
import { useDraft } from '../DraftContext.js'
import { CheckInput, JsonInput, LabelInputs, ProblemsOnly, ProblemsProvider, SelectInput, TextInput } from '../common/Inputs.js'
import { useDocEditor } from '../common/useDocEditor.js'
import '../builder.css'

const SYSTEM = ['created_at', 'updated_at', 'id']

function ViewsPage({ params }: { params: Record<string, string | undefined> }) {
  const { t } = useTranslation()
  return (
    <AdminShell title={t('builder.views.title')}>
      <Views selected={params.key} />
    </AdminShell>
  )
}

function Views({ selected }: { selected?: string }) {
  return (
    <EntityDocs
      kind="view"
      base="/admin/views"
      words="builder.views"
      selected={selected}
      make={(key, entity) => ({ $schema: '../../metadata/schemas/view.schema.json', kind: 'view', key, entity: entity.key, label: entity.label, columns: Object.keys(entity.fields).slice(0, 5) })}
      editor={(key) => <ViewEditor key={key} viewKey={key} />}
    />
  )
}

function ViewEditor({ viewKey }: { viewKey: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const editor = useDocEditor<ViewDoc>('view', viewKey)
  const view = editor.doc
  const [filterText, setFilterText] = useState<string>()
  if (!view) return <p role="status">…</p>
  const entity = draft.doc<EntityDoc>('entity', view.entity)
  const update = (patch: Partial<ViewDoc>) => {
    const next: Record<string, unknown> = { ...view, ...patch }
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k]
    editor.setDoc(next as ViewDoc)
  }
  const all = [...view.columns, ...Object.keys(entity?.fields ?? {}).filter((f) => !view.columns.includes(f)), ...SYSTEM.filter((f) => !view.columns.includes(f))]
  const nameOf = (c: string) => label(entity?.fields[c]?.label, c)
  const move = (i: number, d: number) => {
    const next = [...view.columns]
    ;[next[i], next[i + d]] = [next[i + d], next[i]]
    update({ columns: next })
  }
  const sort = view.sort?.[0]
  return (
    <ProblemsProvider problems={editor.problems}>
      <section className="builder-panel" aria-labelledby="view-h">
        <h2 id="view-h">
          {label(view.label)} <code className="muted">{view.key}</code> → {view.entity}
        </h2>
        <ProblemsOnly pointer="" />
        <div className="row">
          <LabelInputs label={t('builder.label')} pointer="/label" value={view.label} onChange={(v) => update({ label: v ?? { uk: '' } })} />
        </div>
        <h3>{t('builder.views.columns')}</h3>
        <ProblemsOnly pointer="/columns" />
        <table className="plain">
          <tbody>
            {all.map((c) => {
              const i = view.columns.indexOf(c)
              return (
                <tr key={c}>
                  <td>
                    <CheckInput
                      label={nameOf(c)}
                      pointer={i >= 0 ? `/columns/${i}` : `/columns/-${c}`}
                      value={i >= 0}
                      onChange={(on) => update({ columns: on ? [...view.columns, c] : view.columns.filter((x) => x !== c) })}
                    />
                  </td>
                  <td>
                    {i >= 0 && (
                      <>
                        <button type="button" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`${t('builder.up')}: ${nameOf(c)}`}>
                          ↑
                        </button>
                        <button type="button" disabled={i === view.columns.length - 1} onClick={() => move(i, 1)} aria-label={`${t('builder.down')}: ${nameOf(c)}`}>
                          ↓
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <JsonInput
          label={t('builder.views.filter')}
          pointer="/filter"
          text={filterText ?? (view.filter ? JSON.stringify(view.filter) : '')}
          onText={(v) => {
            setFilterText(v)
            try {
              update({ filter: v.trim() ? JSON.parse(v) : undefined })
            } catch {}
          }}
        />
        <div className="row">
          <SelectInput
            label={t('builder.views.sort')}
            pointer="/sort/0/field"
            value={sort?.field}
            options={[{ value: '', label: t('builder.none') }, ...all.map((c) => ({ value: c, label: nameOf(c) }))]}
            onChange={(v) => update({ sort: v ? [{ field: v, dir: sort?.dir ?? 'asc' }] : undefined })}
          />
          <SelectInput
            label="↑↓"
            pointer="/sort/0/dir"
            value={sort?.dir ?? 'asc'}
            options={[
              { value: 'asc', label: 'asc' },
              { value: 'desc', label: 'desc' },
            ]}
            onChange={(v) => sort && update({ sort: [{ field: sort.field, dir: v as 'asc' | 'desc' }] })}
          />
          <TextInput type="number" size={5} label={t('builder.views.pageSize')} pointer="/pageSize" value={view.pageSize} onChange={(v) => update({ pageSize: v ? Number(v) : undefined })} />
        </div>
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
  )
}

export const screen: ScreenDef[] = [
  { path: '/admin/views', Component: ViewsPage, adminTab: { label: { uk: 'Списки', en: 'Lists' }, order: 25, kinds: ['view'] } },
  { path: '/admin/views/:key', Component: ViewsPage },
]
