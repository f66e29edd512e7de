import { useTranslation } from 'react-i18next'
import type { UiEntity } from '../types/bootstrap.js'
import type { RecordData } from '../api/types.js'
import { displayOf } from '../api/references.js'
import { useLabel } from '../labels.js'
import type { BulkResponse } from '../list/bulk.js'

/** The outcome of a bulk action, record by record: done, or refused with the server's reason. */
export function ListBulkResults({ entity, response, records, onClose }: { entity: UiEntity; response: BulkResponse; records: RecordData[]; onClose(): void }) {
  const { t } = useTranslation()
  const label = useLabel()
  const byId = new Map(records.map((r) => [r.id, r]))
  const fieldName = (pointer: string) => {
    const name = pointer.split('/')[1] ?? ''
    return entity.fields[name] ? label(entity.fields[name].label, name) : name
  }
  return (
    <section className={`bulk-results ${response.refused ? 'has-refused' : ''}`} aria-labelledby="bulk-results-title">
      <div className="head">
        <h2 id="bulk-results-title" role="status">
          {t('lists.bulk.results', { done: response.done, refused: response.refused })}
        </h2>
        <button type="button" className="icon" aria-label={t('lists.bulk.close')} title={t('lists.bulk.close')} onClick={onClose}>
          ×
        </button>
      </div>
      <ul>
        {response.results.map((r) => (
          <li key={r.id} className={r.ok ? 'ok' : 'refused'}>
            <span className="name">{displayOf(entity, byId.get(r.id) ?? { id: r.id })}</span>{' '}
            {r.ok ? (
              <span className="outcome">✓ {t('lists.bulk.done')}</span>
            ) : (
              <span className="outcome">
                ✗ {t('lists.bulk.refused')}: {r.title}
                {r.detail ? `. ${r.detail}` : ''}
                {r.errors?.length
                  ? ` — ${r.errors.map((e) => (e.pointer.split('/').length === 2 && entity.fields[e.pointer.slice(1)] ? `${fieldName(e.pointer)}: ${e.message}` : e.message)).join('; ')}`
                  : ''}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
