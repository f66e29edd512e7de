import type { EntityDoc } from '#core/shared/metadata'
import { fieldTypes } from '#core/schema/field_types'
import { ajv } from '#core/validation/ajv'
import { unsafePatternReason } from '#core/validation/safe_pattern'
import { SYSTEM_COLUMNS } from '#core/records/system_fields'
import { registerKind } from './registry.js'
import { checkValueSchema } from './value_schema.js'

const SEARCHABLE = new Set(['string', 'text', 'email', 'phone', 'url', 'enum'])

registerKind({
  kind: 'entity',
  check(doc, set, report) {
    const entity = doc as EntityDoc
    if (entity.key.startsWith('sys_')) report('/key', 'keys starting with sys_ are reserved for the engine')
    for (const [name, field] of Object.entries(entity.fields)) {
      const at = `/fields/${name}`
      if (SYSTEM_COLUMNS.has(name)) report(at, `"${name}" is a system column`)
      if (!fieldTypes.has(field.type)) {
        report(`${at}/type`, `unknown field type "${field.type}" (registered: ${fieldTypes.names().join(', ')})`)
        continue
      }
      if (field.type === 'reference' || field.type === 'multi_reference') {
        if (!field.to) report(at, `a ${field.type} needs "to"`)
        else if (!set.entity(field.to)) report(`${at}/to`, `no entity "${field.to}"`)
      } else if (field.to) report(`${at}/to`, 'only references have "to"')
      if (field.type === 'enum' && !field.options?.length) report(at, 'an enum needs "options"')
      field.deprecatedOptions?.forEach((o, i) => {
        if (!field.options?.includes(o)) report(`${at}/deprecatedOptions/${i}`, `"${o}" is not one of the options`)
      })
      if (field.search && !SEARCHABLE.has(field.type)) report(`${at}/search`, `a ${field.type} field cannot be searched`)
      if (field.pattern) {
        const unsafe = unsafePatternReason(field.pattern)
        if (unsafe) report(`${at}/pattern`, unsafe)
      }
      if (field.schema !== undefined) checkValueSchema(field, `${at}/schema`, report)
      if (field.default !== undefined) {
        const validate = ajv.compile(fieldTypes.get(field.type).jsonSchema(field))
        if (!validate(field.default)) report(`${at}/default`, 'default does not fit the field')
      }
    }
    if (entity.display && !entity.fields[entity.display]) report('/display', `no field "${entity.display}"`)
    entity.indexes?.forEach((index, i) =>
      index.forEach((f, j) => {
        if (!entity.fields[f] && !SYSTEM_COLUMNS.has(f)) report(`/indexes/${i}/${j}`, `no field "${f}"`)
      })
    )
    if (entity.table && entity.managed !== false) report('/table', 'only engine-owned entities (managed: false) name their table')
  },
})
