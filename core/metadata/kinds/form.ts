import type { FormDoc } from '#core/shared/metadata'
import { registerKind } from './registry.js'

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
  },
})
