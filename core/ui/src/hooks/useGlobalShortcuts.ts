import { useEffect } from 'react'
import { useLocation } from 'wouter'
import { useSession } from '../session/SessionContext.js'
import { matches, shortcuts } from '../shortcuts/shortcuts.js'

/**
 * Keyboard-first: listens once for the registered shortcuts (`*.shortcuts.ts` of core and the
 * modules, by order) and runs the first that handles the key.
 */
export function useGlobalShortcuts() {
  const [, navigate] = useLocation()
  const session = useSession()
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const boot = session.boot
      if (!boot) return
      const ctx = { boot, entity: session.entity, navigate }
      for (const s of shortcuts) {
        if (matches(s, e) && s.run(ctx, e)) {
          e.preventDefault()
          return
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [navigate, session])
}
