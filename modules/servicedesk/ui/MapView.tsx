/**
 * MapView: requests, assignments or hot spots on a Leaflet map — the map screen's
 * (map.screen.tsx) and a dashboard's "map" panel's. Leaflet loads on first use, in a chunk
 * of its own. Points come from `servicedesk.map`, hot spots from `servicedesk.heat`
 * (modules/servicedesk/shared/map.ts has their types).
 *
 * Props:
 * - `label` (required): the map's accessible name (`aria-label` of its region).
 * - `points`: markers, clustered; each coloured by its `state` (on time green, warning amber,
 *   breached red, paused grey, done muted), a cluster by the worst state inside it; a click
 *   opens a popup with the number, type, address, status, due time, responsible and a link.
 * - `heat`: hot spots `[{lat, lon, weight}]`, drawn as a heat layer under the markers.
 * - `context`: faint lines and dots of the city (streets, buildings) for a map without tiles.
 * - `tiles`: `{ url, attribution }` of a tile server; default the deployment's
 *   (`VIKNO_MAP_TILES`, through the bootstrap); `null` or none: a plain background and a scale.
 * - `center`, `zoom`: the view when there is nothing to fit (default Vyshhorod, 13).
 * - `fitKey`: the view fits the points (or hot spots) again whenever this changes (a new
 *   filter), not when live updates arrive; the first data always fits.
 * - `hrefOf(point)`: the record's address under /app (default `/ticket/<id>`); `onOpen(point)`
 *   follows a popup's link inside the app (default: the browser follows the link).
 * - `statusLabel(status)`: a workflow state's words for popups (default: the key).
 * - `legend`: draws the colour legend (default: when there are points).
 * - `height`: CSS height of the map (default `32rem`).
 *
 * @example <MapView label="Карта звернень" points={points} fitKey={JSON.stringify(filter)} onOpen={(p) => navigate(`/ticket/${p.id}`)} />
 */
import { useEffect, useRef, useState } from 'react'
import type * as Leaflet from 'leaflet'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../../core/ui/src/labels.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import type { MapHeatPoint, MapPoint, MapState } from '../shared/map.js'
import './map/map.css'

export interface MapContext {
  lines?: Array<Array<[number, number]>>
  dots?: Array<[number, number]>
}

export interface MapViewProps {
  label: string
  points?: MapPoint[]
  heat?: MapHeatPoint[]
  context?: MapContext
  tiles?: { url: string; attribution?: string | null } | null
  center?: [number, number]
  zoom?: number
  fitKey?: string
  hrefOf?(point: MapPoint): string
  onOpen?(point: MapPoint): void
  statusLabel?(status: string): string
  legend?: boolean
  height?: string
}

export const MAP_STATES: MapState[] = ['on_time', 'warning', 'breached', 'paused', 'done']
/** Worst first: a cluster takes the colour of its worst point. */
const SEVERITY: MapState[] = ['breached', 'warning', 'on_time', 'paused', 'done']
const VYSHHOROD: [number, number] = [50.5848, 30.4894]
/** Hot spots from pale yellow to deep red (a heat map people read without a key). */
const HEAT_GRADIENT = { 0.3: '#fde68a', 0.6: '#f59e0b', 0.85: '#dc2626', 1: '#7f1d1d' }

type LeafletModule = typeof import('./map/leaflet.js')

interface Layers {
  L: LeafletModule['default']
  heatLayer: LeafletModule['heatLayer']
  map: Leaflet.Map
  markers: Leaflet.MarkerClusterGroup
  heat?: Leaflet.Layer
  context?: Leaflet.LayerGroup
  tiles?: Leaflet.TileLayer
  fitted?: string
}

