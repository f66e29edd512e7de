import { validateFilter } from '#core/filter/index'
import { automationAction } from '#core/automation/actions'
import { automationEventLabels, type AutomationDoc } from '#core/automation/trigger'
import { cronProblem } from '#core/automation/schedule'
import { ajv } from '#core/validation/ajv'
import { filterSchemaOf } from '../filter_schema.js'
import { registerKind } from './registry.js'

registerKind({
  kind: 'automation',
  check(doc, set, report) {
    const a = doc as AutomationDoc
    const entity = set.entity(a.entity)
    if (!entity) return report('/entity', `no entity "${a.entity}"`)
    if (!automationEventLabels().has(a.on.event)) return report('/on/event', `unknown event "${a.on.event}" (known: ${[...automationEventLabels().keys()].join(', ')})`)
    if (a.on.event === 'field_changed' && (!a.on.field || !entity.fields[a.on.field])) report('/on/field', `field_changed needs a field of ${a.entity}`)
    const scheduled = a.on.event === 'schedule'
    if (scheduled) {
      const problem = cronProblem(a.on.cron)
      if (problem) report('/on/cron', problem)
      // a tick has no record to test: the figures it sends are filtered by their report
      if (a.condition) report('/condition', 'a scheduled automation has no record to test: filter in the report instead')
    } else if (a.on.cron !== undefined) report('/on/cron', 'only a schedule has a cron expression')
    if (a.condition && !scheduled) for (const e of validateFilter(filterSchemaOf(set), a.entity, a.condition, { reverse: false })) report(`/condition${e.pointer}`, e.message)
    a.actions.forEach((action, i) => {
      const def = automationAction(action.type)
      if (!def) return report(`/actions/${i}/type`, `unknown action "${action.type}"`)
      if (scheduled && !def.runScheduled) return report(`/actions/${i}/type`, `"${action.type}" needs a record: it cannot run on a schedule`)
      if (!scheduled && !def.run) return report(`/actions/${i}/type`, `"${action.type}" runs only on a schedule`)
      const validate = ajv.compile(def.schema)
      if (!validate(action)) report(`/actions/${i}${validate.errors?.[0]?.instancePath ?? ''}`, validate.errors?.[0]?.message ?? 'invalid')
      else for (const p of def.check?.(action, set) ?? []) report(`/actions/${i}${p.pointer}`, p.message)
      for (const key of ['field', 'fromField', 'userField'] as const) {
        const f = action[key]
        if (typeof f === 'string' && !entity.fields[f]) report(`/actions/${i}/${key}`, `no field "${f}" in ${a.entity}`)
      }
      if (typeof action.role === 'string' && !set.get('role', action.role)) report(`/actions/${i}/role`, `no role "${action.role}"`)
    })
  },
})
