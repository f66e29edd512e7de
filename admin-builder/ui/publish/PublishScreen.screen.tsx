import { useState } from 'react'
import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { ScreenDef } from '../../../core/ui/src/extensions.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { ApiError } from '../../../core/ui/src/api/client.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { AdminShell, canEditKind } from '../AdminShell.js'
import { useDraft } from '../DraftContext.js'
import { metaApi, type PublishResult, type SchemaAction } from '../api.js'
import { PlanView } from '../common/PlanView.js'
import { designerHref } from '../common/diff.js'
import { DocDiff } from './DocDiff.js'
import { Revisions } from './Revisions.js'
import { ImportExport } from './ImportExport.js'
import '../builder.css'

function PublishPage() {
  const { t } = useTranslation()
  const { boot } = useSession()
  return (
    <AdminShell title={t('builder.publish.title')}>
      <Publish />
      <ImportExport />
      {boot!.admin && <Revisions />}
    </AdminShell>
  )
}

type Refused = { actions?: SchemaAction[]; assessments?: Array<{ action: SchemaAction; rows: number; message: string }> }

function Publish() {
  const { t } = useTranslation()
  const draft = useDraft()
  const { boot } = useSession()
  const [message, setMessage] = useState('')
  const [dropRemoved, setDropRemoved] = useState(false)
  const [confirm, setConfirm] = useState(false)
  const [plan, setPlan] = useState<PublishResult>()
  const [refused, setRefused] = useState<Refused>()
  const [error, setError] = useState<unknown>()
  const [status, setStatus] = useState<string>()
  const [busy, setBusy] = useState(false)
  const changes = Object.entries(draft.draft?.changes ?? {})
  const problems = draft.draft?.problems ?? []

  async function run(dryRun: boolean) {
    if (!draft.draft) return
    setBusy(true)
    setError(undefined)
    setStatus(undefined)
    if (dryRun) setRefused(undefined)
    try {
      const result = await metaApi.publish(draft.draft.id, { dryRun, confirm, message: message || undefined, ...(dropRemoved ? { dropRemoved: true } : {}) } as Parameters<typeof metaApi.publish>[1])
      if (dryRun) setPlan(result)
      else {
        setPlan(undefined)
        setRefused(undefined)
        setConfirm(false)
        setStatus(t('builder.publish.published', { revision: result.revision }))
        draft.forget()
        await draft.refresh()
      }
    } catch (e) {
      if (e instanceof ApiError && e.problem.type.endsWith('/destructive-change')) setRefused(e.problem as unknown as Refused)
      else setError(e)
    } finally {
      setBusy(false)
    }
  }

  if (!draft.draft || !changes.length) {
    return (
      <section aria-labelledby="changes-h">
        <h2 id="changes-h">{t('builder.publish.changes')}</h2>
        <p>{t('builder.publish.noChanges')}</p>
        {status && (
          <p className="status" role="status">
            {status}
          </p>
        )}
      </section>
    )
  }
  return (
    <section aria-labelledby="changes-h" className="builder-panel">
      <h2 id="changes-h">{t('builder.publish.changes')}</h2>
      {changes.map(([id, doc]) => {
        const [kind, key] = id.split('/')
        const before = draft.published?.documents[id as `${string}/${string}`]
        const op = doc === null ? 'removed' : before ? 'changed' : 'added'
        const href = designerHref(kind, key)
        return (
          <div key={id} className="field-card">
            <h3>
              {href && canEditKind(boot!, kind) ? <Link href={href}>{id}</Link> : id} <span className="tag">{t(`builder.publish.${op}`)}</span>
            </h3>
            <DocDiff id={id} before={before} after={doc ?? undefined} />
          </div>
        )
      })}
      {problems.length > 0 && (
        <div className="alert error" role="alert">
          <strong>{t('builder.publish.problems')}</strong>
          <ul>
            {problems.map((p, i) => {
              const [, kind, key] = p.pointer.split('/')
              const href = designerHref(kind, key)
              return (
                <li key={i}>
                  {href ? <Link href={href}>{p.pointer}</Link> : <code>{p.pointer}</code>}: {p.message}
                </li>
              )
            })}
          </ul>
        </div>
      )}
      <div className="row">
        <label>
          {t('builder.publish.message')}
          <input value={message} onChange={(e) => setMessage(e.target.value)} />
        </label>
        {boot!.admin && (
          <label className="check">
            <input type="checkbox" checked={dropRemoved} onChange={(e) => setDropRemoved(e.target.checked)} /> {t('builder.publish.dropRemoved')}
          </label>
        )}
      </div>
      {refused && (
        <>
          <PlanView refused={refused} />
          <label className="check">
            <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /> {t('builder.publish.confirm')}
          </label>
        </>
      )}
      <div className="form-actions static">
        <button type="button" disabled={busy} onClick={() => void run(true)}>
          {t('builder.publish.check')}
        </button>
        <button type="button" className="primary" disabled={busy || problems.length > 0 || (!!refused && !confirm)} onClick={() => void run(false)}>
          {t('builder.publish.publish')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            draft.forget()
            setPlan(undefined)
            setRefused(undefined)
          }}
        >
          {t('builder.publish.discard')}
        </button>
        <span className="status" role="status" aria-live="polite">
          {status}
        </span>
      </div>
      <ProblemAlert error={error} messages={error instanceof ApiError ? error.errors.map((e) => `${e.pointer}: ${e.message}`) : undefined} />
      {plan && <PlanView plan={plan} />}
    </section>
  )
}

export const screen: ScreenDef = {
  path: '/admin/publish',
  Component: PublishPage,
  adminTab: { label: { uk: 'Публікація', en: 'Publishing' }, order: 90 },
}
