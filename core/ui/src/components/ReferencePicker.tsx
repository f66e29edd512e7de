import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useSession } from '../session/SessionContext.js'
import { knownName, loadNames, searchRecords } from '../api/references.js'

interface Props {
  entityKey: string
  value: string | null
  onChange(id: string | null): void
  label: string
  id?: string
  disabled?: boolean
  required?: boolean
  invalid?: boolean
  describedBy?: string
  /** Finds the choices instead of searching the whole entity (a module's reference source). */
  search?(text: string): Promise<Array<{ id: string; name: string }>>
}

/**
 * A searchable select over another entity (ARIA combobox): typing searches the records API
 * with `q`, arrows move, Enter picks, Escape closes; the chosen record shows by its name.
 */
export function ReferencePicker({ entityKey, value, onChange, label, id, disabled, required, invalid, describedBy, search }: Props) {
  const { t } = useTranslation()
  const boot = useSession().boot!
  const listId = useId()
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [options, setOptions] = useState<Array<{ id: string; name: string }>>([])
  const [active, setActive] = useState(0)
  const [busy, setBusy] = useState(false)
  const [, rerender] = useState(0)
  const seq = useRef(0)

  useEffect(() => {
    if (value && !knownName(entityKey, value)) void loadNames(boot, entityKey, [value]).then(() => rerender((n) => n + 1)).catch(() => {})
  }, [boot, entityKey, value])

  useEffect(() => {
    if (!open) return
    const mine = ++seq.current
    setBusy(true)
    const timer = setTimeout(() => {
      ;(search ? search(text) : searchRecords(boot, entityKey, text))
        .then((found) => mine === seq.current && (setOptions(found), setActive(0)))
        .catch(() => mine === seq.current && setOptions([]))
        .finally(() => mine === seq.current && setBusy(false))
    }, 200)
    return () => clearTimeout(timer)
  }, [boot, entityKey, text, open])

  const choose = (option: { id: string; name: string } | undefined) => {
    if (!option) return
    onChange(option.id)
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
    } else if (e.key === 'Escape') {
      setOpen(false)
    }
  }
  const current = value ? knownName(entityKey, value) ?? `#${value.slice(0, 8)}` : ''
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
        aria-required={required || undefined}
        aria-describedby={describedBy}
        disabled={disabled}
        placeholder={current || t('reference.search')}
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
      {value && !disabled && (
        <button type="button" className="icon" aria-label={`${t('reference.clear')}: ${label}`} onClick={() => onChange(null)}>
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
