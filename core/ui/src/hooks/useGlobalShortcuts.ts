import { useEffect } from 'react'
import { useLocation } from 'wouter'
import { useSession } from '../session/SessionContext.js'

function typing(target: EventTarget | null) {
  const el = target as HTMLElement | null
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))
}

/**
 * Keyboard-first: Alt+N opens a new request (the first creatable entity when there are no
 * requests), "/" focuses the screen's search. Ctrl+S is the record form's own (useSaveShortcut).
 */
export function useGlobalShortcuts() {
  const [, navigate] = useLocation()
  const session = useSession()
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && (e.code === 'KeyN' || e.key.toLowerCase() === 'n')) {
        const boot = session.boot
        const target = boot?.entities.find((x) => x.key === 'ticket' && x.can.create) ?? boot?.navigation.map((n) => session.entity(n.entity)).find((x) => x?.can.create)
        if (target) {
          e.preventDefault()
          navigate(`/${target.key}/new`)
        }
      } else if (e.key === '/' && !e.ctrlKey && !e.altKey && !e.metaKey && !typing(e.target)) {
        const search = document.querySelector<HTMLInputElement>('[data-shortcut="search"]')
        if (search) {
          e.preventDefault()
          search.focus()
          search.select()
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [navigate, session])
}
