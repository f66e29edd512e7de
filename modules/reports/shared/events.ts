/**
 * The reports module's realtime events, typed in the shared event map (core/shared/events.ts)
 * by declaration merging. Self-contained: the server and the UI both compile this file.
 */

/** A report's figures may have changed: sent, debounced, to sockets in its `report:<key>` room. */
export interface ReportChanged {
  report: string
}

declare module '../../../core/shared/events.js' {
  interface ModuleEvents {
    report_changed: ReportChanged
  }
}
