import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { ScreenDef } from '../../../core/ui/src/extensions.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { AdminShell } from '../AdminShell.js'
import { useDraft } from '../DraftContext.js'
import { Loading, PublishBar } from '../common/EditorParts.js'
import { WorkflowEditor, type WorkflowDoc } from './WorkflowEditor.js'

function WorkflowList() {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const workflows = draft.docs<WorkflowDoc>('workflow')
  if (draft.error) return <Loading failed={draft.error} />
  return (
    <>
      <table className="records">
        <thead>
          <tr>
            <th scope="col">{t('rt.name')}</th>
            <th scope="col">{t('wf.entity')}</th>
            <th scope="col">{t('wf.states')}</th>
            <th scope="col">{t('wf.transitions')}</th>
          </tr>
        </thead>
        <tbody>
          {workflows.map((w) => (
            <tr key={w.key}>
              <td>
                <Link href={`/admin/workflows/${w.key}`}>{label(w.label, w.key)}</Link>
              </td>
              <td>{w.entity}</td>
              <td>{Object.keys(w.states).length}</td>
              <td>{Object.keys(w.transitions).length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <PublishBar />
    </>
  )
}

function ListScreen() {
  const { t } = useTranslation()
  return (
    <AdminShell title={t('wf.title')}>
      <WorkflowList />
    </AdminShell>
  )
}

function EditScreen({ params }: { params: Record<string, string | undefined> }) {
  const { t } = useTranslation()
  return (
    <AdminShell title={t('wf.editTitle')}>
      <WorkflowEditor key={params.key} workflowKey={params.key ?? ''} />
    </AdminShell>
  )
}

export const screen: ScreenDef[] = [
  { path: '/admin/workflows', Component: ListScreen, adminTab: { label: { uk: 'Процеси', en: 'Workflows' }, order: 50, kinds: ['workflow'] } },
  { path: '/admin/workflows/:key', Component: EditScreen },
]
