import { validateFilter } from '#core/filter/index'
import { automationAction } from '#core/automation/actions'
import { automationEventLabels, type AutomationDoc } from '#core/automation/trigger'
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
    if (a.on.event === 'schedule') report('/on/event', 'scheduled automations are not supported yet')
    if (a.condition) for (const e of validateFilter(filterSchemaOf(set), a.entity, a.condition, { reverse: false })) report(`/condition${e.pointer}`, e.message)
    a.actions.forEach((action, i) => {
      const def = automationAction(action.type)
      if (!def) return report(`/actions/${i}/type`, `unknown action "${action.type}"`)
      const validate = ajv.compile(def.schema)
      if (!validate(action)) report(`/actions/${i}${validate.errors?.[0]?.instancePath ?? ''}`, validate.errors?.[0]?.message ?? 'invalid')
      for (const key of ['field', 'fromField', 'userField'] as const) {
        const f = action[key]
        if (typeof f === 'string' && !entity.fields[f]) report(`/actions/${i}/${key}`, `no field "${f}" in ${a.entity}`)
      }
      if (typeof action.role === 'string' && !set.get('role', action.role)) report(`/actions/${i}/role`, `no role "${action.role}"`)
    })
  },
})
