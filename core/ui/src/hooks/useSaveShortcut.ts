import { useEffect, useRef, type RefObject } from 'react'

/**
 * Ctrl+S (⌘S) saves the form on the screen instead of the browser saving the page. With two
 * forms on screen (a request typed on the page, another in the call panel beside it), the one
 * holding the focus saves; with the focus in neither, the first on the page does.
 */
export function useSaveShortcut(save: () => void, container?: RefObject<HTMLElement | null>) {
  const latest = useRef(save)
  latest.current = save
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's')) return
      e.preventDefault()
      const mine = container?.current
      if (mine) {
        const focused = (document.activeElement as HTMLElement | null)?.closest?.('.record-form')
        const target = focused ?? document.querySelector('.record-form')
        if (target && target !== mine) return
      }
      latest.current()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [container])
}
