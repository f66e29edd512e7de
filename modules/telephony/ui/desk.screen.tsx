import type { ScreenDef } from '../../../core/ui/src/extensions.js'
import { Desk } from './Desk.js'
import { Board } from './Board.js'
import { hasRole } from './api.js'
import { CallPanel } from './CallPanel.js'

/** The single window (an operator's home: the first entry) and the supervisor's board. */
export const screen: ScreenDef[] = [
  {
    path: '/desk',
    Component: Desk,
    nav: { label: { uk: 'Єдине вікно', en: 'Single window' }, order: -100, visible: (boot) => hasRole(boot, 'operator', 'supervisor', 'telephony_agent') },
    background: CallPanel,
  },
  {
    path: '/board',
    Component: Board,
    nav: { label: { uk: 'Дошка супервізора', en: "Supervisor's board" }, order: -90, visible: (boot) => hasRole(boot, 'supervisor', 'mayor') },
  },
]
