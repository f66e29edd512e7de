import type { FormDoc } from '#core/shared/metadata'
import type { Filter } from '#core/shared/filter'
import { validateFilter } from '#core/filter/index'
import { filterSchemaOf } from '../filter_schema.js'
import { registerKind } from './registry.js'

const CONDITIONS = ['visibleIf', 'requiredIf', 'readOnlyIf'] as const

registerKind({
  kind: 'form',
  check(doc, set, report) {
    const form = doc as FormDoc
    const entity = set.entity(form.entity)
    if (!entity) return report('/entity', `no entity "${form.entity}"`)
    const seen = new Set<string>()
    form.sections.forEach((section, i) =>
      section.fields.forEach((field, j) => {
        if (!entity.fields[field]) report(`/sections/${i}/fields/${j}`, `no field "${field}" in ${form.entity}`)
        if (seen.has(field)) report(`/sections/${i}/fields/${j}`, `"${field}" appears twice`)
        seen.add(field)
      })
    )
    const schema = filterSchemaOf(set)
    for (const [field, options] of Object.entries(form.fieldOptions ?? {})) {
      const at = `/fieldOptions/${field}`
      if (!entity.fields[field]) report(at, `no field "${field}" in ${form.entity}`)
      for (const name of CONDITIONS) {
        const filter = options[name]
        if (!filter) continue
        const errors = validateFilter(schema, form.entity, filter, { reverse: false })
        for (const e of errors) report(`${at}/${name}${e.pointer}`, e.message)
        // the form evaluates conditions in the browser on the values being typed
        if (!errors.length) for (const path of paths(filter)) if (path.includes('.')) report(`${at}/${name}`, `conditions name fields of this record, not "${path}"`)
      }
    }
  },
})

function paths(filter: Filter): string[] {
  if ('and' in filter && Array.isArray(filter.and)) return filter.and.flatMap(paths)
  if ('or' in filter && Array.isArray(filter.or)) return filter.or.flatMap(paths)
  if ('not' in filter && filter.not && typeof filter.not === 'object' && !Array.isArray(filter.not)) return paths(filter.not as Filter)
  return Object.keys(filter)
}
