import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'

export interface Option {
  id: string
  name: string
}

interface Props {
  id?: string
  label: string
  /** The chosen option's name ('' when none). */
  current: string
  /** Options matching the typed text (called as one types, debounced). */
  load(text: string): Promise<Option[]>
  onChoose(option: Option | null): void
  disabled?: boolean
  invalid?: boolean
  describedBy?: string
  placeholder?: string
}

/**
 * An ARIA combobox over options loaded as one types: arrows move, Enter picks, Escape closes,
 * the clear button empties it. The address picker stacks three of them.
 */
export function Combobox({ id, label, current, load, onChoose, disabled, invalid, describedBy, placeholder }: Props) {
  const { t } = useTranslation()
  const listId = useId()
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [options, setOptions] = useState<Option[]>([])
  const [active, setActive] = useState(0)
  const [busy, setBusy] = useState(false)
  const seq = useRef(0)

  useEffect(() => {
    if (!open) return
    const mine = ++seq.current
    setBusy(true)
    const timer = setTimeout(() => {
      load(text)
        .then((found) => mine === seq.current && (setOptions(found), setActive(0)))
        .catch(() => mine === seq.current && setOptions([]))
        .finally(() => mine === seq.current && setBusy(false))
    }, 150)
    return () => clearTimeout(timer)
  }, [load, text, open])

  const choose = (option: Option | undefined) => {
    if (!option) return
    onChoose(option)
    setText('')
    setOpen(false)
  }
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      setOpen(true)
      setActive((a) => Math.min(a + 1, options.length - 1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((a) => Math.max(a - 1, 0))
    } else if (e.key === 'Enter' && open) {
      e.preventDefault()
      choose(options[active])
    } else if (e.key === 'Escape' && open) {
      e.preventDefault()
      setOpen(false)
    }
  }
  return (
    <div className="picker">
      <input
        id={id}
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        disabled={disabled}
        placeholder={current || placeholder || t('reference.search')}
        value={open ? text : current}
        // focus alone does not open the list (a dialog focusing its first field would cover its
        // buttons): typing, ArrowDown or a click does; the chosen name is selected, so typing replaces it
        onFocus={(e) => e.target.select()}
        onClick={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onChange={(e) => {
          const typed = e.target.value
          // typed after the chosen name (the caret at its end): search for what was typed
          setText(!open && current && typed.startsWith(current) ? typed.slice(current.length) : typed)
          setOpen(true)
        }}
        onKeyDown={onKey}
      />
      {current && !disabled && (
        <button type="button" className="icon" aria-label={`${t('reference.clear')}: ${label}`} onClick={() => onChoose(null)}>
          ×
        </button>
      )}
      {open && (
        <ul id={listId} role="listbox" className="options" aria-label={label}>
          {busy && !options.length && <li className="muted">{t('reference.searching')}</li>}
          {!busy && !options.length && <li className="muted">{t('reference.none')}</li>}
          {options.map((o, i) => (
            <li key={o.id} id={`${listId}-${i}`} role="option" aria-selected={i === active} onMouseDown={(e) => (e.preventDefault(), choose(o))}>
              {o.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
