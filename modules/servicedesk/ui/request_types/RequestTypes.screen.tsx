import type { ScreenDef } from '../../../../core/ui/src/extensions.js'
import { useTranslation } from 'react-i18next'
import { AdminShell } from '../../../../admin-builder/ui/AdminShell.js'
import { RequestTypeList } from './RequestTypeList.js'
import { RequestTypeEditor } from './RequestTypeEditor.js'

function ListScreen() {
  const { t } = useTranslation()
  return (
    <AdminShell title={t('rt.title')}>
      <RequestTypeList />
    </AdminShell>
  )
}

function EditScreen({ params }: { params: Record<string, string | undefined> }) {
  const { t } = useTranslation()
  return (
    <AdminShell title={t('rt.editTitle')}>
      <RequestTypeEditor key={params.key} typeKey={params.key ?? ''} />
    </AdminShell>
  )
}

export const screen: ScreenDef[] = [
  { path: '/admin/request-types', Component: ListScreen, adminTab: { label: { uk: 'Типи звернень', en: 'Request types' }, order: 30, kinds: ['request_type'] } },
  { path: '/admin/request-types/:key', Component: EditScreen },
]
