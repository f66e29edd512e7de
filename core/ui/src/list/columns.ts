import type { UiBootstrap, UiEntity } from '../types/bootstrap.js'
import type { RecordData } from '../api/types.js'
import type { ColumnField } from '../components/CellValue.js'

export interface Column {
  path: string
  field?: ColumnField
  /** Top-level, sortable columns only. */
  sortable: boolean
  /** `reference.field` columns read the referenced record from `included`. */
  via?: { reference: string; entity: string }
}

/** The view's columns resolved against what the user may read (unreadable ones are dropped). */
export function resolveColumns(boot: UiBootstrap, entity: UiEntity, paths: string[]): Column[] {
  const out: Column[] = []
  for (const path of paths) {
    const [head, ...rest] = path.split('.')
    const own = entity.fields[head] ?? entity.systemFields[head]
    if (!own) continue
    if (!rest.length) {
      out.push({ path, field: { ...own, workflowState: entity.workflow?.field === head }, sortable: 'sortable' in own ? own.sortable : true })
      continue
    }
    const ref = entity.fields[head]
    const target = ref?.to ? boot.entities.find((e) => e.key === ref.to) : undefined
    const field = target?.fields[rest.join('.')] ?? target?.systemFields[rest.join('.')]
    if (target && field)
      out.push({
        path,
        field: { ...field, label: { uk: `${ref!.label.uk} › ${field.label.uk}`, en: `${ref!.label.en ?? ref!.label.uk} › ${field.label.en ?? field.label.uk}` } },
        sortable: false,
        via: { reference: head, entity: target.key },
      })
  }
  return out
}

/** Reference fields to `include` so the table can name referenced records. */
export function includesFor(entity: UiEntity, columns: Column[]): string[] {
  const names = new Set<string>()
  for (const c of columns) {
    const head = c.via?.reference ?? c.path
    const f = entity.fields[head]
    if (f?.type === 'reference' && f.toReadable) names.add(head)
  }
  return [...names]
}

export function cellValue(column: Column, record: RecordData, included: Record<string, Record<string, RecordData>> | undefined): unknown {
  if (!column.via) return record[column.path]
  const id = record[column.via.reference]
  const target = typeof id === 'string' ? included?.[column.via.entity]?.[id] : undefined
  return target?.[column.path.split('.').slice(1).join('.')]
}
