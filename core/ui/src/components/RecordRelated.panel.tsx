import { useEffect, useState } from 'react'
import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { PanelDef } from '../extensions.js'
import type { UiEntity } from '../types/bootstrap.js'
import type { ListResult, RecordData } from '../api/types.js'
import { useSession } from '../session/SessionContext.js'
import { useLabel } from '../labels.js'
import { get, recordsPath } from '../api/client.js'
import { subscribe } from '../api/realtime.js'
import { CellValue } from './CellValue.js'
import { relationsOf, relatedFields, summaryOf, type Relation } from './related.js'

const SHOWN = 5

/** One related list: the newest few records pointing at this one, their count, live, and "add" prefilled. */
function RelatedList({ relation, record, owner }: { relation: Relation; record: RecordData; owner: UiEntity }) {
  const { t } = useTranslation()
  const label = useLabel()
  const { entity, field } = relation
  const [result, setResult] = useState<ListResult>()
  const [failed, setFailed] = useState(false)
  const [tick, setTick] = useState(0)
  const [limit, setLimit] = useState(SHOWN)

  useEffect(() => {
    let live = true
    const filter = JSON.stringify({ [field]: { eq: record.id } })
    const sort = 'created_at' in entity.systemFields ? '-created_at' : undefined
    get<ListResult>(recordsPath(entity.key, undefined, { filter, limit, count: true, sort, fields: relatedFields(entity).join(',') }))
      .then((r) => live && (setResult(r), setFailed(false)))
      .catch(() => live && setFailed(true))
    return () => {
      live = false
    }
  }, [entity, field, record.id, tick, limit])

  // a new comment or call appears without a reload (events carry ids only: refetch)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const off = subscribe(`entity:${entity.key}`, () => {
      clearTimeout(timer)
      timer = setTimeout(() => setTick((n) => n + 1), 300)
    })
    return () => (clearTimeout(timer), off())
  }, [entity.key])

  const headingId = `related-${entity.key}-${field}`
  // "Коментар" for comment.ticket; "Звернення — Головне звернення" when the field says more than the owner's name
  const fieldLabel = label(entity.fields[field].label, field)
  const title = fieldLabel === label(owner.label) ? label(entity.label) : `${label(entity.label)} — ${fieldLabel}`
  const ownerPath = `/${owner.key}/${record.id}`
  const total = result?.total ?? result?.data.length ?? 0
  const canAdd = entity.can.create && !!entity.schemas.create?.properties?.[field]
  const addHref = `/${entity.key}/new?${encodeURIComponent(field)}=${encodeURIComponent(record.id)}&back=${encodeURIComponent(ownerPath)}`
  const stateField = entity.workflow?.field
  if (failed) return null
  return (
    <section className="related" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {title} <span className="count-badge">{result ? total : '…'}</span>
      </h3>
      {result && !result.data.length && <p className="empty">{t('recordPanel.none')}</p>}
      {result && result.data.length > 0 && (
        <ul>
          {result.data.map((r) => (
            <li key={r.id}>
              <Link href={`/${entity.key}/${r.id}`}>{summaryOf(entity, r)}</Link>
              {stateField && r[stateField] !== undefined && (
                <>
                  {' '}
                  <CellValue field={{ ...entity.fields[stateField], workflowState: true }} value={r[stateField]} />
                </>
              )}
              {typeof r.created_at === 'string' && (
                <span className="muted">
                  {' '}
                  <CellValue field={{ type: 'datetime', label: { uk: '' } }} value={r.created_at} />
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="related-actions">
        {result && total > result.data.length && (
          <button type="button" className="link" onClick={() => setLimit(100)}>
            {t('recordPanel.allOf', { count: total })}
          </button>
        )}
        {canAdd && (
          <Link href={addHref} className="button" aria-label={`${t('recordPanel.add')}: ${title}`}>
            + {t('recordPanel.add')}
          </Link>
        )}
      </div>
    </section>
  )
}

/** Related lists: for each entity pointing at this one, its newest records (ticket → comments, calls, child tickets). */
function RecordRelated({ entity, record }: { entity: UiEntity; record: RecordData }) {
  const { t } = useTranslation()
  const boot = useSession().boot!
  const relations = relationsOf(boot, entity.key)
  if (!relations.length) return null
  return (
    <section className="panel related-lists" aria-labelledby="panel-related">
      <h2 id="panel-related">{t('recordPanel.related')}</h2>
      <div className="related-grid">
        {relations.map((r) => (
          <RelatedList key={`${r.entity.key}.${r.field}`} relation={r} record={record} owner={entity} />
        ))}
      </div>
    </section>
  )
}

export const panel: PanelDef = { key: 'related', order: 100, Component: RecordRelated }
