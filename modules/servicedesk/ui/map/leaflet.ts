/**
 * Leaflet with its plugins and styles, loaded on demand (a chunk of its own): the screens
 * that draw no map do not carry it. Import order matters: the global `L` first.
 */
import L from './leaflet_global.js'
import 'leaflet.markercluster'
import 'leaflet.heat'
import 'leaflet/dist/leaflet.css'
import 'leaflet.markercluster/dist/MarkerCluster.css'

/** leaflet.heat has no published types: the one function it adds. */
export type HeatLayerFactory = (
  points: Array<[number, number, number]>,
  options?: { radius?: number; blur?: number; max?: number; minOpacity?: number; maxZoom?: number; gradient?: Record<number, string> }
) => L.Layer

export const heatLayer: HeatLayerFactory = (points, options) => (L as unknown as { heatLayer: HeatLayerFactory }).heatLayer(points, options)

export default L
