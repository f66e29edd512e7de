import { useMemo } from 'react'
import type { SlotDef } from '../../../core/ui/src/extensions.js'
import type { ReportPresentation, ReportResult } from '../../../core/shared/reports.js'
import type { MapHeatPoint } from '../shared/map.js'
import { MapView } from './MapView.js'

interface Props {
  presentation: ReportPresentation
  result: ReportResult
  title: string
}

/**
 * A report's rows as hot spots: the location column (`presentation.location`, a geo_point such
 * as `object.location`) weighted by the first drawn measure. Rows without a point are skipped.
 */
export function heatOf(presentation: ReportPresentation, result: ReportResult): MapHeatPoint[] {
  const location = presentation.location ?? result.columns.find((c) => c.role === 'dimension' && c.type === 'geo_point')?.key
  const measure = presentation.y?.[0] ?? result.columns.find((c) => c.role === 'measure')?.key
  if (!location || !measure) return []
  return result.rows.flatMap((row) => {
    const point = row[location] as { lat?: unknown; lon?: unknown } | null
    const weight = Number(row[measure])
    if (!point || typeof point.lat !== 'number' || typeof point.lon !== 'number' || !Number.isFinite(weight) || weight <= 0) return []
    return [{ lat: point.lat, lon: point.lon, weight }]
  })
}

function ReportMap({ presentation, result, title }: Props) {
  const heat = useMemo(() => heatOf(presentation, result), [presentation, result])
  return <MapView label={title} heat={heat} legend={false} fitKey={result.report} height="100%" />
}

/** A dashboard's map panel (modules/reports draws the `report_map` slot). */
export const slot: SlotDef = { name: 'report_map', Component: ReportMap }
