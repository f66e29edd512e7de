import type { CreateTableAction, SchemaAction } from './actions.js'

/**
 * Reorders the create_table actions (in the slots they occupy) so that a referenced table
 * is created before the tables referring to it. Foreign keys are added after every table
 * exists anyway, so self-references and cycles only need a stable order, not a perfect one.
 */
export function orderCreateTables(actions: SchemaAction[]): SchemaAction[] {
  const creates = actions.filter((a): a is CreateTableAction => a.kind === 'create_table')
  if (creates.length < 2) return actions
  const byTable = new Map(creates.map((a) => [a.table, a]))
  const ordered: CreateTableAction[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (action: CreateTableAction) => {
    if (state.has(action.table)) return // done, or a cycle: break it here
    state.set(action.table, 'visiting')
    for (const fk of action.foreignKeys) {
      const target = byTable.get(fk.refTable)
      if (target && target !== action) visit(target)
    }
    state.set(action.table, 'done')
    ordered.push(action)
  }
  creates.forEach(visit)
  let next = 0
  return actions.map((a) => (a.kind === 'create_table' ? ordered[next++] : a))
}
