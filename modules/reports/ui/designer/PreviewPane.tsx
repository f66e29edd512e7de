import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RoleDoc } from '../../../../core/shared/metadata.js'
import type { FieldError } from '../../../../core/shared/problem.js'
import type { ReportDoc, ReportPresentation, ReportResult } from '../../../../core/shared/reports.js'
import { ApiError } from '../../../../core/ui/src/api/client.js'
import { ProblemAlert } from '../../../../core/ui/src/components/ProblemAlert.js'
import { useLabel } from '../../../../core/ui/src/labels.js'
import { useSession } from '../../../../core/ui/src/session/SessionContext.js'
import { useDraft } from '../../../../admin-builder/ui/DraftContext.js'
import { ReportChart } from '../ReportChart.js'
import '../reports.css'
import { designerApi, type PreviewUser } from './designer_api.js'
import { PERIODS } from './ParametersEditor.js'
import { docPointers } from './report_state.js'

/**
 * The report run on real data from the document being edited (not yet saved or published),
 * as the administrator or as a chosen user of a role: row scope and hidden fields apply as
 * they would to that user (administrators only: the user's figures are theirs to see). A bad
 * draft's problems go to the inputs (`onProblems`).
 */
export function PreviewPane({ doc, onProblems }: { doc: ReportDoc; onProblems(p: FieldError[]): void }) {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const admin = useSession().boot?.admin === true
  const roleId = useId()
  const userId = useId()
  const [role, setRole] = useState('')
  const [users, setUsers] = useState<PreviewUser[]>([])
  const [user, setUser] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ data: ReportResult; as?: string; presentation: ReportPresentation; title: string }>()
  const [error, setError] = useState<unknown>()
  const [periods, setPeriods] = useState<Record<string, string>>({})
  const periodParams = (doc.parameters ?? []).filter((p) => p.type === 'period')
  const roles = draft.docs<RoleDoc>('role').sort((a, b) => label(a.label, a.key).localeCompare(label(b.label, b.key)))

  useEffect(() => {
    let live = true
    setUser('')
    if (!admin) return
    designerApi
      .users(role || undefined)
      .then((list) => live && setUsers(list))
      .catch((e) => live && setError(e))
    return () => {
      live = false
    }
  }, [role, admin])

  async function run() {
    setBusy(true)
    setError(undefined)
    try {
      const params = Object.fromEntries(Object.entries(periods).filter(([k, v]) => v && periodParams.some((p) => p.key === k)))
      const data = await designerApi.preview({ doc, ...(Object.keys(params).length ? { params } : {}), ...(user ? { asUser: user } : {}) })
      setResult({ data, as: users.find((u) => u.id === user)?.name, presentation: doc.presentation, title: label(doc.label, doc.key) })
      onProblems([])
    } catch (e) {
      setResult(undefined)
      const mine = e instanceof ApiError ? docPointers(e.errors) : []
      onProblems(mine)
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  const docProblems = error instanceof ApiError && docPointers(error.errors).length > 0
  return (
    <section className="rd-preview" aria-labelledby="rd-preview-h">
      <h3 id="rd-preview-h">{t('rd.preview')}</h3>
      <fieldset className="row rd-preview-as">
        <legend>{t('rd.previewAs')}</legend>
        {admin && (
          <>
            <div className="field">
              <label htmlFor={roleId}>{t('rd.previewRole')}</label>
              <select id={roleId} value={role} onChange={(e) => setRole(e.target.value)}>
                <option value="">{t('rd.anyRole')}</option>
                {roles.map((r) => (
                  <option key={r.key} value={r.key}>
                    {label(r.label, r.key)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={userId}>{t('rd.previewUser')}</label>
              <select id={userId} value={user} onChange={(e) => setUser(e.target.value)}>
                <option value="">{t('rd.myself')}</option>
                {users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({u.login})
                  </option>
                ))}
              </select>
            </div>
          </>
        )}
        {periodParams.map((p) => (
          <div className="field" key={p.key}>
            <label htmlFor={`${roleId}-${p.key}`}>{label(p.label, p.key)}</label>
            <select id={`${roleId}-${p.key}`} value={periods[p.key] ?? ''} onChange={(e) => setPeriods({ ...periods, [p.key]: e.target.value })}>
              <option value="">{typeof p.default === 'string' ? t('rd.asDefault', { value: t(`rd.periods.${p.default}`) }) : t('rd.noDefault')}</option>
              {PERIODS.map((x) => (
                <option key={x} value={x}>
                  {t(`rd.periods.${x}`)}
                </option>
              ))}
            </select>
          </div>
        ))}
        <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
          {busy ? t('rd.running') : t('rd.run')}
        </button>
      </fieldset>
      {docProblems ? (
        <p className="field-error" role="alert">
          {t('rd.previewProblems')}
        </p>
      ) : (
        <ProblemAlert error={error} messages={error instanceof ApiError ? error.errors.map((e) => `${e.pointer}: ${e.message}`) : undefined} />
      )}
      {result && (
        <div className="rd-result" aria-live="polite" data-rows={result.data.rows.length}>
          <p className="muted small">
            {result.as && <>{t('rd.previewOf', { name: result.as })} · </>}
            {t('rd.rows', { count: result.data.rows.length })}
            {result.data.period && <> · {t('rd.period', result.data.period)}</>}
          </p>
          <ReportChart presentation={result.presentation} result={result.data} title={result.title} />
        </div>
      )}
    </section>
  )
}