export function MapView(props: MapViewProps) {
  const { t, i18n } = useTranslation()
  const boot = useSession().boot
  const host = useRef<HTMLDivElement>(null)
  const layers = useRef<Layers | undefined>(undefined)
  const [ready, setReady] = useState(false)
  const [failed, setFailed] = useState<string>()
  const latest = useRef(props)
  latest.current = props
  const tiles = props.tiles === undefined ? (boot?.map ? { url: boot.map.tiles, attribution: boot.map.attribution } : null) : props.tiles

  // the map itself, once
  useEffect(() => {
    let gone = false
    let resize: ResizeObserver | undefined
    import('./map/leaflet.js')
      .then(({ default: L, heatLayer }) => {
        if (gone || !host.current) return
        // the cluster layer needs a highest zoom even without tiles
        const map = L.map(host.current, { center: props.center ?? VYSHHOROD, zoom: props.zoom ?? 13, minZoom: 3, maxZoom: 19 })
        L.control.scale({ imperial: false }).addTo(map)
        const markers = L.markerClusterGroup({
          showCoverageOnHover: false,
          chunkedLoading: true,
          maxClusterRadius: 45,
          iconCreateFunction: (cluster) => {
            const inside = cluster.getAllChildMarkers().map((m) => stateOf.get(m) ?? 'on_time')
            const worst = SEVERITY.find((s) => inside.includes(s)) ?? 'on_time'
            const n = cluster.getChildCount()
            const html = `<span aria-hidden="true">${n}</span><span class="sr-only">${escapeHtml(latest.current.label)}: ${escapeHtml(t('map.cluster', { count: n }))}</span>`
            return L.divIcon({ html, className: `map-cluster map-${worst}`, iconSize: L.point(36, 36) })
          },
        })
        map.addLayer(markers)
        layers.current = { L, heatLayer, map, markers }
        resize = new ResizeObserver(() => map.invalidateSize())
        resize.observe(host.current)
        setReady(true)
      })
      .catch((e: unknown) => setFailed(e instanceof Error ? e.message : String(e)))
    return () => {
      gone = true
      resize?.disconnect()
      layers.current?.map.remove()
      layers.current = undefined
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // tiles or a plain background
  useEffect(() => {
    const l = layers.current
    if (!ready || !l) return
    l.tiles?.remove()
    l.tiles = tiles ? l.L.tileLayer(tiles.url, { attribution: tiles.attribution ?? '', maxZoom: 19 }).addTo(l.map) : undefined
  }, [ready, tiles?.url, tiles?.attribution]) // eslint-disable-line react-hooks/exhaustive-deps

  // the city's lines and dots under everything
  useEffect(() => {
    const l = layers.current
    if (!ready || !l) return
    l.context?.remove()
    const c = props.context
    if (!c) return
    const group = l.L.layerGroup()
    const renderer = l.L.canvas()
    for (const line of c.lines ?? []) l.L.polyline(line, { color: '#9aa7b4', weight: 5, opacity: 0.55, interactive: false, renderer }).addTo(group)
    for (const dot of c.dots ?? []) l.L.circleMarker(dot, { radius: 3, color: '#8c98a4', weight: 1, fillOpacity: 0.5, interactive: false, renderer }).addTo(group)
    l.context = group.addTo(l.map)
    l.context.eachLayer((layer) => (layer as Leaflet.Path).bringToBack?.())
  }, [ready, props.context])

  // markers
  useEffect(() => {
    const l = layers.current
    if (!ready || !l) return
    l.markers.clearLayers()
    const list = props.points ?? []
    l.markers.addLayers(
      list.map((p) => {
        const word = t(`map.states.${p.state}`)
        const marker = l.L.marker([p.lat, p.lon], {
          icon: l.L.divIcon({ className: `map-pin map-${p.state}${p.approximate ? ' map-approx' : ''}`, iconSize: [20, 20], html: '' }),
          title: `${p.title} — ${word}`,
          keyboard: true,
          riseOnHover: true,
        })
        stateOf.set(marker, p.state)
        marker.bindPopup(() => popup(p), { maxWidth: 320 })
        return marker
      })
    )
    fitView(
      l,
      props.fitKey ?? '',
      list.map((p) => [p.lat, p.lon])
    )
  }, [ready, props.points, i18n.language]) // eslint-disable-line react-hooks/exhaustive-deps

  // hot spots
  useEffect(() => {
    const l = layers.current
    if (!ready || !l) return
    l.heat?.remove()
    l.heat = undefined
    const list = props.heat ?? []
    if (!list.length) return
    const max = Math.max(...list.map((h) => h.weight))
    l.heat = l
      .heatLayer(
        list.map((h) => [h.lat, h.lon, h.weight]),
        { radius: 28, blur: 20, max, minOpacity: 0.35, maxZoom: 16, gradient: HEAT_GRADIENT }
      )
      .addTo(l.map)
    if (!props.points?.length)
      fitView(
        l,
        props.fitKey ?? '',
        list.map((h) => [h.lat, h.lon])
      )
  }, [ready, props.heat]) // eslint-disable-line react-hooks/exhaustive-deps

  /** Fits the view to these places once per `fitKey` (live updates keep the user's view). */
  function fitView(l: Layers, key: string, at: Array<[number, number]>) {
    if (!at.length || l.fitted === key) return
    l.fitted = key
    if (at.length === 1) l.map.setView(at[0], 16)
    else l.map.fitBounds(l.L.latLngBounds(at), { padding: [30, 30], maxZoom: 17 })
  }

  /** A point's popup, built from text nodes (a title or address is never read as HTML). */
  function popup(p: MapPoint): HTMLElement {
    const { hrefOf, onOpen, statusLabel } = latest.current
    const box = document.createElement('div')
    box.className = 'map-popup'
    const head = document.createElement('p')
    head.className = 'map-popup-title'
    const link = document.createElement('a')
    const path = hrefOf ? hrefOf(p) : `/ticket/${p.id}`
    link.href = `/app${path}`
    link.textContent = p.title
    link.addEventListener('click', (e) => {
      if (!onOpen || e.ctrlKey || e.metaKey || e.shiftKey) return
      e.preventDefault()
      onOpen(p)
    })
    head.append(link)
    box.append(head)
    const facts = document.createElement('dl')
    const add = (term: string, value: string | null | undefined) => {
      if (!value) return
      const dt = document.createElement('dt')
      dt.textContent = term
      const dd = document.createElement('dd')
      dd.textContent = value
      facts.append(dt, dd)
    }
    add(t('map.popup.address'), p.approximate && p.address ? `${p.address} (${t('map.approximate')})` : p.address)
    add(t('map.popup.status'), p.status ? (statusLabel ? statusLabel(p.status) : p.status) : null)
    add(t('map.popup.sla'), t(`map.states.${p.state}`))
    add(t('map.popup.due'), p.due ? formatDateTime(p.due, i18n.language) : null)
    add(t('map.popup.responsible'), p.responsible)
    add(t('map.popup.company'), p.company)
    box.append(facts)
    return box
  }

  const showLegend = props.legend ?? (props.points?.length ?? 0) > 0
  return (
    <div className={`map-view${tiles ? '' : ' map-plain'}`} style={{ height: props.height ?? '32rem' }}>
      <div ref={host} className="map-canvas" role="region" aria-label={props.label} />
      {!ready && !failed && (
        <p className="map-loading muted" role="status">
          {t('map.loading')}
        </p>
      )}
      {failed && (
        <p className="alert" role="alert">
          {t('map.failed')}: {failed}
        </p>
      )}
      {showLegend && <MapLegend />}
    </div>
  )
}

/** The colours of the states, in words (never colour alone). */
export function MapLegend() {
  const { t } = useTranslation()
  return (
    <ul className="map-legend" aria-label={t('map.legend')}>
      {MAP_STATES.map((s) => (
        <li key={s}>
          <span className={`map-swatch map-${s}`} aria-hidden="true" />
          {t(`map.states.${s}`)}
        </li>
      ))}
    </ul>
  )
}

const stateOf = new WeakMap<object, MapState>()

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
