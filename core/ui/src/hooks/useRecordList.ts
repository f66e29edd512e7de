import { useCallback, useEffect, useRef, useState } from 'react'
import type { Filter } from '../../../shared/filter.js'
import type { UiBootstrap } from '../types/bootstrap.js'
import type { ListResult, RecordData } from '../api/types.js'
import { ApiError, get, recordsPath } from '../api/client.js'
import { rememberIncluded } from '../api/references.js'
import { subscribe } from '../api/realtime.js'

export interface ListQuery {
  entity: string
  filter?: Filter
  sort?: string
  q?: string
  include: string[]
  pageSize: number
}

interface ListState {
  rows: RecordData[]
  included: NonNullable<ListResult['included']>
  nextCursor: string | null
  total?: number
  loading: boolean
  error?: ApiError
  /** Ids changed live a moment ago, to highlight them. */
  fresh: Set<string>
}

const EMPTY: ListState = { rows: [], included: {}, nextCursor: null, loading: true, fresh: new Set() }

function merge(a: ListState['included'], b: ListResult['included']) {
  const out = { ...a }
  for (const [k, v] of Object.entries(b ?? {})) out[k] = { ...out[k], ...v }
  return out
}

/**
 * A page of records with cursor paging, and live: on a `record` event of the entity the
 * changed row alone is refetched under the current filter (it appears, changes or leaves).
 */
export function useRecordList(boot: UiBootstrap, query: ListQuery) {
  const [state, setState] = useState<ListState>(EMPTY)
  const queryRef = useRef(query)
  queryRef.current = query
  const key = JSON.stringify(query)

  const params = useCallback(
    (q: ListQuery, extra: Record<string, string | number | boolean | undefined> = {}) => ({
      filter: q.filter ? JSON.stringify(q.filter) : undefined,
      sort: q.sort,
      q: q.q,
      include: q.include.length ? q.include.join(',') : undefined,
      limit: q.pageSize,
      ...extra,
    }),
    []
  )

  useEffect(() => {
    let cancelled = false
    setState((s) => ({ ...s, loading: true, error: undefined }))
    get<ListResult>(recordsPath(query.entity, undefined, params(query, { count: true })))
      .then((res) => {
        if (cancelled) return
        rememberIncluded(boot, res.included)
        setState({ rows: res.data, included: res.included ?? {}, nextCursor: res.nextCursor, total: res.total, loading: false, fresh: new Set() })
      })
      .catch((error) => !cancelled && setState({ ...EMPTY, loading: false, error: error instanceof ApiError ? error : undefined }))
    return () => {
      cancelled = true
    }
    // `key` stands for the whole query
  }, [key])

  const more = useCallback(async () => {
    const q = queryRef.current
    if (!state.nextCursor) return
    setState((s) => ({ ...s, loading: true }))
    let res: ListResult
    try {
      res = await get<ListResult>(recordsPath(q.entity, undefined, params(q, { cursor: state.nextCursor })))
    } catch (error) {
      setState((s) => ({ ...s, loading: false, error: error instanceof ApiError ? error : undefined }))
      return
    }
    rememberIncluded(boot, res.included)
    setState((s) => ({ ...s, rows: [...s.rows, ...res.data.filter((r) => !s.rows.some((x) => x.id === r.id))], included: merge(s.included, res.included), nextCursor: res.nextCursor, loading: false }))
  }, [state.nextCursor, boot, params])

  useEffect(() => {
    return subscribe(`entity:${query.entity}`, async (event) => {
      if (event.op === 'deleted') {
        setState((s) => ({ ...s, rows: s.rows.filter((r) => r.id !== event.id), total: s.total !== undefined && s.rows.some((r) => r.id === event.id) ? s.total - 1 : s.total }))
        return
      }
      const q = queryRef.current
      const only = { id: { eq: event.id } }
      const filter = q.filter ? { and: [q.filter, only] } : only
      const res = await get<ListResult>(recordsPath(q.entity, undefined, { ...params(q), filter: JSON.stringify(filter), limit: 1 })).catch(() => undefined)
      if (!res) return
      rememberIncluded(boot, res.included)
      const row = res.data[0]
      setState((s) => {
        const present = s.rows.some((r) => r.id === event.id)
        const fresh = new Set(s.fresh).add(event.id)
        if (!row) return present ? { ...s, rows: s.rows.filter((r) => r.id !== event.id), total: s.total !== undefined ? s.total - 1 : s.total } : s
        const rows = present ? s.rows.map((r) => (r.id === row.id ? row : r)) : [row, ...s.rows]
        return { ...s, rows, included: merge(s.included, res.included), total: !present && s.total !== undefined ? s.total + 1 : s.total, fresh }
      })
    })
  }, [query.entity, boot, params])

  return { ...state, more }
}
