import type { MetaDocument } from '#core/shared/metadata'
import type { MetadataSet } from '#core/metadata/set'
import type { ModuleKind } from '#core/modules/define'
import type { IvrDoc } from './types.js'

/** Categories of the request types in the set (a queue option names the category it serves). */
function categories(set: MetadataSet): Set<string> {
  return new Set(set.list<MetaDocument & { category?: string }>('request_type').flatMap((rt) => (rt.category ? [rt.category] : [])))
}

/**
 * IVR menus (kind `ivr`): every `goto` and `start` names a menu, a digit appears once per menu,
 * every menu is reachable from `start`, a queue option's category is one request types use,
 * and `request_status` has its prompt.
 */
export const ivrKind: ModuleKind = {
  kind: 'ivr',
  schema: 'schemas/ivr.schema.json',
  check(raw, set, report) {
    const doc = raw as IvrDoc
    const menus = doc.menus
    if (!menus[doc.start]) report('/start', `no menu "${doc.start}"`)
    const known = categories(set)
    for (const [id, menu] of Object.entries(menus)) {
      const seen = new Map<string, number>()
      menu.options.forEach((option, i) => {
        const at = `/menus/${id}/options/${i}`
        if (seen.has(option.digit)) report(`${at}/digit`, `digit "${option.digit}" is already option ${seen.get(option.digit)}`)
        else seen.set(option.digit, i)
        if (option.goto !== undefined && !menus[option.goto]) report(`${at}/goto`, `no menu "${option.goto}"`)
        if (option.category !== undefined && !known.has(option.category)) report(`${at}/category`, `no request type has category "${option.category}"`)
        if (option.service === 'request_status' && !doc.services?.request_status) report(`${at}/service`, 'request_status needs services.request_status.prompt')
      })
    }
    // a menu nobody can reach is a mistake (a forgotten goto), and so is a tree whose menus only loop
    const reached = new Set<string>()
    const queue = menus[doc.start] ? [doc.start] : []
    while (queue.length) {
      const id = queue.shift()!
      if (reached.has(id)) continue
      reached.add(id)
      for (const o of menus[id].options) if (o.goto && menus[o.goto]) queue.push(o.goto)
    }
    if (menus[doc.start]) {
      for (const id of Object.keys(menus)) if (!reached.has(id)) report(`/menus/${id}`, `menu "${id}" is not reachable from "${doc.start}"`)
      const exits = [...reached].some((id) => menus[id].options.some((o) => !o.goto))
      if (!exits) report('/menus', 'no option leaves the menus (every option is a goto): callers could only loop')
    }
  },
}
