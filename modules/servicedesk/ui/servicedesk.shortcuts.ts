import type { ShortcutDef } from '../../../core/ui/src/shortcuts/shortcuts.js'

/** Alt+N opens a new request (before core's generic "new record of the first entity"). */
export const shortcuts: ShortcutDef[] = [
  {
    key: 'KeyN',
    alt: true,
    inInputs: true,
    hint: { uk: 'Alt+N — нове звернення', en: 'Alt+N — new request' },
    run({ entity, navigate }) {
      if (!entity('ticket')?.can.create) return false
      navigate('/ticket/new')
      return true
    },
  },
]
