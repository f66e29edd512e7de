import { codeFile } from './code_file.js'
import { readFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { sourceFolders, type SourceRoots } from '#core/metadata/loader'
import { appModuleFolders } from '#config/modules'
import { registerKind } from '#core/metadata/kinds/registry'
import { registerRecordHook } from '#core/records/hooks'
import { registerJobHandler } from '#core/jobs/index'
import { ajv, loadMetaSchemas } from '#core/validation/ajv'
import type { ModuleDefinition } from './define.js'
import { registerAction } from './actions.js'
import { declareModuleEvent } from './events.js'

/** A module as found on disk: its folder and, when it has code, its definition. */
export interface FoundModule {
  key: string
  folder: string
  definition: ModuleDefinition
}

/** A boot error of the module set (missing dependency, cycle, bad definition). */
export class ModuleLoadError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ModuleLoadError'
  }
}

const installed = new Map<string, FoundModule>()

/**
 * Loads every module (`modules/*`, VIKNO_EXTRA_MODULES, core/config/modules.ts): imports each
 * `server.ts`, whose default export is a `defineModule(...)`, orders them so a module comes
 * after those it depends on, and installs each (meta-schemas and kinds, hooks, jobs, actions,
 * events, then `setup`). A folder without `server.ts` is a metadata-only module keyed by its
 * folder name. Refuses a missing dependency or a cycle with a ModuleLoadError naming them.
 * Loaded before the metadata files, so the kinds they declare are known. Idempotent.
 */
export async function loadModules(roots: SourceRoots): Promise<FoundModule[]> {
  const found: FoundModule[] = []
  const cityPack = join(roots.root, 'seeds', roots.city)
  const folders = [
    ...appModuleFolders.map((f) => join(roots.root, f)),
    ...sourceFolders(roots)
      .slice(1)
      .filter((f) => f !== cityPack),
  ]
  for (const folder of folders) {
    const file = codeFile(folder, 'server')
    if (!file) {
      found.push({ key: basename(folder), folder, definition: { key: basename(folder) } })
      continue
    }
    const definition = (await import(pathToFileURL(file).href)).default as ModuleDefinition | undefined
    if (!definition || typeof definition.key !== 'string') {
      throw new ModuleLoadError(`${relative(roots.root, file)} must export default defineModule({ key, ... })`)
    }
    found.push({ key: definition.key, folder, definition })
  }
  const ordered = dependencyOrder(found)
  for (const module of ordered) await install(module)
  return ordered
}

/** Topological order, stable by folder order; throws on a missing dependency or a cycle. */
export function dependencyOrder(modules: FoundModule[]): FoundModule[] {
  const byKey = new Map<string, FoundModule>()
  for (const m of modules) {
    const other = byKey.get(m.key)
    if (other) throw new ModuleLoadError(`module key "${m.key}" is used by both ${other.folder} and ${m.folder}`)
    byKey.set(m.key, m)
  }
  for (const m of modules) {
    for (const dep of m.definition.dependsOn ?? []) {
      if (!byKey.has(dep)) throw new ModuleLoadError(`module "${m.key}" depends on "${dep}", which is not installed (modules: ${[...byKey.keys()].join(', ')})`)
    }
  }
  const out: FoundModule[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (m: FoundModule, path: string[]) => {
    if (state.get(m.key) === 'done') return
    if (state.get(m.key) === 'visiting') throw new ModuleLoadError(`modules depend on each other in a cycle: ${[...path.slice(path.indexOf(m.key)), m.key].join(' → ')}`)
    state.set(m.key, 'visiting')
    for (const dep of m.definition.dependsOn ?? []) visit(byKey.get(dep)!, [...path, m.key])
    state.set(m.key, 'done')
    out.push(m)
  }
  for (const m of modules) visit(m, [])
  return out
}

async function install(module: FoundModule) {
  if (installed.has(module.folder)) return
  installed.set(module.folder, module)
  const { key, kinds = [], hooks = [], jobs = {}, actions = {}, events = {}, setup } = module.definition
  loadMetaSchemas() // module meta-schemas refer to common.schema.json
  for (const kind of kinds) {
    const schema = JSON.parse(readFileSync(join(module.folder, kind.schema), 'utf8'))
    if (!ajv.getSchema(schema.$id)) ajv.addSchema(schema)
    registerKind({ kind: kind.kind, check: kind.check })
  }
  for (const { entity, hook } of hooks) registerRecordHook(entity, hook)
  for (const [queue, handler] of Object.entries(jobs)) registerJobHandler(queue, handler)
  for (const [name, action] of Object.entries(actions)) registerAction(key, name, action)
  for (const event of Object.keys(events)) declareModuleEvent(key, event)
  await setup?.()
}

/** The installed modules, in the order they were installed. */
export function installedModules(): FoundModule[] {
  return [...installed.values()]
}
