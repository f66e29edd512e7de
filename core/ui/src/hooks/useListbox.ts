import { useId, useState, type KeyboardEvent } from 'react'

/**
 * The keyboard of an ARIA listbox under an input (a combobox): ArrowDown opens and moves down,
 * ArrowUp moves up, Enter picks the active option, Escape closes (and stops there, so a dialog
 * around it stays open). The input gets `aria-activedescendant`; option `i` gets `optionId(i)`.
 */
export function useListbox<T>({ options, open, setOpen, onPick }: { options: T[]; open: boolean; setOpen(open: boolean): void; onPick(option: T): void }) {
  const listId = useId()
  const [active, setActive] = useState(0)
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      setOpen(true)
      setActive((a) => Math.min(a + 1, options.length - 1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((a) => Math.max(a - 1, 0))
    } else if (e.key === 'Enter' && open) {
      e.preventDefault()
      if (options[active] !== undefined) onPick(options[active])
    } else if (e.key === 'Escape' && open) {
      e.preventDefault()
      setOpen(false)
    }
  }
  return {
    listId,
    active,
    /** Back to the first option (new options arrived). */
    reset: () => setActive(0),
    onKeyDown,
    optionId: (i: number) => `${listId}-${i}`,
    activeDescendant: open && options[active] !== undefined ? `${listId}-${active}` : undefined,
  }
}
