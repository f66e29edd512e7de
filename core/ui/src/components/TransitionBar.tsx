import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { UiEntity } from '../types/bootstrap.js'
import type { RecordData, TransitionInfo } from '../api/types.js'
import { ApiError, post, recordsPath } from '../api/client.js'
import { useLabel } from '../labels.js'
import { TransitionDialog } from './TransitionDialog.js'
import { ProblemAlert } from './ProblemAlert.js'
import { ConflictAlert } from './ConflictAlert.js'

/** The workflow's transitions the user may make now, as buttons; ones with fields ask for them first. */
export function TransitionBar({ entity, record, transitions, onDone }: { entity: UiEntity; record: RecordData; transitions: TransitionInfo[]; onDone(): void }) {
  const { t } = useTranslation()
  const label = useLabel()
  const [asking, setAsking] = useState<TransitionInfo>()
  const [error, setError] = useState<unknown>()
  const [status, setStatus] = useState<string>()
  const [busy, setBusy] = useState(false)

  /** Posts the transition; errors at fields go back to the dialog (it rethrows them). */
  async function run(tr: TransitionInfo, body: Record<string, unknown> = {}) {
    setBusy(true)
    setError(undefined)
    try {
      await post(`${recordsPath(entity.key, record.id)}/transitions/${encodeURIComponent(tr.key)}`, { ...body, version: record.version })
      setAsking(undefined)
      setStatus(t('transitions.done', { name: label(tr.label, tr.key) }))
      onDone()
    } catch (e) {
      if (asking && e instanceof ApiError && e.status === 422) throw e
      setAsking(undefined)
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  const click = (tr: TransitionInfo) => {
    setStatus(undefined)
    if (tr.fields.length || tr.requiredFields.length) setAsking(tr)
    else void run(tr)
  }

  return (
    <section className="transitions" aria-label={t('transitions.title')}>
      {transitions.length === 0 && <span className="muted">{t('transitions.none')}</span>}
      {transitions.map((tr) => (
        <button key={tr.key} type="button" disabled={busy} onClick={() => click(tr)}>
          {label(tr.label, tr.key)}
        </button>
      ))}
      <span className="status" role="status" aria-live="polite">
        {status}
      </span>
      {error instanceof ApiError && error.status === 409 ? (
        <ConflictAlert error={error} onReload={onDone} />
      ) : (
        <ProblemAlert error={error} messages={error instanceof ApiError ? error.errors.map((e) => e.message) : undefined} />
      )}
      {asking && <TransitionDialog entity={entity} record={record} transition={asking} onSubmit={(body) => run(asking, body)} onCancel={() => setAsking(undefined)} />}
    </section>
  )
}
