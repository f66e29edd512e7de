import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EntityDoc, RoleDoc } from '../../../../core/shared/metadata.js'
import type { FieldError } from '../../../../core/shared/problem.js'
import type { ReportDoc } from '../../../../core/shared/reports.js'
import { useLabel } from '../../../../core/ui/src/labels.js'
import { useSession } from '../../../../core/ui/src/session/SessionContext.js'
import { useDraft } from '../../../../admin-builder/ui/DraftContext.js'
import { Loading, PublishBar, SaveBar } from '../../../../admin-builder/ui/common/EditorParts.js'
import { CheckInput, LabelInputs, ProblemsOnly, ProblemsProvider, SelectInput } from '../../../../admin-builder/ui/common/Inputs.js'
import { useDocEditor } from '../../../../admin-builder/ui/common/useDocEditor.js'
import { AddToDashboard } from './AddToDashboard.js'
import { ColumnsDesigner } from './ColumnsDesigner.js'
import { FilterRows, ProblemsBelow } from './FilterRows.js'
import { ParametersEditor } from './ParametersEditor.js'
import { PresentationEditor, SortLimit } from './PresentationEditor.js'
import { PreviewPane } from './PreviewPane.js'
import { useColumnName } from './useColumnName.js'
import { compact, newReport, paletteOf, withColumns } from './report_state.js'

/** One report: its data (entity, columns, filter, parameters), its look, who sees it, a preview, save and publish. */
export function ReportEditor({ reportKey }: { reportKey: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const { boot } = useSession()
  const editor = useDocEditor<ReportDoc>('report', reportKey)
  const [previewProblems, setPreviewProblems] = useState<FieldError[]>([])
  const doc = editor.doc
  const entities = draft.docs<EntityDoc>('entity')
  const byKey = useMemo(() => Object.fromEntries(entities.map((e) => [e.key, e])), [entities])
  const palette = useMemo(() => (doc ? paletteOf(byKey, doc.entity) : []), [byKey, doc?.entity])
  const names = useColumnName(palette)
  if (editor.loading || !draft.ready) return <Loading failed={editor.failed} />
  if (!doc) return <p role="alert">{t('rd.notFound', { key: reportKey })}</p>
  const uiEntity = boot?.entities.find((e) => e.key === doc.entity)
  const roles = draft.docs<RoleDoc>('role').filter((r) => !r.admin)
  const update = (patch: Partial<ReportDoc>) => editor.change(compact({ ...doc, ...patch }))
  const problems = [...editor.problems, ...previewProblems]
  const nameOf = (key: string) => {
    const d = doc.dimensions?.find((x) => x.key === key)
    const m = doc.measures.find((x) => x.key === key)
    return d ? names.dimension(d) : m ? names.measure(m) : key
  }

  return (
    <ProblemsProvider problems={problems}>
      <section className="builder-panel rd-editor" aria-labelledby="rd-h">
        <h2 id="rd-h">
          {label(doc.label, doc.key)} <code className="muted">{doc.key}</code>
        </h2>
        <ProblemsOnly pointer="" />
        <div className="row">
          <LabelInputs label={t('rd.name')} pointer="/label" value={doc.label} onChange={(v) => update({ label: v ?? { uk: '' } })} />
          <SelectInput
            label={t('rd.entity')}
            pointer="/entity"
            value={doc.entity}
            options={[...entities].sort((a, b) => label(a.label, a.key).localeCompare(label(b.label, b.key))).map((e) => ({ value: e.key, label: label(e.label, e.key) }))}
            onChange={(v) => {
              const fresh = newReport(doc.key, doc.label, v)
              editor.change(compact({ ...fresh, $schema: doc.$schema, description: doc.description, roles: doc.roles, presentation: { type: doc.presentation.type } }))
            }}
          />
        </div>

        <ColumnsDesigner
          key={doc.entity}
          entity={doc.entity}
          uiEntity={uiEntity}
          palette={palette}
          dimensions={doc.dimensions ?? []}
          measures={doc.measures}
          onChange={(dims, measures) => editor.change(withColumns(doc, dims, measures))}
        />

        <details className="rd-section" open={!!doc.filter || undefined}>
          <summary>{t('rd.filter')}</summary>
          <FilterRows key={doc.entity} entity={uiEntity} value={doc.filter} pointer="/filter" label={t('rd.filterJson')} onChange={(filter) => update({ filter })} />
        </details>

        <section className="rd-section" aria-labelledby="rd-params-h">
          <h3 id="rd-params-h">{t('rd.parameters')}</h3>
          <ProblemsOnly pointer="/parameters" />
          <ParametersEditor parameters={doc.parameters ?? []} palette={palette} uiEntity={uiEntity} onChange={(p) => update({ parameters: p.length ? p : undefined })} />
        </section>

        <section className="rd-section" aria-labelledby="rd-sort-h">
          <h3 id="rd-sort-h">{t('rd.sortLimit')}</h3>
          <ProblemsOnly pointer="/sort" />
          <SortLimit doc={doc} nameOf={nameOf} onChange={(patch) => update(patch)} />
        </section>

        <section className="rd-section">
          <PresentationEditor doc={doc} nameOf={nameOf} onChange={(presentation) => update({ presentation })} />
        </section>

        {roles.length > 0 && (
          <fieldset className="rd-section rd-roles">
            <legend>{t('rd.roles')}</legend>
            <p className="muted small">{t('rd.rolesHelp')}</p>
            <ProblemsBelow pointer="/roles" />
            {roles.map((r) => (
              <CheckInput
                key={r.key}
                label={label(r.label, r.key)}
                pointer={`/roles/${r.key}`}
                value={doc.roles?.includes(r.key)}
                onChange={(on) => {
                  const next = on ? [...(doc.roles ?? []), r.key] : (doc.roles ?? []).filter((k) => k !== r.key)
                  update({ roles: next.length ? next : undefined })
                }}
              />
            ))}
          </fieldset>
        )}

        <SaveBar editor={editor}>
          <span className="status" role="status" aria-live="polite">
            {editor.status}
          </span>
        </SaveBar>
        <PublishBar />
        <PreviewPane doc={doc} onProblems={setPreviewProblems} />
        <AddToDashboard report={doc} saved={!editor.dirty && !!draft.doc('report', doc.key)} />
      </section>
    </ProblemsProvider>
  )
}
