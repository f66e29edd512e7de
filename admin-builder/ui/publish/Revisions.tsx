import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../../core/ui/src/api/client.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { formatDateTime } from '../../../core/ui/src/labels.js'
import { useDraft } from '../DraftContext.js'
import { metaApi, type PublishResult, type RevisionRow } from '../api.js'
import { PlanView } from '../common/PlanView.js'

/**
 * Published revisions, newest first: who and when, and a rollback to any earlier one (data is
 * kept). A rollback first shows what it changes (a dry run: documents and database actions) and
 * asks for confirmation.
 */
export function Revisions() {
  const { t, i18n } = useTranslation()
  const draft = useDraft()
  const [rows, setRows] = useState<RevisionRow[]>([])
  const [current, setCurrent] = useState<number>()
  const [pending, setPending] = useState<{ id: number; plan?: PublishResult; refused?: any }>()
  const [status, setStatus] = useState<string>()
  const [error, setError] = useState<unknown>()
  const revision = draft.published?.revision
  useEffect(() => {
    metaApi
      .revisions()
      .then((r) => {
        setRows(r.data)
        setCurrent(r.current)
      })
      .catch(setError)
  }, [revision])

  async function preview(id: number) {
    setError(undefined)
    setStatus(t('rollback.checking'))
    try {
      setPending({ id, plan: await metaApi.rollback(id, { dryRun: true }) })
      setStatus(undefined)
    } catch (e) {
      setStatus(undefined)
      if (e instanceof ApiError && e.problem.type.endsWith('/destructive-change')) setPending({ id, refused: e.problem })
      else setError(e)
    }
  }

  async function rollback(id: number, confirm: boolean) {
    setError(undefined)
    setStatus(undefined)
    try {
      const result = await metaApi.rollback(id, { confirm })
      setPending(undefined)
      setStatus(t('builder.publish.rollbackDone', { revision: result.revision }))
      await draft.refresh()
    } catch (e) {
      if (e instanceof ApiError && e.problem.type.endsWith('/destructive-change')) setPending({ id, refused: e.problem })
      else setError(e)
    }
  }

  return (
    <section aria-labelledby="revisions-h" className="builder-panel">
      <h2 id="revisions-h">{t('builder.publish.revisions')}</h2>
      <p className="status" role="status" aria-live="polite">
        {status}
      </p>
      <ProblemAlert error={error} />
      {pending && (
        <div className="rollback-confirm" role="alertdialog" aria-labelledby="rollback-h">
          <h3 id="rollback-h">{t('rollback.title', { revision: pending.id })}</h3>
          {pending.plan && (
            <>
              <p>{pending.plan.diff.length ? t('rollback.changes') : t('rollback.noChanges')}</p>
              <ul>
                {pending.plan.diff.map((d) => (
                  <li key={d.id}>
                    <code>{d.id}</code> — {t(`rollback.ops.${d.op}`, { defaultValue: d.op })}
                  </li>
                ))}
              </ul>
            </>
          )}
          <PlanView plan={pending.plan} refused={pending.refused} />
          <p className="muted">{t('rollback.dataKept')}</p>
          <button type="button" className="danger" onClick={() => void rollback(pending.id, !!pending.refused || !!pending.plan?.actions.some((a) => a.destructive))}>
            {t('builder.publish.confirmRollback')}
          </button>{' '}
          <button type="button" onClick={() => setPending(undefined)}>
            {t('rollback.cancel')}
          </button>
        </div>
      )}
      <table className="plain">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('builder.publish.when')}</th>
            <th scope="col">{t('builder.publish.source')}</th>
            <th scope="col">{t('builder.publish.message')}</th>
            <th scope="col">
              <span className="sr-only">{t('builder.publish.rollback')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td>{formatDateTime(r.created_at, i18n.language)}</td>
              <td>{t(`builder.publish.sources.${r.source}`, { defaultValue: r.source })}</td>
              <td>{systemMessage(r.message, t)}</td>
              <td>
                {r.id === current ? (
                  <span className="tag">{t('builder.publish.current')}</span>
                ) : (
                  <button type="button" onClick={() => void preview(r.id)} aria-label={`${t('builder.publish.rollback')}: ${r.id}`}>
                    {t('builder.publish.rollback')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/**
 * The engine writes its own revisions' messages in English (core/engine/boot.ts,
 * core/http/meta_controller.ts): shown in the reader's language; a person's note as typed.
 */
function systemMessage(message: string | null, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (!message) return ''
  if (message === 'initial import of metadata files') return t('builder.publish.system.initial')
  const files = /^files changed: (.*)$/.exec(message)
  if (files)
    return t('builder.publish.system.files', {
      list: files[1]
        .replace(/\badded /g, '+')
        .replace(/\bremoved /g, '−')
        .replace(/\bchanged /g, '~'),
    })
  const rollback = /^rollback to revision (\d+)$/.exec(message)
  if (rollback) return t('builder.publish.system.rollback', { revision: rollback[1] })
  return message
}
