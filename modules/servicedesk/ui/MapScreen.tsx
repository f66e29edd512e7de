import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useLocation } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { Filter } from '../../../core/shared/filter.js'
import { get, post } from '../../../core/ui/src/api/client.js'
import { useLive } from '../../../core/ui/src/api/live.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { FilterBuilder } from '../../../core/ui/src/components/FilterBuilder.js'
import { ListStateFilter } from '../../../core/ui/src/components/ListStateFilter.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { ReferencePicker } from '../../../core/ui/src/components/ReferencePicker.js'
import { buildFilter, conditionsFromUrl, type Condition } from '../../../core/ui/src/list/filter.js'
import { bothFilters, stateFilter, type StateChoice } from '../../../core/ui/src/list/states.js'
import type { ListResult } from '../../../core/ui/src/api/types.js'
import type { MapHeatPoint, MapResult, MapState } from '../shared/map.js'
import { MAP_STATES, MapView, type MapContext } from './MapView.js'

type Kind = 'ticket' | 'assignment'

const LIVE_DELAY_MS = 1500

/**
 * The map of requests (or assignments): the list's filters (state, company, request type,
 * any condition) and the SLA states shown; live, a change refetches the points.
 */
export function MapScreen() {
  const { t } = useTranslation()
  const label = useLabel()
  const session = useSession()
  const [, navigate] = useLocation()
  const canAssignments = !!session.entity('assignment')
  const [kind, setKind] = useState<Kind>(session.entity('ticket') ? 'ticket' : 'assignment')
  const entity = session.entity(kind)
  const [choice, setChoice] = useState<StateChoice>('open')
  const [type, setType] = useState('')
  const [company, setCompany] = useState<string | null>(null)
  const [conditions, setConditions] = useState<Condition[]>(() => conditionsFromUrl(entity, new URLSearchParams(window.location.search)))
  const [shown, setShown] = useState<Set<MapState>>(() => new Set(MAP_STATES))
  const [withHeat, setWithHeat] = useState(false)
  const [result, setResult] = useState<MapResult>()
  const [heat, setHeat] = useState<MapHeatPoint[]>()
  const [error, setError] = useState<unknown>()
  const [context, setContext] = useState<MapContext>()

  const companyField = kind === 'ticket' ? 'contractor' : 'counterparty'
  const types = kind === 'ticket' ? entity?.fields.request_type?.options : undefined
  const filter = useMemo<Filter | undefined>(() => {
    let f = buildFilter(undefined, conditions)
    if (entity && choice !== 'open' && choice !== 'all') f = bothFilters(f, stateFilter(entity, choice))
    if (type) f = bothFilters(f, { request_type: { eq: type } })
    if (company && entity?.fields[companyField]) f = bothFilters(f, { [companyField]: { eq: company } })
    return f
  }, [conditions, choice, type, company, entity, companyField])
  const states = choice === 'open' ? 'open' : 'all'
  const fitKey = JSON.stringify([kind, filter, states])

  const refresh = useCallback(() => {
    post<MapResult>('/api/v1/actions/servicedesk.map', { entity: kind, states, ...(filter ? { filter } : {}) })
      .then((r) => {
        setResult(r)
        setError(undefined)
      })
      .catch(setError)
    if (withHeat)
      post<{ points: MapHeatPoint[] }>('/api/v1/actions/servicedesk.heat', { entity: kind, states, period: 'last_30_days', ...(filter ? { filter } : {}) })
        .then((r) => setHeat(r.points))
        .catch(setError)
    else setHeat(undefined)
  }, [kind, states, filter, withHeat])
  useEffect(refresh, [refresh])
  // thousands of points: a busy hour's changes are gathered into one refetch every few seconds
  const later = useRef<ReturnType<typeof setTimeout>>(undefined)
  const latestRefresh = useRef(refresh)
  latestRefresh.current = refresh
  useEffect(() => () => clearTimeout(later.current), [])
  useLive(() => {
    later.current ??= setTimeout(() => {
      later.current = undefined
      latestRefresh.current()
    }, LIVE_DELAY_MS)
  }, [`entity:${kind}`])

  // the city's streets as light lines through their buildings, for a map without tiles
  useEffect(() => {
    if (!session.entity('object')) return
    const query = new URLSearchParams({ filter: JSON.stringify({ level: { eq: 'building' }, location: { isNull: false } }), fields: 'id,street,location', limit: '500' })
    get<ListResult>(`/api/v1/records/object?${query}`)
      .then((res) => setContext(cityContext(res.data as unknown as Array<{ street: string | null; location: { lat: number; lon: number } | null }>)))
      .catch(() => setContext(undefined))
  }, [session])

  const points = useMemo(() => (result?.points ?? []).filter((p) => shown.has(p.state)), [result, shown])
  const statusLabel = (status: string) => label(entity?.workflow?.states[status]?.label, status)
  const switchKind = (next: Kind) => {
    setKind(next)
    setChoice('open')
    setType('')
    setCompany(null)
    setConditions([])
  }
  const toggle = (s: MapState) => setShown((cur) => new Set(cur.has(s) ? [...cur].filter((x) => x !== s) : [...cur, s]))

  return (
    <div className="map-screen">
      <h1>{t('map.title')}</h1>
      <div className="map-tools">
        {canAssignments && session.entity('ticket') && (
          <div role="group" aria-label={t('map.what')} className="map-kind">
            {(['ticket', 'assignment'] as const).map((k) => (
              <button key={k} type="button" aria-pressed={kind === k} onClick={() => switchKind(k)}>
                {t(`map.kind.${k}`)}
              </button>
            ))}
          </div>
        )}
        {entity && <ListStateFilter entity={entity} value={choice} onChange={setChoice} />}
        {types && (
          <label>
            {label(entity?.fields.request_type.label)}{' '}
            <select value={type} onChange={(e) => setType(e.target.value)}>
              <option value="">{t('filter.any')}</option>
              {types
                .filter((o) => !o.retired)
                .map((o) => (
                  <option key={o.value} value={o.value}>
                    {label(o.label, o.value)}
                  </option>
                ))}
            </select>
          </label>
        )}
        {entity?.fields[companyField]?.toReadable && (
          <div className="map-company">
            <span aria-hidden="true">{label(entity.fields[companyField].label)}</span>
            <ReferencePicker entityKey="counterparty" value={company} label={label(entity.fields[companyField].label)} onChange={setCompany} />
          </div>
        )}
        <label>
          <input type="checkbox" checked={withHeat} onChange={(e) => setWithHeat(e.target.checked)} /> {t('map.heat')}
        </label>
      </div>
      <fieldset className="map-sla">
        <legend>{t('map.slaStates')}</legend>
        {MAP_STATES.map((s) => (
          <label key={s}>
            <input type="checkbox" checked={shown.has(s)} onChange={() => toggle(s)} />
            <span className={`map-swatch map-${s}`} aria-hidden="true" /> {t(`map.states.${s}`)}
            {result && <span className="muted"> ({result.points.filter((p) => p.state === s).length})</span>}
          </label>
        ))}
      </fieldset>
      {entity && (
        <details className="map-more">
          <summary>{t('map.moreConditions')}</summary>
          <FilterBuilder entity={entity} conditions={conditions} onChange={setConditions} />
        </details>
      )}
      <ProblemAlert error={error} />
      <p className="map-count" role="status">
        {result ? t(result.truncated ? 'map.countTruncated' : 'map.count', { count: points.length, total: result.points.length }) : t('map.loading')}
      </p>
      <MapView
        label={t(`map.region.${kind}`)}
        points={points}
        heat={heat}
        context={context}
        fitKey={fitKey}
        hrefOf={(p) => `/${kind}/${p.id}`}
        onOpen={(p) => navigate(`/${kind}/${p.id}`)}
        statusLabel={statusLabel}
        legend
        height="calc(100vh - 19rem)"
      />
    </div>
  )
}

/** Each street as a line between its two farthest buildings, and every building as a dot. */
function cityContext(rows: Array<{ street: string | null; location: { lat: number; lon: number } | null }>): MapContext {
  const byStreet = new Map<string, Array<[number, number]>>()
  const dots: Array<[number, number]> = []
  for (const r of rows) {
    if (!r.location) continue
    const at: [number, number] = [r.location.lat, r.location.lon]
    dots.push(at)
    if (r.street) (byStreet.get(r.street) ?? byStreet.set(r.street, []).get(r.street)!).push(at)
  }
  const lines: Array<Array<[number, number]>> = []
  for (const at of byStreet.values()) {
    let best: [[number, number], [number, number]] | undefined
    let far = 0
    for (const a of at)
      for (const b of at) {
        const d = (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2
        if (d > far) [far, best] = [d, [a, b]]
      }
    if (best) lines.push(best)
  }
  return { lines, dots }
}
