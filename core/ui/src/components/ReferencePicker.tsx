import { useCallback, useEffect, useState } from 'react'
import { useSession } from '../session/SessionContext.js'
import { knownName, loadNames, searchRecords } from '../api/references.js'
import { Combobox } from '../widgets/Combobox.js'

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
 * A searchable select over another entity: the combobox (arrows move, Enter picks, Escape
 * closes) over the records API's `q`; the chosen record shows by its name.
 */
export function ReferencePicker({ entityKey, value, onChange, label, id, disabled, required, invalid, describedBy, search }: Props) {
  const boot = useSession().boot!
  const [, rerender] = useState(0)

  useEffect(() => {
    if (value && !knownName(entityKey, value))
      void loadNames(boot, entityKey, [value])
        .then(() => rerender((n) => n + 1))
        .catch(() => {})
  }, [boot, entityKey, value])

  const load = useCallback((text: string) => (search ? search(text) : searchRecords(boot, entityKey, text)), [boot, entityKey, search])
  const current = value ? (knownName(entityKey, value) ?? `#${value.slice(0, 8)}`) : ''
  return (
    <Combobox
      id={id}
      label={label}
      current={current}
      load={load}
      onChoose={(option) => onChange(option ? option.id : null)}
      disabled={disabled}
      required={required}
      invalid={invalid}
      describedBy={describedBy}
      debounce={200}
    />
  )
}
