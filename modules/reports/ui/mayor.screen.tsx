import { useTranslation } from 'react-i18next'
import type { ScreenDef } from '../../../core/ui/src/extensions.js'
import { hasRole } from './api.js'
import { DashboardView } from './DashboardView.js'
import { exportHref } from './params.js'

/** Wall screens also refresh on a clock: "today" moves on at midnight even when nothing changes. */
const CLOCK_REFRESH_MS = 5 * 60_000

/**
 * The Mayor's report: the dashboard `mayor`, in large high-contrast type for a wall screen
 * (panels stacked on a phone), live, with its PDF. The mayor's start page.
 */
function MayorReport() {
  const { t } = useTranslation()
  return (
    <DashboardView
      dashboardKey="mayor"
      variant="wall"
      refreshEveryMs={CLOCK_REFRESH_MS}
      actions={(values) => (
        <a className="button primary" href={exportHref({ dashboard: 'mayor' }, values, 'pdf')} download>
          {t('reports.pdf')}
        </a>
      )}
    />
  )
}

export const screen: ScreenDef = {
  path: '/mayor',
  Component: MayorReport,
  nav: {
    label: { uk: 'Звіт мера', en: "Mayor's report" },
    // after the builder: an administrator's start page stays where it was
    order: 94,
    visible: (boot) => boot.admin || hasRole(boot, 'mayor'),
    home: (boot) => hasRole(boot, 'mayor'),
  },
}
