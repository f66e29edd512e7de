import type { WorkflowDoc } from '#core/shared/metadata'
import type { MetadataSet } from '#core/metadata/set'

/** Picks the workflow of a record when an entity has several (e.g. by request type). */
export type WorkflowResolver = (set: MetadataSet, record: Record<string, unknown>) => string | undefined

const resolvers = new Map<string, WorkflowResolver>()

export function registerWorkflowResolver(entity: string, resolver: WorkflowResolver) {
  resolvers.set(entity, resolver)
}

/** The workflow a record follows: the entity's resolver's choice, else the entity's default. */
export function workflowFor(set: MetadataSet, entity: string, record: Record<string, unknown>): WorkflowDoc | undefined {
  const chosen = resolvers.get(entity)?.(set, record)
  if (chosen) {
    const doc = set.get<WorkflowDoc>('workflow', chosen)
    if (doc && doc.entity === entity) return doc
  }
  return set.list<WorkflowDoc>('workflow').find((w) => w.entity === entity && w.default)
}

const controlled = new WeakMap<MetadataSet, Map<string, Set<string>>>()

/** Fields only transitions may change, per entity (computed once per published revision: every write asks). */
export function workflowFields(set: MetadataSet, entity: string): ReadonlySet<string> {
  let perSet = controlled.get(set)
  if (!perSet) {
    perSet = new Map()
    for (const w of set.list<WorkflowDoc>('workflow')) {
      const fields = perSet.get(w.entity) ?? new Set<string>()
      fields.add(w.field)
      perSet.set(w.entity, fields)
    }
    controlled.set(set, perSet)
  }
  return perSet.get(entity) ?? EMPTY
}

const EMPTY: ReadonlySet<string> = new Set()
