import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api, ApiError, get, patch, post } from '../api/client.js'
import { savedBody, stateOf, type ListState, type SavedFilter } from '../list/saved.js'
import { ProblemAlert } from './ProblemAlert.js'

interface Props {
  entity: string
  view: string
  current: ListState
  activeId?: string
  onApply(state: ListState, id: string | undefined): void
}

const path = '/api/v1/ui/saved-filters'

/**
 * The user's own saved filters of this view, above the table: apply one with a click, save the
 * current filter, sort, search and columns under a name, rename, update or delete.
 */
export function ListSavedFilters({ entity, view, current, activeId, onApply }: Props) {
  const { t } = useTranslation()
  const [items, setItems] = useState<SavedFilter[]>([])
  const [naming, setNaming] = useState<{ id?: string; name: string } | null>(null)
  const [error, setError] = useState<unknown>()
  const [notice, setNotice] = useState('')

  useEffect(() => {
    let live = true
    get<{ data: SavedFilter[] }>(`${path}?entity=${encodeURIComponent(entity)}&view=${encodeURIComponent(view)}`)
      .then((r) => live && setItems(r.data))
      .catch((e) => live && setError(e))
    return () => {
      live = false
    }
  }, [entity, view])

  const sorted = (list: SavedFilter[]) => [...list].sort((a, b) => a.name.localeCompare(b.name, 'uk'))

  async function submitName(e: FormEvent) {
    e.preventDefault()
    if (!naming) return
    setError(undefined)
    try {
      if (naming.id) {
        const { data } = await patch<{ data: SavedFilter }>(`${path}/${naming.id}`, { name: naming.name })
        setItems((l) => sorted(l.map((x) => (x.id === data.id ? data : x))))
      } else {
        const { data } = await post<{ data: SavedFilter }>(path, { entity, view, name: naming.name, ...savedBody(current) })
        setItems((l) => sorted([...l, data]))
        onApply(stateOf(data), data.id)
        setNotice(t('lists.saved.saved', { name: data.name }))
      }
      setNaming(null)
    } catch (err) {
      setError(err)
    }
  }

  async function refresh(item: SavedFilter) {
    setError(undefined)
    try {
      const { data } = await patch<{ data: SavedFilter }>(`${path}/${item.id}`, savedBody(current))
      setItems((l) => l.map((x) => (x.id === data.id ? data : x)))
      setNotice(t('lists.saved.saved', { name: data.name }))
    } catch (err) {
      setError(err)
    }
  }

  async function remove(item: SavedFilter) {
    setError(undefined)
    try {
      await api('DELETE', `${path}/${item.id}`)
      setItems((l) => l.filter((x) => x.id !== item.id))
      if (activeId === item.id) onApply({ conditions: [], q: '', sort: undefined, columns: undefined }, undefined)
    } catch (err) {
      setError(err)
    }
  }

  const nameError = error instanceof ApiError ? error.errors.find((x) => x.pointer === '/name')?.message : undefined
  const nameForm = (label: string) => (
    <form className="saved-name" onSubmit={(e) => void submitName(e)}>
      <input
        aria-label={label}
        value={naming?.name ?? ''}
        autoFocus
        maxLength={120}
        aria-invalid={nameError ? true : undefined}
        onChange={(e) => setNaming((n) => n && { ...n, name: e.target.value })}
        onKeyDown={(e) => e.key === 'Escape' && setNaming(null)}
      />
      <button type="submit" className="primary">
        {t('lists.saved.confirm')}
      </button>
      <button type="button" onClick={() => setNaming(null)}>
        {t('lists.saved.cancel')}
      </button>
    </form>
  )

  return (
    <section className="saved-filters" aria-labelledby="saved-filters-title">
      <h2 id="saved-filters-title">{t('lists.saved.title')}</h2>
      <ul>
        {items.map((item) =>
          naming?.id === item.id ? (
            <li key={item.id}>{nameForm(t('lists.saved.newName', { name: item.name }))}</li>
          ) : (
            <li key={item.id} className={item.id === activeId ? 'active' : undefined}>
              <button type="button" className="chip" aria-pressed={item.id === activeId} title={t('lists.saved.apply', { name: item.name })} onClick={() => onApply(stateOf(item), item.id)}>
                {item.name}
              </button>
              {item.id === activeId && (
                <button
                  type="button"
                  className="icon"
                  aria-label={t('lists.saved.update', { name: item.name })}
                  title={t('lists.saved.update', { name: item.name })}
                  onClick={() => void refresh(item)}
                >
                  ↻
                </button>
              )}
              <button
                type="button"
                className="icon"
                aria-label={t('lists.saved.rename', { name: item.name })}
                title={t('lists.saved.rename', { name: item.name })}
                onClick={() => setNaming({ id: item.id, name: item.name })}
              >
                ✎
              </button>
              <button type="button" className="icon" aria-label={t('lists.saved.remove', { name: item.name })} title={t('lists.saved.remove', { name: item.name })} onClick={() => void remove(item)}>
                ×
              </button>
            </li>
          )
        )}
        {!items.length && <li className="muted">{t('lists.saved.none')}</li>}
        <li>
          {naming && !naming.id ? (
            nameForm(t('lists.saved.name'))
          ) : (
            <button type="button" className="link" onClick={() => setNaming({ name: '' })}>
              + {t('lists.saved.save')}
            </button>
          )}
        </li>
        {activeId && (
          <li>
            <button type="button" className="link" onClick={() => onApply({ conditions: [], q: '', sort: undefined, columns: undefined }, undefined)}>
              {t('lists.saved.reset')}
            </button>
          </li>
        )}
      </ul>
      <ProblemAlert error={error} messages={nameError ? [nameError] : error instanceof ApiError ? error.errors.map((x) => `${x.pointer}: ${x.message}`) : undefined} />
      <p className="sr-only" role="status">
        {notice}
      </p>
    </section>
  )
}
