import { useEffect, useRef } from 'react'
import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { UiBootstrap, UiEntity } from '../types/bootstrap.js'
import type { RecordData } from '../api/types.js'
import { useLabel } from '../labels.js'
import { cellValue, type Column } from '../list/columns.js'
import { displayOf } from '../api/references.js'
import { CellValue } from './CellValue.js'
import { cellClass } from '../extensions.js'

interface Props {
  boot: UiBootstrap
  entity: UiEntity
  columns: Column[]
  rows: RecordData[]
  included: Record<string, Record<string, RecordData>>
  fresh: Set<string>
  sort?: string
  onSort(sort: string): void
  /** Row selection for bulk actions: a checkbox per row and one for the whole page. */
  selected?: ReadonlySet<string>
  onSelect?(ids: string[], on: boolean): void
}

/** The table: click a sortable header to sort (again to reverse); the first cell links to the record. */
export function ListTable({ entity, columns, rows, included, fresh, sort, onSort, selected, onSelect }: Props) {
  const { t } = useTranslation()
  const label = useLabel()
  const [sortField, sortDir] = sort ? (sort.startsWith('-') ? [sort.slice(1).split(',')[0], 'desc'] : [sort.split(',')[0], 'asc']) : [undefined, undefined]
  return (
    <table className="records">
      <thead>
        <tr>
          {onSelect && (
            <th scope="col" className="select">
              <SelectAll rows={rows} selected={selected} onSelect={onSelect} label={t('lists.select.all')} />
            </th>
          )}
          {columns.map((c) => {
            const active = c.path === sortField
            const ariaSort = active ? (sortDir === 'desc' ? 'descending' : 'ascending') : undefined
            return (
              <th key={c.path} scope="col" aria-sort={ariaSort}>
                {c.sortable ? (
                  <button type="button" className="sort" onClick={() => onSort(active && sortDir === 'asc' ? `-${c.path}` : c.path)}>
                    {label(c.field?.label, c.path)}
                    <span aria-hidden="true">{active ? (sortDir === 'desc' ? ' ▼' : ' ▲') : ''}</span>
                    {active && <span className="sr-only"> ({sortDir === 'desc' ? t('list.sortDesc') : t('list.sortAsc')})</span>}
                  </button>
                ) : (
                  label(c.field?.label, c.path)
                )}
              </th>
            )
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} className={[fresh.has(row.id) ? 'fresh' : '', selected?.has(row.id) ? 'selected' : ''].join(' ').trim() || undefined}>
            {onSelect && (
              <td className="select">
                <input type="checkbox" aria-label={t('lists.select.row', { name: displayOf(entity, row) })} checked={!!selected?.has(row.id)} onChange={(e) => onSelect([row.id], e.target.checked)} />
              </td>
            )}
            {columns.map((c, i) => (
              <td key={c.path} className={cellClass(entity.key, c.path, row)}>
                {i === 0 ? (
                  <Link href={`/${entity.key}/${row.id}`} className="open">
                    {c.path === entity.display || !cellValue(c, row, included) ? displayOf(entity, row) : <CellValue field={c.field} value={cellValue(c, row, included)} />}
                  </Link>
                ) : (
                  <CellValue field={c.field} value={cellValue(c, row, included)} />
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The page's checkbox: checked when every row is selected, mixed when some are. */
function SelectAll({ rows, selected, onSelect, label }: { rows: RecordData[]; selected?: ReadonlySet<string>; onSelect(ids: string[], on: boolean): void; label: string }) {
  const ref = useRef<HTMLInputElement>(null)
  const count = rows.filter((r) => selected?.has(r.id)).length
  const all = rows.length > 0 && count === rows.length
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = count > 0 && !all
  }, [count, all])
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={label}
      checked={all}
      disabled={!rows.length}
      onChange={() =>
        onSelect(
          rows.map((r) => r.id),
          !all
        )
      }
    />
  )
}
