import type { ScreenDef } from '../../../core/ui/src/extensions.js'
import { MapScreen } from './MapScreen.js'

/** The map of requests and assignments, for everyone who may read either; never a start page. */
export const screen: ScreenDef = {
  path: '/map',
  Component: MapScreen,
  nav: {
    label: { uk: 'Карта', en: 'Map' },
    order: 10,
    home: false,
    visible: (boot) => boot.entities.some((e) => e.key === 'ticket' || e.key === 'assignment'),
  },
}
