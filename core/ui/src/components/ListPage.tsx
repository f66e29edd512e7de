import { useEffect, useMemo, useState } from 'react'
import { Link, useSearch } from 'wouter'
import { useTranslation } from 'react-i18next'
import { useSession } from '../session/SessionContext.js'
import { useLabel } from '../labels.js'
import { includesFor, resolveColumns } from '../list/columns.js'
import { buildFilter, type Condition } from '../list/filter.js'
import { useRecordList } from '../hooks/useRecordList.js'
import { FilterBuilder } from './FilterBuilder.js'
import { ListTable } from './ListTable.js'
import { NotFound } from './NotFound.js'
import { ProblemAlert } from './ProblemAlert.js'

/** The list of an entity from its view: columns, sort by header, quick search, filter, paging, live. */
export function ListPage({ entityKey }: { entityKey: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const session = useSession()
  const boot = session.boot!
  const entity = session.entity(entityKey)
  const search = new URLSearchParams(useSearch())
  const view = entity?.views.find((v) => v.key === search.get('view')) ?? entity?.views[0]
  const [text, setText] = useState('')
  const [q, setQ] = useState('')
  const [conditions, setConditions] = useState<Condition[]>([])
  const [sort, setSort] = useState<string | undefined>(() => view?.sort?.map((s) => (s.dir === 'desc' ? '-' : '') + s.field).join(','))

  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250)
    return () => clearTimeout(timer)
  }, [text])

  const columns = useMemo(() => (entity && view ? resolveColumns(boot, entity, view.columns) : []), [boot, entity, view])
  const filter = useMemo(() => buildFilter(view?.filter, conditions), [view, conditions])
  const list = useRecordList(boot, {
    entity: entityKey,
    filter,
    sort,
    q: q || undefined,
    include: entity ? includesFor(entity, columns) : [],
    pageSize: view?.pageSize ?? 50,
  })

  if (!entity || !view) return <NotFound />
  const title = label(view.generated ? entity.label : view.label)
  return (
    <section className="list" aria-labelledby="list-title">
      <div className="toolbar">
        <h1 id="list-title">{title}</h1>
        {entity.searchable && (
          <input
            type="search"
            className="search"
            data-shortcut="search"
            aria-label={t('list.search')}
            placeholder={t('list.searchPlaceholder')}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
        <span className="spacer" />
        {entity.can.create && (
          <Link href={`/${entity.key}/new`} className="button primary">
            {t('list.new')}
          </Link>
        )}
      </div>
      <FilterBuilder entity={entity} conditions={conditions} onChange={setConditions} />
      <ProblemAlert error={list.error} />
      <p className="count" role="status" aria-live="polite">
        {list.total !== undefined ? t('list.found', { count: list.total }) : t('list.shown', { count: list.rows.length })}
        <span className="live" title={t('list.live')} aria-hidden="true">●</span>
      </p>
      <ListTable boot={boot} entity={entity} columns={columns} rows={list.rows} included={list.included} fresh={list.fresh} sort={sort} onSort={setSort} />
      {!list.loading && !list.rows.length && <p className="empty">{t('list.empty')}</p>}
      {list.nextCursor && (
        <button type="button" className="more" onClick={() => void list.more()} disabled={list.loading}>
          {t('list.more')}
        </button>
      )}
    </section>
  )
}
