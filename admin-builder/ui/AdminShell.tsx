import type { ReactNode } from 'react'
import { Link, useLocation } from 'wouter'
import { useTranslation } from 'react-i18next'
import { screens } from '../../core/ui/src/extensions.js'
import { useLabel } from '../../core/ui/src/labels.js'
import { useSession } from '../../core/ui/src/session/SessionContext.js'
import { DraftProvider, useDraft } from './DraftContext.js'
import './admin.css'

/** The admin builder's frame: its tabs (every screen with `adminTab`), the draft's state, the designer. */
export function AdminShell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <DraftProvider>
      <AdminFrame title={title}>{children}</AdminFrame>
    </DraftProvider>
  )
}

function AdminFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation()
  const label = useLabel()
  const [location] = useLocation()
  const draft = useDraft()
  const boot = useSession().boot!
  const tabs = screens
    .filter((s) => s.adminTab && (!s.adminTab.kinds || s.adminTab.kinds.some((k) => canEditKind(boot, k))))
    .map((s) => ({ href: s.adminTab!.href ?? s.path, label: s.adminTab!.label, order: s.adminTab!.order ?? 0 }))
    .sort((a, b) => a.order - b.order)
  const changes = Object.keys(draft.draft?.changes ?? {}).length
  const problems = draft.draft?.problems.length ?? 0
  return (
    <section className="admin" aria-labelledby="admin-title">
      <nav className="admin-tabs" aria-label={t('admin.tabs')}>
        {tabs.map((tab) => (
          <Link key={tab.href} href={tab.href} aria-current={location === tab.href || location.startsWith(`${tab.href}/`) ? 'page' : undefined}>
            {label(tab.label)}
          </Link>
        ))}
      </nav>
      <div className="draft-bar" role="status" aria-live="polite">
        {draft.draft ? t('admin.draftChanges', { count: changes }) : t('admin.noDraft')}
        {problems > 0 && <span className="problems"> · {t('admin.draftProblems', { count: problems })}</span>}
        {draft.published && <span className="muted"> · {t('admin.revision', { revision: draft.published.revision })}</span>}
      </div>
      {draft.conflict && (
        <div className="alert warning" role="alert">
          {t('admin.conflict')}{' '}
          <button type="button" onClick={() => void draft.refresh()}>
            {t('record.reload')}
          </button>
        </div>
      )}
      <h1 id="admin-title">{title}</h1>
      {children}
    </section>
  )
}

/** Whether the signed-in user may edit metadata of this kind (any kind when omitted) in the admin builder. */
export function canEditKind(boot: { metadataKinds: string[] | '*' }, kind?: string) {
  if (boot.metadataKinds === '*') return true
  return kind ? boot.metadataKinds.includes(kind) : boot.metadataKinds.length > 0
}
