import { useEffect, useMemo, useState } from 'react'
import { Link, useSearch } from 'wouter'
import { useTranslation } from 'react-i18next'
import { useSession } from '../session/SessionContext.js'
import { useLabel } from '../labels.js'
import type { RecordData } from '../api/types.js'
import { includesFor, resolveColumns } from '../list/columns.js'
import { buildFilter, conditionsFromUrl, type Condition } from '../list/filter.js'
import { bothFilters, stateFilter } from '../list/states.js'
import type { ListState } from '../list/saved.js'
import type { BulkResponse } from '../list/bulk.js'
import { useRecordList } from '../hooks/useRecordList.js'
import { FilterBuilder } from './FilterBuilder.js'
import { ListTable } from './ListTable.js'
import { ListSavedFilters } from './ListSavedFilters.js'
import { ListBulkBar } from './ListBulkBar.js'
import { ListBulkResults } from './ListBulkResults.js'
import { ListExport } from './ListExport.js'
import { ListColumns, columnCandidates } from './ListColumns.js'
import { ListStateFilter } from './ListStateFilter.js'
import { NotFound } from './NotFound.js'
import { ProblemAlert } from './ProblemAlert.js'
import '../list/lists.css'

/**
 * The list of an entity from its view: columns, sort by header, quick search, filter, saved
 * filters, row selection with bulk actions, export, paging by cursor, live.
 */
export function ListPage({ entityKey }: { entityKey: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const session = useSession()
  const boot = session.boot!
  const entity = session.entity(entityKey)
  const search = new URLSearchParams(useSearch())
  const view = entity?.views.find((v) => v.key === search.get('view')) ?? entity?.views[0]
  const defaultSort = view?.sort?.map((s) => (s.dir === 'desc' ? '-' : '') + s.field).join(',')
  const [text, setText] = useState('')
  const [q, setQ] = useState('')
  const [conditions, setConditions] = useState<Condition[]>(() => conditionsFromUrl(entity, search))
  const [sort, setSort] = useState<string | undefined>(defaultSort)
  const [columnPaths, setColumnPaths] = useState<string[] | undefined>()
  const [activeSaved, setActiveSaved] = useState<string>()
  // the view's first choice of states (`open` for a dispatcher's list); the user may switch
  const [states, setStates] = useState<string>(search.get('states') ?? view?.states ?? 'all')
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [bulk, setBulk] = useState<{ response: BulkResponse; records: RecordData[] } | null>(null)

  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250)
    return () => clearTimeout(timer)
  }, [text])

  const paths = columnPaths ?? view?.columns ?? []
  const columns = useMemo(() => (entity ? resolveColumns(boot, entity, paths) : []), [boot, entity, paths.join(',')])
  const workflow = entity?.workflow
  const filter = useMemo(() => buildFilter(bothFilters(view?.filter, workflow ? stateFilter({ workflow }, states) : undefined), conditions), [view, workflow, states, conditions])
  const list = useRecordList(boot, {
    entity: entityKey,
    filter,
    // while searching, the view's default order yields to relevance (a sort the user chose stays)
    sort: q && sort === defaultSort ? undefined : sort,
    q: q || undefined,
    include: entity ? includesFor(entity, columns) : [],
    pageSize: view?.pageSize ?? 50,
  })

  if (!entity || !view) return <NotFound />
  const title = label(view.generated ? entity.label : view.label)
  const current: ListState = { conditions, sort: sort === defaultSort ? undefined : sort, q: text, columns: columnPaths }
  const apply = (state: ListState, id: string | undefined) => {
    setConditions(state.conditions)
    setSort(state.sort ?? defaultSort)
    setText(state.q)
    setQ(state.q.trim())
    setColumnPaths(state.columns)
    setActiveSaved(id)
  }
  const selectable = entity.can.update || entity.can.delete
  const selectedRows = list.rows.filter((r) => selected.has(r.id))
  const select = (ids: string[], on: boolean) =>
    setSelected((s) => {
      const next = new Set(s)
      for (const id of ids) on ? next.add(id) : next.delete(id)
      return next
    })
  const finished = (response: BulkResponse, records: RecordData[]) => {
    setBulk({ response, records })
    // the refused stay selected, to retry or act otherwise on them
    setSelected(new Set(response.results.filter((r) => !r.ok).map((r) => r.id)))
  }

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
        <ListStateFilter entity={entity} value={states} onChange={setStates} />
        <span className="spacer" />
        <ListColumns
          entity={entity}
          candidates={columnCandidates(entity, view.columns)}
          value={columns.map((c) => c.path)}
          isDefault={!columnPaths}
          onChange={setColumnPaths}
          onReset={() => setColumnPaths(undefined)}
        />
        {entity.can.export && <ListExport entity={entity.key} filter={filter} sort={sort} q={q || undefined} columns={columns.map((c) => c.path)} />}
        {entity.can.create && (
          <Link href={`/${entity.key}/new`} className="button primary">
            {t('list.new')}
          </Link>
        )}
      </div>
      <ListSavedFilters entity={entity.key} view={view.key} current={current} activeId={activeSaved} onApply={apply} />
      <FilterBuilder entity={entity} conditions={conditions} onChange={setConditions} />
      <ProblemAlert error={list.error} />
      <p className="count" role="status" aria-live="polite">
        {list.total !== undefined ? t('list.found', { count: list.total }) : t('list.shown', { count: list.rows.length })}
        <span className="live" title={t('list.live')} aria-hidden="true">
          ●
        </span>
      </p>
      {selectable && selectedRows.length > 0 && <ListBulkBar entity={entity} selected={selectedRows} onClear={() => setSelected(new Set())} onResult={finished} />}
      {bulk && <ListBulkResults entity={entity} response={bulk.response} records={bulk.records} onClose={() => setBulk(null)} />}
      <ListTable
        boot={boot}
        entity={entity}
        columns={columns}
        rows={list.rows}
        included={list.included}
        fresh={list.fresh}
        sort={sort}
        onSort={setSort}
        selected={selectable ? selected : undefined}
        onSelect={selectable ? select : undefined}
      />
      {!list.loading && !list.rows.length && <p className="empty">{t('list.empty')}</p>}
      {list.nextCursor && (
        <div className="more">
          <button type="button" onClick={() => void list.more()} disabled={list.loading}>
            {t('list.more')}
          </button>
          {list.total !== undefined && <span className="muted"> {t('lists.shownOf', { shown: list.rows.length, total: list.total })}</span>}
        </div>
      )}
    </section>
  )
}
