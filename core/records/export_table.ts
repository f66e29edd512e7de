import type { EntityDoc, FieldDef, Label, WorkflowDoc } from '#core/shared/metadata'
import type { FieldError } from '#core/shared/problem'
import { invalid } from '#core/errors/problem'
import { accessFor } from '#core/permissions/policy'
import { entityFor, type OpContext } from './context.js'
import { list, MAX_LIMIT, type ListParams } from './read.js'
import { columnReadable } from './saved_filters.js'
import { SYSTEM_FIELD_DEFS } from './system_fields.js'

export const MAX_EXPORT_ROWS = 100_000

type Locale = 'uk' | 'en'

/** A cell as the user sees it: text, a number, a yes/no word, a date, or empty. */
export type Cell = string | number | Date | null

interface ExportColumn {
  path: string
  header: string
  def: FieldDef
  /** `reference.field`: read from the referenced record. */
  via?: { reference: string; entity: string; field: string }
  /** value → label: enum options, workflow states, metadata documents named by key. */
  labels?: Map<string, Label>
  /** A reference column: shown by the referenced record's display field. */
  display?: { entity: string; field: string }
}

const text = (l: Label | undefined, locale: Locale, fallback: string) => (l ? (locale === 'en' ? (l.en ?? l.uk) : l.uk) : fallback)

/**
 * Formula injection guard shared by CSV and XLSX: text starting with = + - @ (or a tab or
 * carriage return) gets a leading apostrophe, so spreadsheets show it as text.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

function labelsOf(ctx: OpContext, entity: EntityDoc, name: string, def: FieldDef): Map<string, Label> | undefined {
  if (def.options) return new Map(def.options.map((v) => [v, def.optionLabels?.[v] ?? { uk: v }]))
  const workflows = ctx.set.list<WorkflowDoc>('workflow').filter((w) => w.entity === entity.key && w.field === name)
  if (workflows.length) return new Map(workflows.flatMap((w) => Object.entries(w.states).map(([k, s]) => [k, s.label] as [string, Label])))
  if (def.type === 'string' && !['entity', 'role', 'form', 'view', 'workflow'].includes(name)) {
    const docs = ctx.set.list(name)
    if (docs.length) return new Map(docs.map((d) => [d.key, ((d as any).label as Label) ?? { uk: d.key }]))
  }
  return undefined
}

/** The columns asked for, each readable by the actor, with headers in the UI's language. */
function resolve(ctx: OpContext, entity: EntityDoc, paths: string[], locale: Locale): ExportColumn[] {
  const errors: FieldError[] = []
  const out: ExportColumn[] = []
  paths.forEach((path, i) => {
    if (!columnReadable(ctx, entity.key, path)) return errors.push({ pointer: `/columns/${i}`, message: `no field "${path}"`, code: 'unknown_field' })
    const [head, field] = path.split('.')
    const own = entity.fields[head] ?? SYSTEM_FIELD_DEFS[head]
    if (!field) {
      const target = own.type === 'reference' && entity.fields[head] ? ctx.set.entity(own.to!) : undefined
      const display =
        target?.display && accessFor(ctx.set, ctx.actor, target.key).can('read') && !accessFor(ctx.set, ctx.actor, target.key).hidden.has(target.display)
          ? { entity: target.key, field: target.display }
          : undefined
      out.push({ path, header: text(own.label, locale, head), def: own, labels: labelsOf(ctx, entity, head, own), display })
      return
    }
    const target = ctx.set.entity(own.to!)!
    const def = target.fields[field] ?? SYSTEM_FIELD_DEFS[field]
    out.push({
      path,
      header: `${text(own.label, locale, head)} › ${text(def.label, locale, field)}`,
      def,
      via: { reference: head, entity: target.key, field },
      labels: labelsOf(ctx, target, field, def),
    })
  })
  if (errors.length) throw invalid(errors)
  return out
}

function cell(column: ExportColumn, raw: unknown, included: Record<string, Record<string, any>>, locale: Locale): Cell {
  if (raw === null || raw === undefined || raw === '') return null
  if (column.display && typeof raw === 'string') {
    const shown = included[column.display.entity]?.[raw]?.[column.display.field]
    return shown === null || shown === undefined ? raw : neutralise(String(shown))
  }
  if (column.labels && typeof raw === 'string') return neutralise(text(column.labels.get(raw), locale, raw))
  if (typeof raw === 'boolean') return raw ? (locale === 'en' ? 'Yes' : 'Так') : locale === 'en' ? 'No' : 'Ні'
  if (typeof raw === 'number') return raw
  if (raw instanceof Date) return raw
  if (column.def.type === 'datetime' && typeof raw === 'string') {
    const d = new Date(raw)
    return Number.isNaN(d.getTime()) ? neutralise(raw) : d
  }
  if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) return neutralise(raw.join(', '))
  return neutralise(typeof raw === 'object' ? JSON.stringify(raw) : String(raw))
}

export interface ExportTable {
  headers: string[]
  /** Types of the columns, for number and date formats. */
  types: string[]
  /** Rows page by page, the first page already read (so bad parameters fail before any output). */
  pages: AsyncGenerator<Cell[][]>
}

/**
 * The rows of the current filter, sort and search as the actor may read them (row scope and
 * hidden fields applied by `list`), reduced to the given columns and formatted as the list
 * shows them: option and state labels, referenced records by name, yes/no words.
 */
export async function exportTable(ctx: OpContext, entityKey: string, params: ListParams, paths: string[], locale: Locale): Promise<ExportTable> {
  const { entity } = entityFor(ctx, entityKey, 'export')
  const columns = resolve(ctx, entity, paths, locale)
  const include = [...new Set(columns.flatMap((c) => (c.via ? [c.via.reference] : c.display ? [c.path] : [])))]
  const read = (cursor?: string) => list(ctx, entityKey, { ...params, cursor, limit: MAX_LIMIT, count: false, include: include.length ? include : undefined, fields: undefined })
  const toRows = (page: Awaited<ReturnType<typeof list>>) =>
    page.data.map((r) =>
      columns.map((c) => {
        if (!c.via) return cell(c, r[c.path], page.included ?? {}, locale)
        const id = r[c.via.reference]
        const target = typeof id === 'string' ? page.included?.[c.via.entity]?.[id] : undefined
        return cell(c, target?.[c.via.field], {}, locale)
      })
    )
  const first = await read(params.cursor)
  async function* pages() {
    let page = first
    let count = 0
    while (true) {
      const rows = toRows(page).slice(0, MAX_EXPORT_ROWS - count)
      count += rows.length
      yield rows
      if (!page.nextCursor || count >= MAX_EXPORT_ROWS) return
      page = await read(page.nextCursor)
    }
  }
  return { headers: columns.map((c) => neutralise(c.header)), types: columns.map((c) => c.def.type), pages: pages() }
}
