import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useListbox } from '../hooks/useListbox.js'

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
  required?: boolean
  invalid?: boolean
  describedBy?: string
  placeholder?: string
  /** Milliseconds of typing before the options load (default 150). */
  debounce?: number
}

/**
 * An ARIA combobox over options loaded as one types: arrows move, Enter picks, Escape closes,
 * the clear button empties it. The address picker stacks three of them; the reference picker is one.
 */
export function Combobox({ id, label, current, load, onChoose, disabled, required, invalid, describedBy, placeholder, debounce = 150 }: Props) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [options, setOptions] = useState<Option[]>([])
  const [busy, setBusy] = useState(false)
  const seq = useRef(0)

  useEffect(() => {
    if (!open) return
    const mine = ++seq.current
    setBusy(true)
    const timer = setTimeout(() => {
      load(text)
        .then((found) => mine === seq.current && (setOptions(found), listbox.reset()))
        .catch(() => mine === seq.current && setOptions([]))
        .finally(() => mine === seq.current && setBusy(false))
    }, debounce)
    return () => clearTimeout(timer)
  }, [load, text, open, debounce])

  const choose = (option: Option | undefined) => {
    if (!option) return
    onChoose(option)
    setText('')
    setOpen(false)
  }
  const listbox = useListbox({ options, open, setOpen, onPick: choose })
  return (
    <div className="picker">
      <input
        id={id}
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listbox.listId}
        aria-autocomplete="list"
        aria-activedescendant={listbox.activeDescendant}
        aria-invalid={invalid || undefined}
        aria-required={required || undefined}
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
        onKeyDown={listbox.onKeyDown}
      />
      {current && !disabled && (
        <button type="button" className="icon" aria-label={`${t('reference.clear')}: ${label}`} onClick={() => onChoose(null)}>
          ×
        </button>
      )}
      {open && (
        <ul id={listbox.listId} role="listbox" className="options" aria-label={label}>
          {busy && !options.length && <li className="muted">{t('reference.searching')}</li>}
          {!busy && !options.length && <li className="muted">{t('reference.none')}</li>}
          {options.map((o, i) => (
            <li key={o.id} id={listbox.optionId(i)} role="option" aria-selected={i === listbox.active} onMouseDown={(e) => (e.preventDefault(), choose(o))}>
              {o.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
