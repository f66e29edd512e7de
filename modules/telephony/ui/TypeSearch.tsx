import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { get } from '../../../core/ui/src/api/client.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import type { RequestType } from './api.js'

/**
 * The request type by words (every word starts a word of the label or keywords), the most
 * used first, the types usual at the address on top: a combobox with a listbox, arrows to move,
 * Enter to choose.
 */
export function TypeSearch({ usual, onChoose, autoFocus }: { usual: string[]; onChoose(type: RequestType): void; autoFocus?: boolean }) {
  const { t } = useTranslation()
  const label = useLabel()
  const id = useId()
  const [q, setQ] = useState('')
  const [types, setTypes] = useState<RequestType[]>([])
  const [active, setActive] = useState(0)
  const input = useRef<HTMLInputElement>(null)
  const usualKey = usual.join(',')

  useEffect(() => {
    let live = true
    const timer = setTimeout(async () => {
      const res = await get<{ data: RequestType[] }>(`/api/v1/actions/servicedesk.request_types?channel=phone&q=${encodeURIComponent(q)}`).catch(() => ({ data: [] }))
      if (!live) return
      const rank = (k: string) => (usual.includes(k) ? usual.indexOf(k) : usual.length)
      setTypes([...res.data].sort((a, b) => rank(a.key) - rank(b.key)).slice(0, 12))
      setActive(0)
    }, 120)
    return () => ((live = false), clearTimeout(timer))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, usualKey])
  useEffect(() => {
    if (autoFocus) input.current?.focus()
  }, [autoFocus])

  function onKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') (e.preventDefault(), setActive((a) => Math.min(a + 1, types.length - 1)))
    else if (e.key === 'ArrowUp') (e.preventDefault(), setActive((a) => Math.max(a - 1, 0)))
    else if (e.key === 'Enter' && types[active]) (e.preventDefault(), onChoose(types[active]))
    else if (e.key === 'Escape' && q) (e.preventDefault(), setQ('')) // a second Esc closes the card
  }

  return (
    <div className="type-search">
      <label htmlFor={`${id}-q`} className="control-label">
        {t('desk.typeSearch')}
      </label>
      <input
        id={`${id}-q`}
        ref={input}
        type="text"
        role="combobox"
        aria-expanded={types.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={types[active] ? `${id}-o${active}` : undefined}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={onKey}
      />
      <span id={`${id}-hint`} className="muted small">
        {t('desk.typeHint')}
      </span>
      <ul id={`${id}-list`} role="listbox" aria-label={t('desk.types')} className="type-list">
        {types.map((rt, i) => (
          <li key={rt.key} id={`${id}-o${i}`} role="option" aria-selected={i === active} onMouseDown={(e) => e.preventDefault()} onClick={() => onChoose(rt)}>
            {label(rt.label)}
            {usual.includes(rt.key) && <span className="tag">{t('desk.usual')}</span>}
          </li>
        ))}
      </ul>
    </div>
  )
}
