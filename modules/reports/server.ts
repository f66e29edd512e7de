/**
 * Reports and dashboards as metadata (kinds `report`, `dashboard`), run by the engine
 * (core/reports) under the viewer's row scope, cached, and live: sockets in `report:<key>`
 * rooms are told when a change touches what a report reads. See README.md.
 */
import { defineModule } from '#core/modules/define'
import { registerRoomKind } from '#core/realtime/rooms'
import { engine } from '#core/engine/engine'
import { dashboardKind, reportKind } from './kinds.js'
import { dashboard, list, preview, run } from './actions.js'
import { runnable } from './access.js'
import { watchChanges } from './live.js'
import { downloadReport, exportReport } from './actions/export.js'

export default defineModule({
  key: 'reports',
  kinds: [reportKind, dashboardKind],
  actions: { run, preview, list, dashboard, export: exportReport, download: downloadReport },
  events: { report_changed: { description: "a report's figures may have changed (to its report:<key> room, debounced)" } },
  async setup() {
    registerRoomKind('report', (actor, key) => !!runnable(engine.set, actor, key))
    watchChanges()
    // automation action `send_report`: a report or dashboard by e-mail on a schedule
    await import('./delivery/send_report.js')
  },
})
