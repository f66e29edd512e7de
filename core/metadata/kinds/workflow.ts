import type { WorkflowDoc } from '#core/shared/metadata'
import { validateFilter } from '#core/filter/index'
import { workflowAction } from '#core/workflow/actions'
import { ajv } from '#core/validation/ajv'
import { filterSchemaOf } from '../filter_schema.js'
import { registerKind } from './registry.js'

const FINAL = new Set(['closed', 'cancelled'])

/** States no chain of transitions leads to from the initial one (records could never get there). */
export function unreachableStates(wf: Pick<WorkflowDoc, 'initial' | 'states' | 'transitions'>): string[] {
  const seen = new Set([wf.initial])
  for (let grew = true; grew;) {
    grew = false
    for (const t of Object.values(wf.transitions)) {
      if (!seen.has(t.to) && t.from.some((s) => seen.has(s))) {
        seen.add(t.to)
        grew = true
      }
    }
  }
  return Object.keys(wf.states).filter((s) => !seen.has(s))
}

registerKind({
  kind: 'workflow',
  check(doc, set, report) {
    const wf = doc as WorkflowDoc
    const entity = set.entity(wf.entity)
    if (!entity) return report('/entity', `no entity "${wf.entity}"`)
    const stateField = entity.fields[wf.field]
    if (!stateField) report('/field', `no field "${wf.field}" in ${wf.entity}`)
    else if (stateField.type !== 'string' && stateField.type !== 'enum') report('/field', 'the state field must be a string or an enum')
    else if (stateField.type === 'enum') {
      for (const s of Object.keys(wf.states)) if (!stateField.options?.includes(s)) report(`/states/${s}`, `"${s}" is not an option of ${wf.entity}.${wf.field}`)
    }
    if (!wf.states[wf.initial]) report('/initial', `no state "${wf.initial}"`)
    else for (const s of unreachableStates(wf)) report(`/states/${s}`, `state "${s}" cannot be reached from the initial state "${wf.initial}"`)
    if (!Object.values(wf.states).some((s) => FINAL.has(s.category))) report('/states', 'no final state: add one of category "closed" or "cancelled"')
    if (wf.default && set.list<WorkflowDoc>('workflow').some((o) => o.key !== wf.key && o.default && o.entity === wf.entity)) {
      report('/default', `another default workflow exists for ${wf.entity}`)
    }
    for (const [key, t] of Object.entries(wf.transitions)) {
      const at = `/transitions/${key}`
      t.from.forEach((s, i) => {
        if (!wf.states[s]) report(`${at}/from/${i}`, `no state "${s}"`)
      })
      if (!wf.states[t.to]) report(`${at}/to`, `no state "${t.to}"`)
      t.roles?.forEach((r, i) => {
        if (!set.get('role', r)) report(`${at}/roles/${i}`, `no role "${r}"`)
      })
      for (const list of ['requiredFields', 'fields'] as const) {
        t[list]?.forEach((f, i) => {
          if (!entity.fields[f]) report(`${at}/${list}/${i}`, `no field "${f}" in ${wf.entity}`)
          if (f === wf.field) report(`${at}/${list}/${i}`, 'the state field is set by the transition itself')
        })
      }
      if (t.guard) for (const e of validateFilter(filterSchemaOf(set), wf.entity, t.guard, { reverse: false })) report(`${at}/guard${e.pointer}`, e.message)
      t.actions?.forEach((a, i) => {
        const action = workflowAction(a.type)
        if (!action) return report(`${at}/actions/${i}/type`, `unknown action "${a.type}"`)
        const validate = ajv.compile(action.schema)
        if (!validate(a)) report(`${at}/actions/${i}${validate.errors?.[0]?.instancePath ?? ''}`, validate.errors?.[0]?.message ?? 'invalid')
        if (typeof a.field === 'string' && !entity.fields[a.field]) report(`${at}/actions/${i}/field`, `no field "${a.field}" in ${wf.entity}`)
      })
    }
  },
})
