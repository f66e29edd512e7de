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

/** Fields only transitions may change, per entity. */
export function workflowFields(set: MetadataSet, entity: string): Set<string> {
  return new Set(set.list<WorkflowDoc>('workflow').filter((w) => w.entity === entity).map((w) => w.field))
}
