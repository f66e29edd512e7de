import type { ScreenDef } from '../../../core/ui/src/extensions.js'
import { hasRole } from './api.js'
import { lazyScreen } from './lazyScreen.js'

/** The Mayor's report (Screens.tsx): the mayor's start page; administrators see it too. */
export const screen: ScreenDef = {
  path: '/mayor',
  Component: lazyScreen((m) => m.MayorReport),
  nav: {
    label: { uk: 'Звіт мера', en: "Mayor's report" },
    // after the builder: an administrator's start page stays where it was
    order: 94,
    visible: (boot) => boot.admin || hasRole(boot, 'mayor'),
    home: (boot) => hasRole(boot, 'mayor'),
  },
}
