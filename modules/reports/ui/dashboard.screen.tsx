import { useEffect } from 'react'
import type { ScreenDef } from '../../../core/ui/src/extensions.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { catalogOf, loadCatalog } from './api.js'
import { lazyScreen } from './lazyScreen.js'

/** Loads, once per bootstrap, what reports and dashboards this user may open (the navigation entry needs it). */
function CatalogLoader() {
  const boot = useSession().boot!
  useEffect(() => loadCatalog(boot), [boot])
  return null
}

/** Reports and dashboards: the list, a dashboard, a report on its own. "Звіти" shows for users who have any. */
export const screen: ScreenDef[] = [
  {
    path: '/dashboards',
    Component: lazyScreen((m) => m.DashboardList),
    nav: {
      label: { uk: 'Звіти', en: 'Reports' },
      order: 95,
      // it shows once the list has loaded: a start page must not change under the user
      home: false,
      visible: (boot) => {
        const c = catalogOf(boot)
        return !!c && c.reports.length + c.dashboards.length > 0
      },
    },
    background: CatalogLoader,
  },
  { path: '/dashboards/:key', Component: lazyScreen((m) => m.DashboardScreen) },
  { path: '/reports/:key', Component: lazyScreen((m) => m.ReportScreen) },
]
