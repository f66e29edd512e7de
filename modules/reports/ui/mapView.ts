import type { ComponentType } from 'react'
import type { ReportPresentation, ReportResult } from '../../../core/shared/reports.js'
import { slotsFor } from '../../../core/ui/src/extensions.js'

/** What a `report_map` slot receives: the panel's presentation, the figures and its title. */
export interface MapViewProps {
  presentation: ReportPresentation
  result: ReportResult
  title: string
}

/**
 * The map of a `map` presentation: the first `report_map` slot a module registers (the service
 * desk's Leaflet map, modules/servicedesk/ui/report_map.slot.tsx), else none and the panel
 * shows the table with a note that the map is not available.
 */
export function mapComponent(): ComponentType<MapViewProps> | undefined {
  return slotsFor('report_map')[0]?.Component
}
