/**
 * The reports module's realtime events, typed in the shared event map (core/shared/events.ts)
 * by declaration merging. Self-contained: the server and the UI both compile this file.
 */
import type { ReportChangedEvent } from '../../../core/shared/reports.js'

declare module '../../../core/shared/events.js' {
  interface ModuleEvents {
    /** A report's figures may have changed: sent, debounced, to sockets in its `report:<key>` room. */
    report_changed: ReportChangedEvent
  }
}
