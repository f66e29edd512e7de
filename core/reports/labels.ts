import type { Knex } from 'knex'
import type { FieldDef, Label, WorkflowDoc } from '#core/shared/metadata'
import type { MetadataSet } from '#core/metadata/set'
import { accessFor } from '#core/permissions/policy'
import { from, scoped, type OpContext } from '#core/records/context'

/** Names of a field's stored values that metadata alone does not give (a request type's label). */
export type LabelSource = (set: MetadataSet, values: string[]) => Record<string, Label>

const sources = new Map<string, LabelSource>()

/**
 * Lets a module name the values of one field in report results, e.g. the service desk names
 * `ticket.request_type` by its request types' labels.
 */
export function registerLabelSource(entity: string, field: string, source: LabelSource) {
  sources.set(`${entity}.${field}`, source)
}

/** Labels of the values of a non-reference field: enum options, workflow states, a module's source. */
export function valueLabels(set: MetadataSet, entity: string, fieldKey: string, field: FieldDef, values: string[]): Record<string, Label> {
  const out: Record<string, Label> = {}
  if (field.type === 'enum') for (const v of values) out[v] = field.optionLabels?.[v] ?? { uk: v, en: v }
  for (const wf of set.list<WorkflowDoc>('workflow')) {
    if (wf.entity !== entity || wf.field !== fieldKey) continue
    for (const v of values) if (wf.states[v] && !out[v]) out[v] = wf.states[v].label
  }
  const source = sources.get(`${entity}.${fieldKey}`)
  if (source)
    Object.assign(
      out,
      source(
        set,
        values.filter((v) => !out[v])
      )
    )
  return out
}

/**
 * Display values of referenced records the viewer may read (its scope, not soft-deleted, the
 * display field not hidden); records it may not read get no label.
 */
export async function displayLabels(op: OpContext, entityKey: string, ids: string[]): Promise<Record<string, string>> {
  const target = op.set.entity(entityKey)
  if (!target || !ids.length) return {}
  const access = accessFor(op.set, op.actor, target.key)
  if (!access.can('read') || !target.display || access.hidden.has(target.display)) return {}
  const qb = from(op, target, 't').select('t.id', `t.${target.display} as label`).whereIn('t.id', ids) as Knex.QueryBuilder
  scoped(op, qb, target, access, 'read')
  const out: Record<string, string> = {}
  for (const row of await qb) if (row.label !== null && row.label !== undefined) out[row.id] = String(row.label)
  return out
}
