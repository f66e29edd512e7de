import { useState } from 'react'
import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import { useSession } from '../session/SessionContext.js'
import { useLabel } from '../labels.js'
import { ApiError, patch, recordsPath } from '../api/client.js'
import type { RecordData } from '../api/types.js'
import { displayOf } from '../api/references.js'
import { useRecord } from '../hooks/useRecord.js'
import { RecordForm } from './RecordForm.js'
import { TransitionBar } from './TransitionBar.js'
import { RecordDetails } from './RecordDetails.js'
import { RecordPanels } from './RecordPanels.js'
import { NotFound } from './NotFound.js'
import { ProblemAlert } from './ProblemAlert.js'
import { CellValue } from './CellValue.js'
import { panelsFor } from '../extensions.js'

/** A record: its name and state, head panels (an SLA clock), the workflow's actions, the form, the panels below it (related lists, timeline), and who changed it when. */
export function RecordPage({ entityKey, id }: { entityKey: string; id: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const session = useSession()
  const boot = session.boot!
  const entity = session.entity(entityKey)
  const rec = useRecord(boot, entity ?? ({ key: entityKey, fields: {}, can: {} } as never), id)
  // an entity with a reading view opens read; the form is the editors' separate action
  const reading = panelsFor(entityKey).some((p) => p.reading)
  const [editing, setEditing] = useState(false)
  if (!entity) return <NotFound />
  if (rec.error instanceof ApiError && rec.error.status === 404) return <NotFound backHref={`/${entity.key}`} />
  if (rec.error) return <ProblemAlert error={rec.error} />
  if (!rec.record) return <p role="status">{t('app.loading')}</p>
  const record = rec.record
  const stateField = entity.workflow?.field
  const save = async (body: Record<string, unknown>) => {
    const res = await patch<{ data: RecordData }>(recordsPath(entity.key, id), { ...body, version: record.version })
    rec.setRecord((r) => (r ? { ...r, version: res.data.version } : r))
    return res.data
  }
  return (
    <article className="record" aria-labelledby="record-title">
      <div className="toolbar">
        <Link href={`/${entity.key}`} className="back">
          ← {t('record.back')}
        </Link>
      </div>
      <header className="record-head">
        <h1 id="record-title">
          <span className="muted">{label(entity.label)}</span> {displayOf(entity, record)}
        </h1>
        {stateField && entity.fields[stateField] && (
          <span className="state" aria-label={t('record.state')}>
            <CellValue field={{ ...entity.fields[stateField], workflowState: true }} value={record[stateField]} />
          </span>
        )}
      </header>
      {rec.changedElsewhere && (
        <div className="alert warning" role="alert">
          {t('record.changedLive')}{' '}
          <button type="button" onClick={() => void rec.reload()}>
            {t('record.reload')}
          </button>
        </div>
      )}
      <RecordPanels entity={entity} record={record} slot="head" />
      {rec.transitions && <TransitionBar entity={entity} record={record} transitions={rec.transitions.transitions} onDone={() => void rec.reload()} />}
      {reading && entity.can.update && (
        <div className="toolbar">
          <button type="button" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>
            {editing ? t('record.closeEditor') : t('record.edit')}
          </button>
        </div>
      )}
      {(!reading || editing) && <RecordForm boot={boot} entity={entity} mode="edit" record={record} save={save} onSaved={() => void rec.reload()} onReload={() => void rec.reload()} />}
      <RecordPanels entity={entity} record={record} slot="main" />
      <RecordDetails entity={entity} record={record} />
    </article>
  )
}
