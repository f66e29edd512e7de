import type { ShortcutDef } from './shortcuts.js'

/**
 * Core's keys: Alt+N opens a new record of the first creatable entity in the navigation (a
 * module may claim Alt+N first, e.g. the service desk's new request), "/" focuses the screen's
 * search. Ctrl+S is the record form's own (useSaveShortcut); its hint is listed here.
 */
export const shortcuts: ShortcutDef[] = [
  {
    key: 'KeyN',
    alt: true,
    inInputs: true,
    order: 100,
    hint: { uk: 'Alt+N — новий запис', en: 'Alt+N — new record' },
    run({ boot, entity, navigate }) {
      const target = boot.navigation.map((n) => entity(n.entity)).find((x) => x?.can.create)
      if (!target) return false
      navigate(`/${target.key}/new`)
      return true
    },
  },
  {
    key: '/',
    order: 100,
    hint: { uk: '/ — пошук', en: '/ — search' },
    run() {
      const search = document.querySelector<HTMLInputElement>('[data-shortcut="search"]')
      if (!search) return false
      search.focus()
      search.select()
      return true
    },
  },
  { key: 'KeyS', ctrl: true, inInputs: true, order: 100, hint: { uk: 'Ctrl+S — зберегти', en: 'Ctrl+S — save' }, run: () => false },
]
