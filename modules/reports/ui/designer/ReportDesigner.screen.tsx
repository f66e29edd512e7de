import { useState } from 'react'
import { useLocation } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { EntityDoc } from '../../../../core/shared/metadata.js'
import type { ReportDoc } from '../../../../core/shared/reports.js'
import type { ScreenDef } from '../../../../core/ui/src/extensions.js'
import { useLabel } from '../../../../core/ui/src/labels.js'
import { useSession } from '../../../../core/ui/src/session/SessionContext.js'
import { AdminShell, canEditKind } from '../../../../admin-builder/ui/AdminShell.js'
import { useDraft } from '../../../../admin-builder/ui/DraftContext.js'
import { DocListNav } from '../../../../admin-builder/ui/common/DocListNav.js'
import { Loading } from '../../../../admin-builder/ui/common/EditorParts.js'
import { SelectInput, TextInput } from '../../../../admin-builder/ui/common/Inputs.js'
import { ReportEditor } from './ReportEditor.js'
import { keyFromLabel, newReport, uniqueKey } from './report_state.js'
import '../../../../admin-builder/ui/builder.css'
import './designer.css'

const KEY = /^[a-z][a-z0-9_]{0,62}$/

function ReportsPage({ params }: { params: Record<string, string | undefined> }) {
  const { t } = useTranslation()
  return (
    <AdminShell title={t('rd.title')}>
      <Reports selected={params.key} />
    </AdminShell>
  )
}

/** The reports in a side list (a draft-only one marked), "new report", and the selected one's editor. */
function Reports({ selected }: { selected?: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const { boot } = useSession()
  const draft = useDraft()
  const [, navigate] = useLocation()
  const [name, setName] = useState('')
  const [key, setKey] = useState<string>()
  const [entity, setEntity] = useState('ticket')
  if (!canEditKind(boot!, 'report')) return <p>{t('builder.noAccess')}</p>
  if (!draft.ready) return <Loading failed={draft.error} />
  const reports = draft.docs<ReportDoc>('report').sort((a, b) => label(a.label, a.key).localeCompare(label(b.label, b.key)))
  const entities = draft.docs<EntityDoc>('entity').sort((a, b) => label(a.label, a.key).localeCompare(label(b.label, b.key)))
  const taken = reports.map((r) => r.key)
  const newKey = key ?? (name.trim() ? uniqueKey(keyFromLabel(name), taken) : '')
  const published = (k: string) => !!draft.published?.documents[`report/${k}`]

  async function create() {
    if (!KEY.test(newKey) || !name.trim() || !draft.doc('entity', entity)) return
    await draft.save('report', newKey, newReport(newKey, { uk: name.trim() }, entity))
    setName('')
    setKey(undefined)
    navigate(`/admin/reports/${newKey}`)
  }

  return (
    <div className="builder">
      <DocListNav
        base="/admin/reports"
        docs={reports.map((r) => ({ key: r.key, label: published(r.key) ? r.label : { uk: `${label(r.label, r.key)} · ${t('rd.draftOnly')}` } }))}
        selected={selected}
        words="rd"
        canCreate={KEY.test(newKey) && !taken.includes(newKey) && !!name.trim()}
        onCreate={() => void create()}
      >
        <TextInput label={t('rd.name')} pointer="/new/label" value={name} onChange={setName} />
        <TextInput label={t('rd.key')} pointer="/new/key" value={newKey} onChange={(v) => setKey(v || undefined)} />
        <SelectInput label={t('rd.entity')} pointer="/new/entity" value={entity} options={entities.map((e) => ({ value: e.key, label: label(e.label, e.key) }))} onChange={setEntity} />
      </DocListNav>
      {selected ? <ReportEditor key={selected} reportKey={selected} /> : <p className="builder-panel">{t('rd.pick')}</p>}
    </div>
  )
}

export const screen: ScreenDef[] = [
  { path: '/admin/reports', Component: ReportsPage, adminTab: { label: { uk: 'Звіти', en: 'Reports' }, order: 45, kinds: ['report', 'dashboard'] } },
  { path: '/admin/reports/:key', Component: ReportsPage },
]
