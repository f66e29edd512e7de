import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { UiBootstrap, UiEntity } from '../types/bootstrap.js'
import type { RecordData } from '../api/types.js'
import { useLabel } from '../labels.js'
import { cellValue, type Column } from '../list/columns.js'
import { displayOf } from '../api/references.js'
import { CellValue } from './CellValue.js'

interface Props {
  boot: UiBootstrap
  entity: UiEntity
  columns: Column[]
  rows: RecordData[]
  included: Record<string, Record<string, RecordData>>
  fresh: Set<string>
  sort?: string
  onSort(sort: string): void
}

/** The table: click a sortable header to sort (again to reverse); the first cell links to the record. */
export function ListTable({ entity, columns, rows, included, fresh, sort, onSort }: Props) {
  const { t } = useTranslation()
  const label = useLabel()
  const [sortField, sortDir] = sort ? (sort.startsWith('-') ? [sort.slice(1).split(',')[0], 'desc'] : [sort.split(',')[0], 'asc']) : [undefined, undefined]
  return (
    <table className="records">
      <thead>
        <tr>
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
          <tr key={row.id} className={fresh.has(row.id) ? 'fresh' : undefined}>
            {columns.map((c, i) => (
              <td key={c.path}>
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
