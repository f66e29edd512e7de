import type { ComponentType } from 'react'
import type { ReportPresentation, ReportResult } from '../../../core/shared/reports.js'

export interface MapViewProps {
  presentation: ReportPresentation
  result: ReportResult
  title: string
}

/**
 * Where the map component plugs in: a `map` presentation draws `mapView.Component` when one is
 * set (by the map's module UI), else the table with a note that the map is not available.
 */
export const mapView: { Component?: ComponentType<MapViewProps> } = {}
