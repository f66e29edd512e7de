import type { ViewDoc } from '#core/shared/metadata'
import { validateFilter } from '#core/filter/index'
import { filterSchemaOf } from '../filter_schema.js'
import { resolvePath } from '../paths.js'
import { registerKind } from './registry.js'

registerKind({
  kind: 'view',
  check(doc, set, report) {
    const view = doc as ViewDoc
    if (!set.entity(view.entity)) return report('/entity', `no entity "${view.entity}"`)
    view.columns.forEach((column, i) => {
      const problem = resolvePath(set, view.entity, column)
      if (typeof problem === 'string') report(`/columns/${i}`, problem)
    })
    view.sort?.forEach((s, i) => {
      const problem = resolvePath(set, view.entity, s.field)
      if (typeof problem === 'string') report(`/sort/${i}/field`, problem)
    })
    view.roles?.forEach((role, i) => {
      if (!set.get('role', role)) report(`/roles/${i}`, `no role "${role}"`)
    })
    if (view.filter) {
      for (const e of validateFilter(filterSchemaOf(set), view.entity, view.filter)) report(`/filter${e.pointer}`, e.message)
    }
  },
})
